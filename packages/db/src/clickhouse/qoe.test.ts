import { afterAll, describe, expect, it } from 'vitest';
import { migrateClickHouse } from './migrate/migrate';
import { insertQoeEvents } from './qoe/insert-qoe-events';
import type { TQoeEventInput } from './qoe/qoe-event.schema';
import { qoeMinuteSummary } from './qoe/qoe-minute-summary';
import { createTestClickHouse, queryRows } from './test-support';

const ch = createTestClickHouse();
afterAll(() => ch.dispose());

async function migrated(database: string) {
  const client = await ch.open(database);
  await migrateClickHouse(client);
  return client;
}

const box = {
  deviceId: 'dev-1',
  subscriberId: 'sub-1',
  boxModel: 'KT-200',
  firmware: '4.1.0',
  channelId: 'ch-1',
};
// Two hours ago on the hour: old enough to be whole minutes, young enough for the 90-day TTL.
const base = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000;
const at = (minute: number, second: number) => new Date(base + minute * 60_000 + second * 1000);
const minuteIso = (minute: number) => at(minute, 0).toISOString().replace('.000Z', 'Z');

/** One session's events, seq in order; `extra` overrides per event. */
function session(sessionId: string, region: string, events: Partial<TQoeEventInput>[]): TQoeEventInput[] {
  return events.map((extra, seq) => ({
    ...box,
    region,
    sessionId,
    seq,
    eventTime: at(0, seq),
    eventType: 'heartbeat',
    ...extra,
  }));
}

// 10:00 north: 4 attempts, 3 first frames (800/1200/2000 ms), 1 VSF, 2 zaps, 1000 ms stall over 9000 ms playing.
// 10:01 south: 1 attempt abandoned before its first frame (EBVS).
const events: TQoeEventInput[] = [
  ...session('s1', 'north', [
    { eventType: 'attempt' },
    { eventType: 'first_frame', startMs: 800 },
    { eventType: 'heartbeat', playingMs: 4000 },
    { eventType: 'stall_start' },
    { eventType: 'stall_end', stallMs: 1000 },
    { eventType: 'end', playingMs: 5000 },
  ]),
  ...session('s2', 'north', [
    { eventType: 'attempt' },
    { eventType: 'first_frame', startMs: 1200 },
    { eventType: 'zap', zapMs: 1500 },
  ]),
  ...session('s3', 'north', [
    { eventType: 'attempt' },
    { eventType: 'first_frame', startMs: 2000 },
    { eventType: 'zap', zapMs: 2500 },
  ]),
  ...session('s4', 'north', [
    { eventType: 'attempt' },
    // Startup stall: not rebuffering.
    { eventType: 'stall_end', stallMs: 700, beforeFirstFrame: true },
    {
      eventType: 'error',
      fatal: true,
      beforeFirstFrame: true,
      errorCode: 'NET_TIMEOUT',
      errorLayer: 'network',
    },
    { eventType: 'end', fatal: true, beforeFirstFrame: true },
  ]),
  ...session('s5', 'south', [
    { eventType: 'attempt', eventTime: at(1, 0) },
    { eventType: 'end', eventTime: at(1, 5), beforeFirstFrame: true },
  ]),
];

describe('QoE rollup', () => {
  it('computes the DESIGN definitions per minute', async () => {
    const client = await migrated('qoe_rollup');
    expect(await insertQoeEvents(client, events)).toEqual({ inserted: events.length });

    const minutes = await qoeMinuteSummary(client, { from: at(0, 0), to: at(2, 0) });
    expect(minutes).toHaveLength(2);
    const [first, second] = minutes;
    expect(first).toMatchObject({
      minute: minuteIso(0),
      boxModel: null,
      attempts: 4,
      firstFrames: 3,
      zaps: 2,
      videoStartFailures: 1,
      exitsBeforeVideoStart: 0,
      playbackFailures: 0,
      errors: 1,
      stallMs: 1000,
      playingMs: 9000,
      vsfRate: 0.25,
      ebvsRate: 0,
      vpfRate: 0,
    });
    expect(first?.rebufferingRatio).toBeCloseTo(0.1, 10);
    expect(first?.videoStartTimeP50).toBeGreaterThanOrEqual(1000);
    expect(first?.videoStartTimeP50).toBeLessThanOrEqual(1400);
    expect(first?.videoStartTimeP95).toBeGreaterThanOrEqual(1600);
    expect(first?.videoStartTimeP95).toBeLessThanOrEqual(2000);
    expect(first?.zapTimeP95).toBeGreaterThanOrEqual(2000);
    expect(first?.zapTimeP95).toBeLessThanOrEqual(2500);
    expect(second).toMatchObject({
      minute: minuteIso(1),
      attempts: 1,
      exitsBeforeVideoStart: 1,
      ebvsRate: 1,
      videoStartTimeP50: null,
      zapTimeP95: null,
      rebufferingRatio: null,
      vpfRate: null,
    });
  });

  it('splits by the requested dimensions and keeps [from, to)', async () => {
    const client = await migrated('qoe_group_by');
    await insertQoeEvents(client, events);
    const minutes = await qoeMinuteSummary(client, {
      from: at(0, 30),
      to: at(1, 0),
      groupBy: ['region', 'boxModel'],
    });
    expect(minutes.map((m) => [m.minute, m.region, m.boxModel, m.firmware, m.attempts])).toEqual([
      [minuteIso(0), 'north', 'KT-200', null, 4],
    ]);
  });

  it('collapses a resent event in the raw table', async () => {
    const client = await migrated('qoe_resent');
    const [attempt] = events;
    if (!attempt) throw new Error('no events');
    await insertQoeEvents(client, [{ ...attempt, receivedAt: at(2, 0) }]);
    await insertQoeEvents(client, [{ ...attempt, receivedAt: at(5, 0) }]);
    const [row] = await queryRows(
      client,
      'SELECT count() AS n, max(received_at) AS r FROM qoe_events_v1 FINAL',
    );
    expect(row).toEqual({ n: 1, r: at(5, 0).toISOString().replace('T', ' ').replace('Z', '') });
  });
});

describe('QoE row validation', () => {
  it('rejects the whole batch and names the field', async () => {
    const client = await migrated('qoe_invalid');
    const [valid] = events;
    const bad = { ...valid, seq: -1 } as TQoeEventInput;
    await expect(insertQoeEvents(client, [valid as TQoeEventInput, bad])).rejects.toMatchObject({
      code: 'QOE_EVENT_INVALID',
      field: 'rows[1].seq',
    });
    const [row] = await queryRows(client, 'SELECT count() AS n FROM qoe_events_v1');
    expect(row?.n).toBe(0);
  });

  it('needs an error code on error events', async () => {
    const client = await migrated('qoe_error_code');
    const error = { ...events[0], eventType: 'error', fatal: true } as TQoeEventInput;
    await expect(insertQoeEvents(client, [error])).rejects.toMatchObject({ field: 'rows[0].errorCode' });
  });

  it('rejects an unknown event type and a bad summary range', async () => {
    const client = await migrated('qoe_bad_input');
    const odd = { ...events[0], eventType: 'pause' } as unknown as TQoeEventInput;
    await expect(insertQoeEvents(client, [odd])).rejects.toMatchObject({ field: 'rows[0].eventType' });
    await expect(qoeMinuteSummary(client, { from: at(1, 0), to: at(0, 0) })).rejects.toMatchObject({
      code: 'QOE_QUERY_INVALID',
      field: 'to',
    });
  });
});
