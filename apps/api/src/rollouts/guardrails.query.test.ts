import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createClickHouse,
  insertQoeEvents,
  migrateClickHouse,
  type TKetenClickHouse,
  type TQoeEventInput,
} from '@keten/db/clickhouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armValues } from './guardrails';
import { compareSeries, waveArmsRaw } from './guardrails.query';

const HOUR = 3_600_000;
const T0 = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
const TO = T0 + HOUR;
const MODEL = 'kaon-kstb6077';
const at = (ms: number) => new Date(ms);

type TEventBody = Omit<
  TQoeEventInput,
  'deviceId' | 'boxModel' | 'firmware' | 'sessionId' | 'seq' | 'eventTime'
>;

/** One session's events: [ms after start, event] pairs, numbered in order. */
function session(
  id: string,
  box: { deviceId: string; firmware: string; boxModel?: string },
  start: number,
  events: [number, TEventBody][],
): TQoeEventInput[] {
  return events.map(([after, body], seq) => ({
    boxModel: MODEL,
    subscriberId: `sub-${box.deviceId}`,
    channelId: 'npo1',
    ...box,
    ...body,
    sessionId: id,
    seq,
    eventTime: at(start + after),
  }));
}

const t1 = { deviceId: 't1', firmware: '2.0.0' };
const t2 = { deviceId: 't2', firmware: '2.0.0' };
const t3 = { deviceId: 't3', firmware: '2.0.0' };
const c1 = { deviceId: 'c1', firmware: '1.9.4' };
const c2 = { deviceId: 'c2', firmware: '1.9.4' };
const fatalStart = {
  eventType: 'error',
  errorCode: 'MANIFEST_TIMEOUT',
  fatal: true,
  beforeFirstFrame: true,
} as const;

// Treatment (2.0.0): s1 plays 38 s with a 2 s stall; s2 fails to start; s3 meets an error, then a fatal one;
// x2 starts 10 s before the window's end (its heartbeat after it is not read). Control (1.9.4): c1 plays 60 s;
// c2 leaves before the picture. Not read: a session that started before the window, another model's session.
function fixture(): TQoeEventInput[] {
  const s3 = session('s3', t2, T0 + 40 * 60_000, [
    [0, { eventType: 'attempt' }],
    [900, { eventType: 'first_frame', startMs: 900 }],
    [5_000, { eventType: 'error', errorCode: 'SEGMENT_404' }],
    [30_900, { eventType: 'heartbeat', playingMs: 30_000 }],
    [35_900, { eventType: 'error', errorCode: 'DECODER_ERROR', fatal: true }],
    [35_900, { eventType: 'end', playingMs: 5_000, fatal: true }],
  ]);
  return [
    ...session('s1', t1, T0 + 60_000, [
      [0, { eventType: 'attempt' }],
      [1_000, { eventType: 'first_frame', startMs: 1_000 }],
      [10_000, { eventType: 'stall_start' }],
      [12_000, { eventType: 'stall_end', stallMs: 2_000 }],
      [31_000, { eventType: 'heartbeat', playingMs: 28_000 }],
      [41_000, { eventType: 'end', playingMs: 10_000 }],
    ]),
    ...session('s2', t1, T0 + 2 * 60_000, [
      [0, { eventType: 'attempt' }],
      [3_000, fatalStart],
      [3_000, { eventType: 'end', fatal: true, beforeFirstFrame: true }],
    ]),
    ...s3,
    // The box resent its heartbeat: one row once merged (FINAL).
    ...s3
      .filter((event) => event.eventType === 'heartbeat')
      .map((event) => ({ ...event, receivedAt: at(TO) })),
    ...session('x2', t3, TO - 10_000, [
      [0, { eventType: 'attempt' }],
      [1_000, { eventType: 'first_frame', startMs: 1_000 }],
      [30_000, { eventType: 'heartbeat', playingMs: 29_000 }],
    ]),
    ...session('c1', c1, T0 + 5 * 60_000, [
      [0, { eventType: 'attempt' }],
      [800, { eventType: 'first_frame', startMs: 800 }],
      [30_800, { eventType: 'heartbeat', playingMs: 30_000 }],
      [60_800, { eventType: 'end', playingMs: 30_000 }],
    ]),
    ...session('c2', c2, T0 + 35 * 60_000, [
      [0, { eventType: 'attempt' }],
      [1_500, { eventType: 'end', beforeFirstFrame: true }],
    ]),
    ...session('before', c1, T0 - 60_000, [
      [0, { eventType: 'attempt' }],
      [500, { eventType: 'first_frame', startMs: 500 }],
      [90_000, fatalStart],
    ]),
    ...session('other-model', { ...t1, deviceId: 'o1', boxModel: 'arris-vip1113' }, T0 + 60_000, [
      [0, { eventType: 'attempt' }],
      [3_000, fatalStart],
    ]),
  ];
}

