import type { ClickHouseClient } from '@clickhouse/client';
import type { TQoeFilters } from '@keten/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateClickHouse } from './migrate/migrate';
import { insertQoeEvents } from './qoe/insert-qoe-events';
import type { TQoeEventInput } from './qoe/qoe-event.schema';
import { qoeConcurrencyCounts, readQoeConcurrency } from './qoe-read/qoe-concurrency';
import { countQoeConcurrency, pendingQoeConcurrencyMinutes } from './qoe-read/qoe-concurrency-count';
import { readQoeErrors } from './qoe-read/qoe-errors';
import { qoeValues } from './qoe-read/qoe-metrics';
import { planQoeRange, type TQoeResolution } from './qoe-read/qoe-plan';
import { readQoeRollup } from './qoe-read/qoe-rollup-read';
import {
  QOE_ROLLUP_FAMILIES,
  qoeRollupFamily,
  type TQoeRollupFamily,
  wholeQoeDays,
} from './qoe-read/qoe-rollup-source';
import { readQoeSessions } from './qoe-read/qoe-sessions';
import { createTestClickHouse } from './test-support';

const ch = createTestClickHouse();
let client: ClickHouseClient;

// An hour that began three hours ago: whole minutes, inside the 90-day TTL. The fixture sits at hour + 10 min.
const HOUR = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000;
const T0 = HOUR + 10 * 60_000;
const at = (seconds: number) => new Date(T0 + seconds * 1000);

const boxes = {
  d1: { deviceId: 'd1', subscriberId: 'sub1', boxModel: 'A', firmware: '1.0', region: 'north' },
  d2: { deviceId: 'd2', subscriberId: 'sub2', boxModel: 'A', firmware: '2.0', region: 'south' },
  d3: { deviceId: 'd3', subscriberId: 'sub1', boxModel: 'B', firmware: '1.0', region: 'north' },
};

/** One session's events, seq in order: [second after T0, event fields]. */
function session(
  sessionId: string,
  box: keyof typeof boxes,
  channelId: string,
  events: [number, Partial<TQoeEventInput>][],
): TQoeEventInput[] {
  return events.map(([second, extra], seq) => ({
    ...boxes[box],
    appVersion: '5.0',
    cdnEdge: box === 'd2' ? 'edge-2' : 'edge-1',
    channelId,
    sessionId,
    seq,
    eventTime: at(second),
    eventType: 'heartbeat',
    ...extra,
  }));
}

// Hand-computed, minute M0 = [T0, T0+60 s), M1 = [T0+60 s, T0+120 s):
// attempts 5 (s1–s5); plays 3 (s1 400 ms, s2 800 ms, s5 600 ms → VST p50 600, p95 800);
// zap 1 (s2: key press → first frame 1200 ms, while its attempt → first frame is 800 ms);
// VSF 1 (s3: fatal error before the first frame) → 1/5; EBVS 1 (s4: left before a first frame, no error) → 1/5;
// VPF 1 (s5: fatal error after its first frame) → 1/3 plays;
// rebuffering: stalls after the first frame 1000 ms (s1; its 5000 ms startup stall does not count)
//   over playing 9000 + 10000 (s1) + 20000 + 5000 (s2) + 3000 (s5) = 47000 ms → 1000 / 48000;
// concurrent plays: M0 d1 (s1, then s2 after its zap: once) and d3 → 2; M1 d1 → 1.
const fixture: TQoeEventInput[] = [
  ...session('s1', 'd1', 'ch1', [
    [0, { eventType: 'attempt' }],
    [0.2, { eventType: 'stall_start', beforeFirstFrame: true }],
    [0.3, { eventType: 'stall_end', stallMs: 5000, beforeFirstFrame: true }],
    [0.4, { eventType: 'first_frame', startMs: 400 }],
    [10, { eventType: 'error', errorCode: 'BUFFER_LOW', errorLayer: 'player', fatal: false }],
    [19, { eventType: 'stall_start' }],
    [20, { eventType: 'stall_end', stallMs: 1000 }],
    [30, { eventType: 'heartbeat', playingMs: 9000 }],
    [50, { eventType: 'end', playingMs: 10000 }],
  ]),
  ...session('s2', 'd1', 'ch2', [
    [51, { eventType: 'attempt' }],
    [51.8, { eventType: 'first_frame', startMs: 800 }],
    [51.8, { eventType: 'zap', zapMs: 1200 }],
    [80, { eventType: 'heartbeat', playingMs: 20000 }],
    [100, { eventType: 'end', playingMs: 5000 }],
  ]),
  ...session('s3', 'd2', 'ch1', [
    [5, { eventType: 'attempt' }],
    [
      9,
      {
        eventType: 'error',
        errorCode: 'NET_TIMEOUT',
        errorLayer: 'network',
        fatal: true,
        beforeFirstFrame: true,
      },
    ],
    [9, { eventType: 'end', fatal: true, beforeFirstFrame: true }],
  ]),
  ...session('s4', 'd2', 'ch1', [
    [20, { eventType: 'attempt' }],
    [23, { eventType: 'end', beforeFirstFrame: true }],
  ]),
  ...session('s5', 'd3', 'ch1', [
    [30, { eventType: 'attempt' }],
    [30.6, { eventType: 'first_frame', startMs: 600 }],
    [33, { eventType: 'error', errorCode: 'DECODE', errorLayer: 'decode', fatal: true }],
    [33, { eventType: 'end', fatal: true, playingMs: 3000 }],
  ]),
];

