import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateClickHouse, qoeMinuteSummary } from '@keten/db/clickhouse';
import { Random } from '@keten/db/random';
import { seed } from '@keten/db/seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../test/harness';
import { backfillFleet, readBackfillMarker } from './backfill';
import { pickDevices, type TFleetDevice } from './devices';
import { DEFAULT_WORSE_FIRMWARE, DEFAULT_WORSE_REGION, EDGES } from './profiles';

const DAY = 24 * 3_600_000;
const NOW = Date.UTC(2026, 11, 3, 7, 0, 0);
const FLAWS = { worse: DEFAULT_WORSE_FIRMWARE, worseRegion: DEFAULT_WORSE_REGION };

describe('demo fleet history (backfill) into real chDB', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let devices: TFleetDevice[];
  let dir: string;

  const scalar = async (query: string) => {
    const result = await api.deps.clickhouse.client.query({ query, format: 'JSONEachRow' });
    const [row] = await result.json<{ n: string | number }>();
    return Number(row?.n ?? 0);
  };
  const counts = async () => ({
    rows: await scalar('SELECT count() AS n FROM qoe_events_v1'),
    distinct: await scalar('SELECT count() AS n FROM (SELECT DISTINCT session_id, seq FROM qoe_events_v1)'),
    attempts: await scalar(`SELECT countIf(event_type = 'attempt') AS n FROM qoe_events_v1`),
    ends: await scalar(`SELECT countIf(event_type = 'end') AS n FROM qoe_events_v1`),
    // Through the rollup's own reader, whichever minute table it reads.
    rollupAttempts: (
      await qoeMinuteSummary(api.deps.clickhouse.client, {
        from: new Date(NOW - 3 * DAY),
        to: new Date(NOW + DAY),
      })
    ).reduce((sum, minute) => sum + minute.attempts, 0),
  });

  const span = async () => {
    const result = await api.deps.clickhouse.client.query({
      query:
        'SELECT toUnixTimestamp64Milli(min(event_time)) AS lo, toUnixTimestamp64Milli(max(event_time)) AS hi FROM qoe_events_v1',
      format: 'JSONEachRow',
    });
    const [row] = await result.json<{ lo: string | number; hi: string | number }>();
    return { lo: Number(row?.lo ?? 0), hi: Number(row?.hi ?? 0) };
  };

  beforeAll(async () => {
    api = await startTestApi();
    await migrateClickHouse(api.deps.clickhouse.client);
    dir = await mkdtemp(join(tmpdir(), 'keten-backfill-'));
    await seed(api.prisma, { subscribers: 300, epgDaysEachSide: 1, mediaRoot: join(dir, 'media') });
    devices = await pickDevices(api.prisma, 60, new Random(42).fork('pick'), DEFAULT_WORSE_FIRMWARE);
  }, 120_000);
  afterAll(async () => {
    await api?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes the window through the rollups once: interrupted, resumed and restarted, nothing doubles', async () => {
    const markerPath = join(dir, 'marker.json');
    const log: string[] = [];
    const options = {
      prisma: api.prisma,
      clickhouse: api.deps.clickhouse,
      devices,
      seed: 42,
      flaws: FLAWS,
      days: 2,
      markerPath,
      now: NOW,
      // Without the rests between inserts that leave the pages room (nobody reads here).
      restShare: 0,
      log: (line: string) => log.push(line),
    };
    // Stopped at once: it ends after its first insert, and the marker says how far it got.
    const stopped = new AbortController();
    stopped.abort();
    const first = await backfillFleet({ ...options, signal: stopped.signal });
    expect(first.kind).toBe('interrupted');
    const partial = await readBackfillMarker(markerPath);
    expect(partial?.done).toBe(false);
    expect(partial?.storedUntil).toBeGreaterThan(NOW - 2 * DAY);
    expect(partial?.storedUntil).toBeLessThan(NOW);
    expect((await counts()).rows).toBe(partial?.rows);
    // Newest first: what the first insert wrote is the last two hours, up to the window's end, so the live page's
    // default range has its figures before the older days are written.
    const firstSpan = await span();
    expect(firstSpan.lo).toBeGreaterThanOrEqual(NOW - 2 * 3_600_000);
    expect(firstSpan.hi).toBeGreaterThan(NOW - 15 * 60_000);
    expect(firstSpan.hi).toBeLessThan(NOW);

    // The next start resumes (a later clock does not move the window) and finishes.
    const second = await backfillFleet({ ...options, now: NOW + 3_600_000 });
    expect(second.kind).toBe('written');
    expect(log.some((line) => /resuming at/.test(line))).toBe(true);
    expect(log.some((line) => /demo fleet history: 100% .* rows/.test(line))).toBe(true);
    const done = await readBackfillMarker(markerPath);
    expect(done).toMatchObject({ done: true, from: NOW - 2 * DAY, to: NOW });
    const after = await counts();
    expect(after.rows).toBeGreaterThan(20_000);
    expect(after.rows).toBe(done?.rows);
    // No (session, seq) twice, every session closed, and the minute rollup counted each attempt once.
    expect(after.distinct).toBe(after.rows);
    expect(after.ends).toBe(after.attempts);
    expect(after.rollupAttempts).toBe(after.attempts);
    const { lo, hi } = await span();
    expect(lo).toBeGreaterThanOrEqual(NOW - 2 * DAY);
    expect(hi).toBeLessThan(NOW);
    expect(hi).toBeGreaterThan(NOW - 3_600_000);

    // A restart after it finished writes nothing.
    const third = await backfillFleet({ ...options, now: NOW + 2 * 3_600_000 });
    expect(third.kind).toBe('already');
    expect(await counts()).toEqual(after);
  });

  it('plays the flaws: the worse firmware buffers more, the worse region fails to start more often', async () => {
    const minutes = await qoeMinuteSummary(api.deps.clickhouse.client, {
      from: new Date(NOW - 2 * DAY),
      to: new Date(NOW),
      groupBy: ['boxModel', 'firmware', 'region'],
    });
    const byFirmware = new Map<string, { stallMs: number; playingMs: number }>();
    const byRegion = new Map<string, { attempts: number; failures: number }>();
    for (const m of minutes) {
      const fw = `${m.boxModel}@${m.firmware}`;
      const f = byFirmware.get(fw) ?? { stallMs: 0, playingMs: 0 };
      byFirmware.set(fw, { stallMs: f.stallMs + m.stallMs, playingMs: f.playingMs + m.playingMs });
      const region = m.region ?? '';
      const r = byRegion.get(region) ?? { attempts: 0, failures: 0 };
      byRegion.set(region, {
        attempts: r.attempts + m.attempts,
        failures: r.failures + m.videoStartFailures,
      });
    }
    const stallRatio = (key: string) => {
      const f = byFirmware.get(key);
      return f && f.playingMs > 0 ? f.stallMs / f.playingMs : 0;
    };
    const rest = (map: Map<string, { attempts: number; failures: number }>, except: string) =>
      [...map.entries()]
        .filter(([key]) => key !== except)
        .reduce(
          (sum, [, r]) => ({ attempts: sum.attempts + r.attempts, failures: sum.failures + r.failures }),
          {
            attempts: 0,
            failures: 0,
          },
        );

    // Every firmware with at least two hours of playing: the worse one has the highest rebuffering ratio, by far.
    const worse = stallRatio(DEFAULT_WORSE_FIRMWARE);
    const others = [...byFirmware.entries()]
      .filter(([key, f]) => key !== DEFAULT_WORSE_FIRMWARE && f.playingMs > 2 * 3_600_000)
      .map(([key]) => stallRatio(key));
    expect(others.length).toBeGreaterThan(4);
    expect(worse).toBeGreaterThan(2 * Math.max(...others));

    const region = byRegion.get(DEFAULT_WORSE_REGION);
    expect(region?.attempts).toBeGreaterThan(250);
    const elsewhere = rest(byRegion, DEFAULT_WORSE_REGION);
    const regionRate = (region?.failures ?? 0) / (region?.attempts ?? 1);
    const elsewhereRate = elsewhere.failures / elsewhere.attempts;
    expect(regionRate).toBeGreaterThan(3 * elsewhereRate);

    // A few app versions and every edge show up as dimensions in the rows.
    const result = await api.deps.clickhouse.client.query({
      query: 'SELECT uniqExact(app_version) AS apps, groupUniqArray(cdn_edge) AS edges FROM qoe_events_v1',
      format: 'JSONEachRow',
    });
    const [dims] = await result.json<{ apps: string | number; edges: string[] }>();
    expect(Number(dims?.apps)).toBeGreaterThanOrEqual(3);
    expect([...(dims?.edges ?? [])].sort()).toEqual([...EDGES].sort());
  });

  it('follows the daily curve: prime time carries several times the night', async () => {
    const result = await api.deps.clickhouse.client.query({
      query: `SELECT toHour(event_time, 'Europe/Amsterdam') AS hour, countIf(event_type = 'attempt') AS attempts
              FROM qoe_events_v1 GROUP BY hour`,
      format: 'JSONEachRow',
    });
    const rows = await result.json<{ hour: number; attempts: string | number }>();
    const at = (hours: number[]) =>
      rows
        .filter((row) => hours.includes(Number(row.hour)))
        .reduce((sum, row) => sum + Number(row.attempts), 0);
    expect(at([20, 21])).toBeGreaterThan(5 * at([3, 4]));
  });
});