let dataDir: string;
let clickhouse: TKetenClickHouse;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'keten-guardrails-query-'));
  clickhouse = await createClickHouse({ dataDir, database: 'guardrails_query' });
  await migrateClickHouse(clickhouse.client);
  await insertQoeEvents(clickhouse.client, fixture());
});
afterAll(async () => {
  await clickhouse?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const window = { boxModel: MODEL, targetFirmware: '2.0.0', from: at(T0), to: at(TO) };

describe('waveArmsRaw', () => {
  it('sums the wave’s sessions against the model’s other firmware, sessions started in the window only', async () => {
    const { treatment, control } = await waveArmsRaw(clickhouse, window);
    expect(treatment).toEqual({
      attempts: 4,
      videoStartFailures: 1,
      plays: 3,
      playbackFailures: 1,
      erroredAttempts: 2,
      // s1: 2 s stalled of 40 s; s3: 35 s played (the resent heartbeat once); x2's heartbeat is after the window.
      rebuffering: {
        n: 2,
        sumS: 2_000,
        sumD: 75_000,
        sumSS: 4_000_000,
        sumDD: 40_000 ** 2 + 35_000 ** 2,
        sumSD: 2_000 * 40_000,
      },
      devices: 3,
    });
    expect(control).toEqual({
      attempts: 2,
      videoStartFailures: 0,
      plays: 1,
      playbackFailures: 0,
      erroredAttempts: 0,
      rebuffering: { n: 1, sumS: 0, sumD: 60_000, sumSS: 0, sumDD: 60_000 ** 2, sumSD: 0 },
      devices: 2,
    });
    expect(armValues(treatment)).toEqual({
      vsf: 0.25,
      vpf: 1 / 3,
      rebufferingRatio: 2_000 / 75_000,
      errorRate: 0.5,
    });
  });

  it('gives empty arms for a model or window without sessions', async () => {
    const { treatment, control } = await waveArmsRaw(clickhouse, { ...window, boxModel: 'nokia-sb8000' });
    expect(treatment.attempts).toBe(0);
    expect(control.attempts).toBe(0);
    expect(armValues(treatment)).toEqual({ vsf: null, vpf: null, rebufferingRatio: null, errorRate: null });
  });
});

describe('compareSeries', () => {
  it('gives both arms per bucket of session start, empty buckets included', async () => {
    const points = await compareSeries(clickhouse, { ...window, to: at(TO + HOUR), stepSeconds: 1800 });
    expect(points.map((point) => point.at.getTime())).toEqual([
      T0,
      T0 + HOUR / 2,
      T0 + HOUR,
      T0 + 1.5 * HOUR,
    ]);
    expect(points.map((point) => [point.treatment.attempts, point.control.attempts])).toEqual([
      [2, 1],
      [2, 1],
      [0, 0],
      [0, 0],
    ]);
    expect(points[0]?.treatment.videoStartFailures).toBe(1);
    expect(points[1]?.treatment.playbackFailures).toBe(1);
  });
});
