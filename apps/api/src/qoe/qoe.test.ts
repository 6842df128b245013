import { randomUUID } from 'node:crypto';
import { insertQoeEvents, migrateClickHouse, type TQoeEventInput } from '@keten/db/clickhouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';
import { createCallerFactory } from '../trpc/trpc';
import { qoeRouter } from './qoe.router';

const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

type TBox = { deviceId: string; boxModel: string; firmware: string; channelId: string };

/** One session on `box` at `start`: attempt, then a first frame (startMs) or a fatal start failure. */
function play(box: TBox, start: Date, outcome: { startMs: number } | 'vsf'): TQoeEventInput[] {
  const base = { ...box, subscriberId: `sub-${box.deviceId}`, region: 'north', sessionId: randomUUID() };
  const at = (ms: number) => new Date(start.getTime() + ms);
  if (outcome === 'vsf') {
    return [
      { ...base, seq: 0, eventTime: start, eventType: 'attempt' },
      {
        ...base,
        seq: 1,
        eventTime: at(2000),
        eventType: 'error',
        errorCode: 'NET_TIMEOUT',
        errorLayer: 'network',
        fatal: true,
        beforeFirstFrame: true,
      },
    ];
  }
  return [
    { ...base, seq: 0, eventTime: start, eventType: 'attempt' },
    { ...base, seq: 1, eventTime: at(outcome.startMs), eventType: 'first_frame', startMs: outcome.startMs },
    { ...base, seq: 2, eventTime: at(30_000), eventType: 'heartbeat', playingMs: 30_000 - outcome.startMs },
    { ...base, seq: 3, eventTime: at(40_000), eventType: 'end', playingMs: 10_000 },
  ];
}

const box = (deviceId: string, firmware: string, boxModel = 'KT-4K', channelId = 'npo1'): TBox => ({
  deviceId,
  boxModel,
  firmware,
  channelId,
});

// This hour (last 60 min): firmware 1.0 20 attempts, 2 VSF; 2.0 20 attempts, 8 VSF; 3.0 2 attempts, both VSF.
// The hour before: 10 attempts on 1.0, all played. Eight days ago (a week's previous period, read from the daily
// rollups): 6 attempts on 1.0, 2 VSF, 4 played in 650 ms.
function fixture(): TQoeEventInput[] {
  const events: TQoeEventInput[] = [];
  for (let i = 0; i < 20; i++) {
    events.push(...play(box(`a${i}`, '1.0'), minutesAgo(50 - i), i < 2 ? 'vsf' : { startMs: 500 + i * 10 }));
    events.push(
      ...play(box(`b${i}`, '2.0', 'KT-4K', 'rtl4'), minutesAgo(50 - i), i < 8 ? 'vsf' : { startMs: 900 }),
    );
  }
  for (let i = 0; i < 2; i++) events.push(...play(box(`c${i}`, '3.0'), minutesAgo(30), 'vsf'));
  for (let i = 0; i < 10; i++)
    events.push(...play(box(`p${i}`, '1.0'), minutesAgo(110 - i), { startMs: 700 }));
  for (let i = 0; i < 6; i++)
    events.push(...play(box(`w${i}`, '1.0'), minutesAgo(8 * 1440 + i), i < 2 ? 'vsf' : { startMs: 650 }));
  return events;
}