beforeAll(async () => {
  client = await ch.open('qoe_read');
  await migrateClickHouse(client);
  await insertQoeEvents(client, fixture);
});
afterAll(() => ch.dispose());

const hourRange = { from: new Date(HOUR), to: new Date(HOUR + 3_600_000) };

/** The whole of [from, to) as one bucket, read from the minute or the hour rollup. */
async function totals(filters: TQoeFilters = {}, resolution: TQoeResolution = 'minute') {
  const plan = planQoeRange(hourRange.from, hourRange.to, resolution);
  const rows = await readQoeRollup(client, {
    ...plan,
    origin: plan.from,
    bucketSeconds: plan.to - plan.from,
    filters,
  });
  expect(rows.length).toBeLessThanOrEqual(1);
  const [row] = rows;
  if (!row) throw new Error('no rows');
  return { sums: row, values: qoeValues(row) };
}

describe('QoE metrics on hand-computed fixtures', () => {
  it('attempts and plays', async () => {
    const { values } = await totals();
    expect(values.attempts).toBe(5);
    expect(values.plays).toBe(3);
  });

  it('video start time p50/p95: attempt → first frame, over plays only', async () => {
    const { values } = await totals();
    expect(values.videoStartTimeP50).toBe(600);
    expect(values.videoStartTimeP95).toBe(800);
  });

  it('zap time p50/p95 is from the key press (zapMs), not from the attempt', async () => {
    const { values } = await totals();
    expect(values.zapTimeP50).toBe(1200);
    expect(values.zapTimeP95).toBe(1200);
  });

  it('rebuffering ratio: stalls before the first frame are not rebuffering', async () => {
    const { sums, values } = await totals();
    expect(sums.stalls).toBe(1);
    expect(sums.stallMs).toBe(1000);
    expect(sums.playingMs).toBe(47_000);
    expect(values.rebufferingRatio).toBeCloseTo(1000 / 48_000, 12);
  });

  it('VSF and EBVS are told apart: a fatal start is a VSF only, an abandoned start an EBVS only', async () => {
    const { sums, values } = await totals();
    expect(sums.videoStartFailures).toBe(1);
    expect(sums.exitsBeforeVideoStart).toBe(1);
    expect(values.vsfRate).toBeCloseTo(1 / 5, 12);
    expect(values.ebvsRate).toBeCloseTo(1 / 5, 12);
    // s3 alone (firmware 2.0 on d2 has s3 and s4): one of each, never both for one session.
    const onlyD2 = await totals({ firmware: ['2.0'], boxModel: ['A'] });
    expect([onlyD2.sums.videoStartFailures, onlyD2.sums.exitsBeforeVideoStart]).toEqual([1, 1]);
  });

  it('VPF: fatal errors after the first frame per play; a non-fatal error is not one', async () => {
    const { sums, values } = await totals();
    expect(sums.errors).toBe(3);
    expect(sums.playbackFailures).toBe(1);
    expect(values.vpfRate).toBeCloseTo(1 / 3, 12);
  });

  it('concurrent plays count a box once per minute, across its channel switch', async () => {
    const plan = planQoeRange(hourRange.from, hourRange.to, 'minute');
    const read = (filters: TQoeFilters) =>
      readQoeConcurrency(client, {
        ...plan,
        origin: T0 / 1000,
        bucketSeconds: 60,
        sampleSeconds: 60,
        filters,
      });
    expect((await read({})).map(({ bucket, peak }) => [bucket, peak])).toEqual([
      [0, 2],
      [1, 1],
    ]);
    // Split by channel the switching box is on both channels in M0, each once.
    expect((await read({ channelId: ['ch1'] })).map(({ peak }) => peak)).toEqual([2]);
    expect((await read({ channelId: ['ch2'] })).map(({ peak }) => peak)).toEqual([1, 1]);
  });

  it('concurrent plays count a channel switch once: the counts and the per-box rows give the same figures', async () => {
    const plan = planQoeRange(hourRange.from, hourRange.to, 'minute');
    const read = (
      filters: TQoeFilters,
      source: 'auto' | 'boxes',
      dimension?: 'channelId' | 'boxModel',
      values?: string[],
    ) =>
      readQoeConcurrency(client, {
        ...plan,
        origin: T0 / 1000,
        bucketSeconds: 60,
        sampleSeconds: 60,
        filters,
        dimension,
        values,
        source,
      });
    const reads: [TQoeFilters, 'channelId' | 'boxModel' | undefined, string[] | undefined][] = [
      [{}, undefined, undefined],
      [{ channelId: ['ch1'] }, undefined, undefined],
      [{ channelId: ['ch2'] }, undefined, undefined],
      [{ boxModel: ['A'] }, undefined, undefined],
      [{}, 'channelId', undefined],
      [{}, 'boxModel', ['B']],
      [{ channelId: ['ch2'] }, 'channelId', undefined],
      // Not answerable from single-dimension counts: the per-box rows answer these on both paths.
      [{ channelId: ['ch1', 'ch2'] }, undefined, undefined],
      [{ boxModel: ['A'], firmware: ['1.0'] }, undefined, undefined],
    ];
    const byBoxes = [];
    for (const [filters, dimension, values] of reads)
      byBoxes.push(await read(filters, 'boxes', dimension, values));
    // The fixture's minutes are closed: the job's step counts them once.
    const pending = await pendingQoeConcurrencyMinutes(client, {
      after: 0,
      before: Math.floor(Date.now() / 60_000) * 60,
      limit: 100,
    });
    expect(pending).toEqual([T0 / 1000, T0 / 1000 + 60]);
    await countQoeConcurrency(client, pending, 0);
    const counted = await client.query({
      query: `SELECT dimension, value, toUnixTimestamp(minute) - ${T0 / 1000} AS at, max(playing) AS n
        FROM qoe_concurrency_count_v1 WHERE dimension IN ('', 'channel_id')
        GROUP BY dimension, value, minute ORDER BY dimension, value, minute`,
      format: 'JSONEachRow',
    });
    // Fleet: M0 d1 (ch1, then ch2 after its zap: once) and d3 → 2, M1 d1 → 1; per channel d1 once on each.
    expect(await counted.json()).toEqual([
      { dimension: '', value: '', at: 0, n: 2 },
      { dimension: '', value: '', at: 60, n: 1 },
      { dimension: 'channel_id', value: 'ch1', at: 0, n: 2 },
      { dimension: 'channel_id', value: 'ch2', at: 0, n: 1 },
      { dimension: 'channel_id', value: 'ch2', at: 60, n: 1 },
    ]);
    for (const [index, [filters, dimension, values]] of reads.entries()) {
      expect(qoeConcurrencyCounts({ filters, dimension, values }) !== null).toBe(index < 7);
      expect(await read(filters, 'auto', dimension, values)).toEqual(byBoxes[index]);
    }
    expect(byBoxes[0]?.map(({ bucket, peak }) => [bucket, peak])).toEqual([
      [0, 2],
      [1, 1],
    ]);
    // Counting again changes nothing.
    await countQoeConcurrency(client, pending, 0);
    for (const [index, [filters, dimension, values]] of reads.entries())
      expect(await read(filters, 'auto', dimension, values)).toEqual(byBoxes[index]);
  });

  it('filters stack: across dimensions all must match, within one any value', async () => {
    expect((await totals({ boxModel: ['A'] })).values.attempts).toBe(4);
    expect((await totals({ boxModel: ['A'], firmware: ['2.0'] })).values).toMatchObject({
      attempts: 2,
      plays: 0,
      vsfRate: 0.5,
      ebvsRate: 0.5,
    });
    expect((await totals({ boxModel: ['A'], firmware: ['1.0', '2.0'] })).values.attempts).toBe(4);
    expect(
      (await totals({ region: ['north'], channelId: ['ch1'], cdnEdge: ['edge-1'] })).values,
    ).toMatchObject({
      attempts: 2,
      plays: 2,
      videoStartTimeP50: 400,
    });
    expect((await totals({ appVersion: ['5.0'], firmware: ['1.0'] })).values.attempts).toBe(3);
    await expect(totals({ boxModel: ['A'], channelId: ['ch9'] })).rejects.toThrow('no rows');
  });

  it('the hourly and the minute rollup agree on the same hours', async () => {
    for (const filters of [{}, { boxModel: ['A'] }, { channelId: ['ch1'], region: ['north'] }]) {
      const byMinute = await totals(filters, 'minute');
      const byHour = await totals(filters, 'hour');
      expect(byHour.values).toEqual(byMinute.values);
      expect(byHour.sums.stallMs).toBe(byMinute.sums.stallMs);
    }
    // Beyond 6 hours the plan reads the hourly rollup.
    expect(planQoeRange(new Date(HOUR - 86_400_000), new Date(HOUR)).resolution).toBe('hour');
    expect(planQoeRange(new Date(HOUR - 6 * 3_600_000), new Date(HOUR)).resolution).toBe('minute');
    expect(planQoeRange(new Date(HOUR - 3_600_000), new Date(HOUR)).resolution).toBe('minute');
  });

  it('the daily, hourly and minute paths and the narrower rollups give the same figures', async () => {
    const DAY = 86_400;
    const day = Math.floor(HOUR / 1000 / DAY) * DAY;
    // [day, day + 1 d) as one bucket: the whole day is read from a day table, or (wholeDays off) from its hours.
    const read = async (
      filters: TQoeFilters,
      family: TQoeRollupFamily,
      wholeDays: boolean,
      dimension?: 'boxModel' | 'channelId',
    ) => {
      const rows = await readQoeRollup(client, {
        resolution: 'hour',
        from: day,
        to: day + DAY,
        origin: day,
        bucketSeconds: DAY,
        filters,
        dimension,
        source: { family, wholeDays },
      });
      return rows.map((row) => ({ value: row.value, sums: row, values: qoeValues(row) }));
    };
    const cases: [TQoeFilters, 'boxModel' | 'channelId' | undefined][] = [
      [{}, undefined],
      [{}, 'channelId'],
      [{ boxModel: ['A'] }, undefined],
      [{ channelId: ['ch1', 'ch2'] }, 'channelId'],
      [{ firmware: ['1.0', '2.0'] }, undefined],
      [{ boxModel: ['A'] }, 'channelId'],
      [{ firmware: ['1.0'], region: ['north'] }, 'boxModel'],
      [{ channelId: ['ch1'] }, 'boxModel'],
      [{ channelId: ['ch1'], cdnEdge: ['edge-1'] }, undefined],
    ];
    for (const [filters, dimension] of cases) {
      const byMinute = (await totals(filters, 'minute')).values;
      const reference = await read(filters, 'all', false, dimension);
      expect(reference.length).toBeGreaterThan(0);
      if (dimension === undefined) expect(reference.map((row) => row.values)).toEqual([byMinute]);
      for (const family of Object.keys(QOE_ROLLUP_FAMILIES) as TQoeRollupFamily[]) {
        const { dimensions } = QOE_ROLLUP_FAMILIES[family];
        const needed = [...new Set([...Object.keys(filters), ...(dimension ? [dimension] : [])])];
        if (!needed.every((name) => (dimensions as readonly string[]).includes(name))) continue;
        // The single-dimension rollups hold one dimension at a time.
        if (family === 'single' && needed.length > 1) continue;
        for (const wholeDays of [true, false])
          expect(await read(filters, family, wholeDays, dimension)).toEqual(reference);
      }
    }
    // The read picks the narrowest family holding what it filters or splits by.
    expect(qoeRollupFamily('hour', {}, undefined)).toBe('single');
    expect(qoeRollupFamily('hour', { region: ['north', 'south'] }, 'region')).toBe('single');
    expect(qoeRollupFamily('hour', { region: ['north'] }, 'boxModel')).toBe('box');
    expect(qoeRollupFamily('hour', { boxModel: ['A'], firmware: [] }, 'channelId')).toBe('channel');
    expect(qoeRollupFamily('hour', { region: ['north'] }, 'channelId')).toBe('all');
    expect(qoeRollupFamily('minute', {}, undefined)).toBe('single');
  });

  it('the single-dimension minute rollup and the all-dimension one give the same figures', async () => {
    const plan = planQoeRange(hourRange.from, hourRange.to, 'minute');
    const read = (family: TQoeRollupFamily, filters: TQoeFilters, dimension?: 'channelId' | 'firmware') =>
      readQoeRollup(client, {
        ...plan,
        origin: T0 / 1000,
        bucketSeconds: 60,
        filters,
        dimension,
        source: { family },
      });
    const cases: [TQoeFilters, 'channelId' | 'firmware' | undefined][] = [
      [{}, undefined],
      [{}, 'channelId'],
      [{ firmware: ['1.0'] }, undefined],
      [{ channelId: ['ch1', 'ch2'] }, 'channelId'],
    ];
    for (const [filters, dimension] of cases) {
      const all = await read('all', filters, dimension);
      expect(all.length).toBeGreaterThan(0);
      expect(await read('single', filters, dimension)).toEqual(all);
    }
    expect(qoeRollupFamily('minute', {}, 'channelId')).toBe('single');
    expect(qoeRollupFamily('minute', { region: ['north'] }, 'channelId')).toBe('all');
    await expect(read('single', { region: ['north'] }, 'channelId')).rejects.toThrow('at most one dimension');
  });

  it('takes a day from the day table only when it lies whole inside the range and inside one bucket', () => {
    const DAY = 86_400;
    const d = 20_000 * DAY;
    // A week's tiles: two 7-day buckets from a mid-day `from`; the day holding the boundary is read by the hour.
    const from = d + 5 * 3600;
    const days = wholeQoeDays(from, from + 14 * DAY, from, 7 * DAY);
    expect(days).toHaveLength(12);
    expect(days).not.toContain(d + 7 * DAY);
    expect(days[0]).toBe(d + DAY);
    expect(wholeQoeDays(d, d + 7 * DAY, d, 3600)).toEqual([]);
    expect(wholeQoeDays(d, d + 2 * DAY, d, 2 * DAY)).toEqual([d, d + DAY]);
  });

  it('concurrent plays on a sampled range read only the sampled minutes', async () => {
    const plan = planQoeRange(hourRange.from, hourRange.to, 'minute');
    const read = (origin: number) =>
      readQoeConcurrency(client, { ...plan, origin, bucketSeconds: 120, sampleSeconds: 120, filters: {} });
    // Sampling M0 (d1 and d3 playing) or M1 (d1 only).
    expect((await read(T0 / 1000)).map(({ peak, minutes }) => [peak, minutes])).toEqual([[2, 1]]);
    expect((await read(T0 / 1000 - 60)).map(({ peak, minutes }) => [peak, minutes])).toEqual([[1, 1]]);
  });

  it('breaks down by a dimension with each row its own sample', async () => {
    const plan = planQoeRange(hourRange.from, hourRange.to, 'minute');
    const rows = await readQoeRollup(client, {
      ...plan,
      origin: plan.from,
      bucketSeconds: 3600,
      filters: {},
      dimension: 'boxModel',
    });
    expect(rows.map((row) => [row.value, row.attempts, row.plays])).toEqual([
      ['A', 4, 2],
      ['B', 1, 1],
    ]);
    // A sparkline of a count skips the histograms: the same sums, no percentiles.
    const counts = await readQoeRollup(client, {
      ...plan,
      origin: plan.from,
      bucketSeconds: 3600,
      filters: {},
      dimension: 'boxModel',
      percentiles: false,
    });
    expect(counts.map((row) => [row.value, row.attempts, row.videoStartTimeQuantiles])).toEqual([
      ['A', 4, [null, null]],
      ['B', 1, [null, null]],
    ]);
  });

  it('counts error codes with their layer, fatal and start-failure shares and boxes', async () => {
    const plan = planQoeRange(hourRange.from, hourRange.to, 'minute');
    const rows = await readQoeErrors(client, {
      ...plan,
      origin: plan.from,
      bucketSeconds: 3600,
      filters: {},
    });
    expect(rows.map(({ bucket: _, ...row }) => row)).toEqual([
      { code: 'BUFFER_LOW', layer: 'player', errors: 1, fatal: 0, startFailures: 0, devices: 1 },
      { code: 'DECODE', layer: 'decode', errors: 1, fatal: 1, startFailures: 0, devices: 1 },
      { code: 'NET_TIMEOUT', layer: 'network', errors: 1, fatal: 1, startFailures: 1, devices: 1 },
    ]);
    const onlyA = await readQoeErrors(client, {
      ...plan,
      origin: plan.from,
      bucketSeconds: 3600,
      filters: { boxModel: ['B'] },
    });
    expect(onlyA.map((row) => row.code)).toEqual(['DECODE']);
  });

  it("lists a subscriber's sessions newest first with stalls, errors and how each ended", async () => {
    const sessions = await readQoeSessions(client, {
      subscriberId: 'sub1',
      from: new Date(HOUR),
      to: new Date(HOUR + 3_600_000),
      limit: 50,
      now: at(600),
    });
    expect(sessions.map((s) => [s.sessionId, s.deviceId, s.channelId, s.endReason])).toEqual([
      ['s2', 'd1', 'ch2', 'stopped'],
      ['s5', 'd3', 'ch1', 'error'],
      ['s1', 'd1', 'ch1', 'zap'],
    ]);
    const s1 = sessions[2];
    expect(s1).toMatchObject({
      stalls: 1,
      stallMs: 1000,
      playingMs: 19_000,
      videoStartTimeMs: 400,
      zapTimeMs: null,
    });
    expect(s1?.startedAt).toBe(at(0).toISOString());
    expect(s1?.errors).toEqual([
      {
        at: at(10).toISOString(),
        code: 'BUFFER_LOW',
        layer: 'player',
        fatal: false,
        beforeFirstFrame: false,
      },
    ]);
    expect(sessions[0]).toMatchObject({ zapTimeMs: 1200, videoStartTimeMs: 800 });
    const d2 = await readQoeSessions(client, {
      deviceId: 'd2',
      from: new Date(HOUR),
      to: new Date(HOUR + 3_600_000),
      limit: 50,
    });
    expect(d2.map((s) => [s.sessionId, s.endReason, s.errors.map((e) => e.code)])).toEqual([
      ['s4', 'exit_before_start', []],
      ['s3', 'error', ['NET_TIMEOUT']],
    ]);
  });
});
