import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateClickHouse } from '../migrate/migrate';
import { insertQoeEvents } from '../qoe/insert-qoe-events';
import { createTestClickHouse } from '../test-support';
import { encodeDeliveryLine, insertDeliveryLines, type TDeliveryRecord } from './delivery-line';
import { readDeliveryByEdge, readSessionDeliveries } from './delivery-read';

const ch = createTestClickHouse();
afterAll(() => ch.dispose());
const now = Date.now();
const at = now - 10 * 60_000;

const record = (over: Partial<TDeliveryRecord>): TDeliveryRecord => ({
  time: at,
  source: 'edge',
  edgeId: 'ams-1',
  cacheStatus: 'HIT',
  deviceId: 'dev-a',
  subscriberId: 'sub-a',
  sessionId: '',
  channelId: 'npo-1',
  contentId: '',
  kind: 'live',
  object: 'segment',
  rendition: 'v0',
  path: 'v0/seg1.ts',
  status: 200,
  errorCode: '',
  bytes: 1000,
  ttfbMs: 5,
  durationMs: 20,
  clientIp: '203.0.113.7',
  bitrateKbps: 0,
  ...over,
});

describe('delivery records', () => {
  let client: Awaited<ReturnType<typeof ch.open>>;
  beforeAll(async () => {
    client = await ch.open('delivery');
    await migrateClickHouse(client);
  });

  it('reads hit ratio, errors, TTFB p95 and bytes per edge next to the QoE of the sessions each served', async () => {
    const records = [
      // ams-1: 3 hits and a miss, one 404, session s-good
      ...[1, 2, 3].map((i) => record({ sessionId: 's-good', ttfbMs: i, bytes: 1000 })),
      record({ sessionId: 's-good', cacheStatus: 'MISS', ttfbMs: 100, bytes: 1000 }),
      record({ cacheStatus: 'MISS', status: 404, bytes: 0, ttfbMs: 2 }),
      // fra-2: all misses, a stalling session
      ...[1, 2].map(() => record({ edgeId: 'fra-2', cacheStatus: 'MISS', sessionId: 's-bad', ttfbMs: 300 })),
      // the origin answering a box directly
      record({ edgeId: '', cacheStatus: 'ORIGIN', source: 'origin', sessionId: 's-direct' }),
    ];
    const outcome = await insertDeliveryLines(
      client,
      records.map((r) => encodeDeliveryLine(r, now)).join(''),
    );
    expect(outcome).toMatchObject({ stored: 8, refused: [] });
    const base = { deviceId: 'dev-a', channelId: 'npo-1', eventTime: at };
    await insertQoeEvents(client, [
      { ...base, sessionId: 's-good', seq: 0, eventType: 'first_frame', startMs: 800 },
      { ...base, sessionId: 's-good', seq: 1, eventType: 'heartbeat', playingMs: 10_000 },
      { ...base, sessionId: 's-bad', seq: 0, eventType: 'first_frame', startMs: 3000 },
      { ...base, sessionId: 's-bad', seq: 1, eventType: 'stall_end', stallMs: 5000 },
      { ...base, sessionId: 's-bad', seq: 2, eventType: 'heartbeat', playingMs: 5000 },
    ]);

    const rows = await readDeliveryByEdge(client, { from: now - 3600_000, to: now, group: 'edge', edge: '' });
    const ams = rows.find((row) => row.key === 'ams-1');
    const fra = rows.find((row) => row.key === 'fra-2');
    const direct = rows.find((row) => row.key === '');
    expect(ams).toMatchObject({ requests: 5, hitRatio: 3 / 5, errorRate: 1 / 5, bytes: 4000, sessions: 1 });
    expect(ams?.ttfbP95Ms).toBeGreaterThan(50);
    expect(ams?.qoe).toMatchObject({ sessions: 1, rebufferingRatio: 0, startTimeP50Ms: 800 });
    expect(fra).toMatchObject({ requests: 2, hitRatio: 0, errorRate: 0 });
    expect(fra?.qoe.rebufferingRatio).toBeCloseTo(0.5);
    expect(direct).toMatchObject({ requests: 1, hitRatio: null });

    const byChannel = await readDeliveryByEdge(client, {
      from: now - 3600_000,
      to: now,
      group: 'rendition',
      edge: 'ams-1',
    });
    expect(byChannel.map((row) => [row.key, row.requests])).toEqual([['v0', 5]]);

    const session = await readSessionDeliveries(client, 's-bad');
    expect(session.map((row) => [row.edge_id, row.cache_status])).toEqual([
      ['fra-2', 'MISS'],
      ['fra-2', 'MISS'],
    ]);
  });
});
