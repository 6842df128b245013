import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateClickHouse } from '@keten/db/clickhouse';
import { Random } from '@keten/db/random';
import { seed } from '@keten/db/seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillFleet } from '../../sim/backfill';
import { pickDevices } from '../../sim/devices';
import { DEFAULT_WORSE_FIRMWARE, DEFAULT_WORSE_REGION } from '../../sim/profiles';
import { startTestApi } from '../../test/harness';
import { evaluateAlerts } from './alerts.evaluate';

// Prime time on a fixed day (as sim/backfill.test.ts): the sim's daily curve gives the same plays every run.
const NOW = Date.UTC(2026, 11, 3, 20, 0, 0);

describe('the demo rules on the simulated fleet (sim/, seeded rules, real chDB)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let dir: string;
  const deps = () => ({
    prisma: api.prisma,
    clickhouse: api.deps.clickhouse,
    redis: api.redis,
    queuePrefix: api.deps.workerQueuePrefix,
  });

  beforeAll(async () => {
    api = await startTestApi();
    await migrateClickHouse(api.deps.clickhouse.client);
    dir = await mkdtemp(join(tmpdir(), 'keten-alerts-demo-'));
    await seed(api.prisma, { subscribers: 600, epgDaysEachSide: 1, mediaRoot: join(dir, 'media') });
    const devices = await pickDevices(api.prisma, 200, new Random(42).fork('pick'), DEFAULT_WORSE_FIRMWARE);
    // Stopped at once, the backfill ends after its first insert: the fleet's last two hours before NOW.
    const stopped = new AbortController();
    stopped.abort();
    await backfillFleet({
      prisma: api.prisma,
      clickhouse: api.deps.clickhouse,
      devices,
      seed: 42,
      flaws: { worse: DEFAULT_WORSE_FIRMWARE, worseRegion: DEFAULT_WORSE_REGION },
      days: 1,
      markerPath: join(dir, 'marker.json'),
      now: NOW,
      restShare: 0,
      signal: stopped.signal,
      log: () => undefined,
    });
  }, 300_000);
  afterAll(async () => {
    await api?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('fire on the worse firmware and resolve once the fleet goes quiet', async () => {
    // The fleet's last minute with plays (the sim's daily curve decides how close to NOW that is).
    const result = await api.deps.clickhouse.client.query({
      query: 'SELECT toUnixTimestamp(max(event_time)) AS hi FROM qoe_events_v1',
      format: 'JSONEachRow',
    });
    const [row] = await result.json<{ hi: number | string }>();
    const end = (Math.floor(Number(row?.hi) / 60) + 1) * 60_000;
    // Every 30 s for 6 min up to it: pending at first, firing once the "for" time has passed.
    for (let s = 360; s >= 0; s -= 30) await evaluateAlerts(deps(), new Date(end - s * 1000));
    const firing = await api.prisma.alertEvent.findMany({
      where: { state: 'FIRING', rule: { source: 'QOE' } },
      include: { rule: { select: { name: true } } },
    });
    const fired = firing.map((alert) => [alert.rule.name, alert.dimensions]);
    const worse = { firmware: DEFAULT_WORSE_FIRMWARE.split('@')[1] };
    // The worse firmware fires both Kaon rules within the 6 minutes; the healthy Kaon firmware fires neither, and
    // no other QoE rule fires (start failures per region needs more attempts than 200 boxes make).
    expect(fired.sort()).toEqual([
      ['Rebuffering on Kaon firmware', worse],
      ['Slow starts on Kaon firmware', worse],
    ]);
    const firstFired = Math.min(
      ...firing.map((alert) => alert.firedAt?.getTime() ?? Number.POSITIVE_INFINITY),
    );
    expect(firstFired - (end - 360_000)).toBeLessThanOrEqual(10 * 60_000);

    // Once no box plays any more, the windows hold too few samples to judge: clear, and resolved after the "for" time.
    for (let s = 0; s <= 600; s += 30) await evaluateAlerts(deps(), new Date(end + 3_600_000 + s * 1000));
    const after = await api.prisma.alertEvent.findMany({
      where: { id: { in: firing.map((alert) => alert.id) } },
    });
    expect(after.map((alert) => alert.state)).toEqual(after.map(() => 'RESOLVED'));
  });
});