describe('qoe.* procedures', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  const caller = (role: 'NOC' | 'SUPPORT' | 'ADMIN' = 'NOC') =>
    createCallerFactory(qoeRouter)(api.contextFor(role));
  const lastHour = { from: minutesAgo(60), to: NOW };
  beforeAll(async () => {
    api = await startTestApi();
    await migrateClickHouse(api.deps.clickhouse.client);
    await insertQoeEvents(api.deps.clickhouse.client, fixture());
  });
  afterAll(async () => api?.stop());

  it('gives every KPI tile with the previous period of the same length', async () => {
    const { tiles, range, previousRange } = await caller().kpis(lastHour);
    expect(range).toMatchObject({ resolution: 'minute', from: lastHour.from.toISOString() });
    expect(previousRange.to).toBe(range.from);
    expect(tiles.attempts).toEqual({ value: 42, previous: 10, change: 42 / 10 - 1 });
    expect(tiles.plays).toMatchObject({ value: 30, previous: 10 });
    expect(tiles.vsfRate).toMatchObject({ value: 12 / 42, previous: 0 });
    expect(tiles.videoStartTimeP50.previous).toBe(700);
    expect(tiles.concurrentPlays.value).toBeGreaterThan(0);
  });

  it('gives the tiles of a week and of 30 days, and their previous periods, from the daily and narrower rollups', async () => {
    const week = { from: new Date(NOW.getTime() - 7 * 86_400_000), to: NOW };
    const { tiles, range } = await caller().kpis(week);
    expect(range.resolution).toBe('hour');
    expect(tiles.attempts).toMatchObject({ value: 52, previous: 6 });
    expect(tiles.plays).toMatchObject({ value: 40, previous: 4 });
    expect(tiles.vsfRate).toMatchObject({ value: 12 / 52, previous: 2 / 6 });
    expect(tiles.videoStartTimeP50).toMatchObject({ value: 700, previous: 650 });
    // A channel filter reads the channel rollups, a channel and a region filter the all-dimension ones: same figures.
    for (const filters of [{ channelId: ['npo1'] }, { channelId: ['npo1'], region: ['north'] }]) {
      const drilled = await caller().kpis({ ...week, filters });
      expect(drilled.tiles.attempts).toMatchObject({ value: 32, previous: 6 });
      expect(drilled.tiles.vsfRate).toMatchObject({ value: 4 / 32, previous: 2 / 6 });
      expect(drilled.tiles.videoStartTimeP50.previous).toBe(650);
    }
    const month = await caller().kpis({ from: new Date(NOW.getTime() - 30 * 86_400_000), to: NOW });
    expect(month.tiles.attempts).toMatchObject({ value: 58, previous: 0 });
    expect(month.tiles.vsfRate.value).toBe(14 / 58);
  });

  it('gives a time series per minute for an hour and per hour (hourly rollup) for two days, agreeing', async () => {
    const minutes = await caller().series(lastHour);
    expect(minutes.range.resolution).toBe('minute');
    expect(minutes.points).toHaveLength(60);
    const days = await caller().series({ from: new Date(NOW.getTime() - 2 * 86_400_000), to: NOW });
    expect(days.range).toMatchObject({ resolution: 'hour', bucketSeconds: 3600 });
    const sum = (points: { attempts: number }[]) =>
      points.reduce((total, point) => total + point.attempts, 0);
    expect(sum(days.points)).toBe(52);
    expect(sum(minutes.points)).toBe(42);
  });

  it('breaks down by firmware within a model, each row with its sample and a sparkline; filters stack', async () => {
    const { rows } = await caller().breakdown({
      ...lastHour,
      dimension: 'firmware',
      filters: { boxModel: ['KT-4K'] },
      sparklineMetric: 'vsfRate',
    });
    expect(rows.map((row) => [row.value, row.sample.attempts, row.vsfRate])).toEqual([
      ['1.0', 20, 2 / 20],
      ['2.0', 20, 8 / 20],
      ['3.0', 2, 1],
    ]);
    expect(rows[0]?.sparkline).toHaveLength(60);
    // From three days on a row's sparkline has a point a day (UTC), and its points add up to the row.
    const week = await caller().breakdown({
      from: new Date(NOW.getTime() - 7 * 86_400_000),
      to: NOW,
      dimension: 'firmware',
      filters: { boxModel: ['KT-4K'] },
      sparklineMetric: 'attempts',
    });
    const first = week.rows[0];
    expect(first?.sparkline.length).toBeGreaterThanOrEqual(7);
    expect(first?.sparkline.length).toBeLessThanOrEqual(8);
    expect(new Date(first?.sparkline[1]?.t ?? 0).getUTCHours()).toBe(0);
    expect(first?.sparkline.reduce((total, point) => total + (point.value ?? 0), 0)).toBe(
      first?.sample.attempts,
    );
    const stacked = await caller().breakdown({
      ...lastHour,
      dimension: 'channelId',
      filters: { boxModel: ['KT-4K'], firmware: ['2.0', '3.0'] },
    });
    expect(stacked.rows.map((row) => [row.value, row.attempts])).toEqual([
      ['rtl4', 20],
      ['npo1', 2],
    ]);
  });

  it('ranks firmware by VSF with confidence intervals, the too-small sample marked and ranked last', async () => {
    const ranking = await caller().ranking({
      ...lastHour,
      dimension: 'firmware',
      metric: 'vsfRate',
      minSample: 10,
      filters: { boxModel: ['KT-4K'] },
    });
    expect(ranking.rows.map((row) => [row.value, row.figures.vsfRate.tooSmall])).toEqual([
      ['2.0', false],
      ['1.0', false],
      ['3.0', true],
    ]);
    const [worse, better] = ranking.rows;
    // Wilson 95 % for 8/20 and 2/20.
    expect(worse?.figures.vsfRate.interval?.low).toBeCloseTo(0.2188, 3);
    expect(worse?.figures.vsfRate.interval?.high).toBeCloseTo(0.6134, 3);
    expect(better?.figures.vsfRate.interval?.low).toBeCloseTo(0.0279, 3);
    expect(better?.figures.vsfRate.interval?.high).toBeCloseTo(0.301, 3);
    expect(better?.figures.videoStartTimeP50).toMatchObject({ sample: 18, tooSmall: false });
    const interval = better?.figures.videoStartTimeP50.interval;
    expect(interval?.low).toBeLessThanOrEqual(better?.figures.videoStartTimeP50.value ?? 0);
    expect(interval?.high).toBeGreaterThanOrEqual(better?.figures.videoStartTimeP50.value ?? 0);
  });

  it('counts error codes with the boxes that reported them', async () => {
    const { errors, codes } = await caller().errorCodes(lastHour);
    expect(errors).toBe(12);
    expect(codes).toMatchObject([
      {
        code: 'NET_TIMEOUT',
        layer: 'network',
        errors: 12,
        fatal: 12,
        startFailures: 12,
        devices: 12,
        share: 1,
      },
    ]);
  });

  it("gives support a box's sessions of the last 24 h", async () => {
    const { sessions } = await caller('SUPPORT').sessions({ deviceId: 'b0' });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ channelId: 'rtl4', endReason: 'error', videoStartTimeMs: null });
    expect(sessions[0]?.errors.map((error) => error.code)).toEqual(['NET_TIMEOUT']);
  });

  it('refuses bad input naming the field, before reading anything', async () => {
    await expect(caller().kpis({ from: NOW, to: minutesAgo(5) })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('must be after from'),
    });
    await expect(
      caller().kpis({ ...lastHour, filters: { isp: ['x'] } as unknown as Record<string, string[]> }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller('SUPPORT').sessions({})).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('give a deviceId or a subscriberId'),
    });
    await expect(caller('SUPPORT').kpis(lastHour)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
