import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  encodeDeliveryLine,
  insertDeliveryLines,
  insertQoeEvents,
  migrateClickHouse,
  type TDeliveryRecord,
} from '@keten/db/clickhouse';
import { seed } from '@keten/db/seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TRpcResponse } from '../../test/harness';
import type { TSharingSignal } from './sharing-signals';

let api: Awaited<ReturnType<typeof startTestApi>>;
let mediaRoot: string;

beforeAll(async () => {
  mediaRoot = await mkdtemp(join(tmpdir(), 'keten-sharing-seed-'));
  api = await startTestApi();
  await migrateClickHouse(api.deps.clickhouse.client);
  await seed(api.prisma, { subscribers: 10, epgDaysEachSide: 1, mediaRoot });
}, 120_000);
afterAll(async () => {
  await api?.stop();
  await rm(mediaRoot, { recursive: true, force: true });
});

const signalsOf = (response: { body: TRpcResponse }) =>
  (response.body.result?.data.json as { signals: TSharingSignal[] } | undefined)?.signals ?? [];

describe('sharing and restreaming signals', () => {
  it('names each pattern in words with its numbers, and stays quiet for a household that just watches', async () => {
    const subscribers = await api.prisma.subscriber.findMany({
      where: { devices: { some: {} } },
      select: { id: true, maxConcurrentStreams: true, devices: { select: { id: true, serial: true } } },
      take: 2,
    });
    const [shared, quiet] = subscribers;
    if (!shared?.devices[0] || !quiet?.devices[0]) throw new Error('the seed gave no subscriber with boxes');
    await api.prisma.subscriber.update({ where: { id: shared.id }, data: { maxConcurrentStreams: 1 } });
    const box = shared.devices[0];
    const quietBox = quiet.devices[0];
    const now = Date.now();
    const base = (over: Partial<TDeliveryRecord>): TDeliveryRecord => ({
      time: now - 30 * 60_000,
      source: 'origin',
      edgeId: '',
      cacheStatus: 'ORIGIN',
      deviceId: box.id,
      subscriberId: shared.id,
      sessionId: '',
      channelId: 'npo-1',
      contentId: '',
      kind: 'live',
      object: 'segment',
      rendition: 'v0',
      path: 'v0/seg.ts',
      status: 200,
      errorCode: '',
      bytes: 100_000,
      ttfbMs: 2,
      durationMs: 5,
      clientIp: '203.0.113.1',
      bitrateKbps: 0,
      ...over,
    });
    const records: TDeliveryRecord[] = [];
    // The shared box: 5 minutes of three renditions pulled at once, from 4 addresses, with no CMCD session.
    for (let second = 0; second < 300; second += 2) {
      for (const rendition of ['v0', 'v1', 'v2']) {
        records.push(
          base({
            time: now - 30 * 60_000 + second * 1000,
            rendition,
            clientIp: `203.0.113.${((second / 2) % 4) + 1}`,
          }),
        );
      }
    }
    // A second device id on the same account fetching playlists in the same minute (over the limit of 1), and a
    // refusal the origin answered with CONCURRENCY_LIMIT.
    const minute = now - 30 * 60_000;
    records.push(base({ time: minute, object: 'playlist', path: 'v0/index.m3u8' }));
    records.push(
      base({ time: minute + 1000, object: 'playlist', deviceId: shared.devices[1]?.id ?? 'cother' }),
    );
    records.push(
      base({
        time: minute + 2000,
        object: 'playlist',
        status: 409,
        errorCode: 'CONCURRENCY_LIMIT',
        deviceId: 'cthird',
      }),
    );
    // The quiet box: one rendition, one address, every segment in a session that sent beacons.
    for (let second = 0; second < 300; second += 2) {
      records.push(
        base({
          time: now - 20 * 60_000 + second * 1000,
          deviceId: quietBox.id,
          subscriberId: quiet.id,
          sessionId: 'quiet-session',
          clientIp: '192.0.2.50',
        }),
      );
    }
    const outcome = await insertDeliveryLines(
      api.deps.clickhouse.client,
      records.map((record) => encodeDeliveryLine(record, now)).join(''),
    );
    expect(outcome.refused).toEqual([]);
    await insertQoeEvents(api.deps.clickhouse.client, [
      {
        deviceId: quietBox.id,
        sessionId: 'quiet-session',
        seq: 0,
        eventType: 'attempt',
        eventTime: now - 20 * 60_000,
      },
    ]);

    const response = await api.trpc(
      'delivery.sharingSignals',
      { subscriberId: shared.id },
      { role: 'SUPPORT' },
    );
    expect(response.status).toBe(200);
    const signals = signalsOf(response);
    const byKind = Object.fromEntries(signals.map((signal) => [signal.kind, signal]));
    expect(Object.keys(byKind).sort()).toEqual([
      'many_addresses',
      'no_beacons',
      'over_limit',
      'parallel_renditions',
    ]);
    expect(byKind.many_addresses?.explanation).toMatch(
      new RegExp(`^Box ${box.serial} fetched media from 4 different addresses in the last 24 h`),
    );
    expect(byKind.over_limit?.explanation).toContain('(the account allows 1)');
    expect(byKind.over_limit?.explanation).toContain('refused 1 playlist request(s) with CONCURRENCY_LIMIT');
    expect(byKind.parallel_renditions?.explanation).toContain('up to 3');
    // 5 minutes are 30 or 31 windows, as the first one starts on the clock.
    expect(byKind.parallel_renditions?.explanation).toMatch(/100% of its 3[01] ten-second windows/);
    expect(byKind.no_beacons?.explanation).toContain('Of 450 segment requests');
    expect(byKind.no_beacons?.explanation).toContain('450 (100%) belong to no playback session');

    const calm = await api.trpc('delivery.sharingSignals', { subscriberId: quiet.id }, { role: 'SUPPORT' });
    expect(signalsOf(calm)).toEqual([]);
    const missing = await api.trpc(
      'delivery.sharingSignals',
      { subscriberId: 'cnosuchsubscriber' },
      { role: 'SUPPORT' },
    );
    expect(missing.status).toBe(404);
  });
});
