import { ZRolloutGuardrailsSchema } from '@keten/contracts';
import { migrateClickHouse } from '@keten/db/clickhouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeviceApi } from '../device-api/device-api.fixtures';
import type { TGuardrailVerdict } from './guardrails';
import { tickRollouts } from './rollouts.engine';
import { clearRollouts, scriptedJudge } from './rollouts.fixtures';
import { CHECKS_KEPT_WHOLE_MS } from './rollouts.prune';
import { createRollout, getRollout, resumeRollout, startRollout } from './rollouts.service';

const MODEL = 'kaon-kstb6077';
const HOUR = 3_600_000;
// 30 simulated hours of 5 min cycles (the engine's are 30 s; the rule is by the hour, 12 checks an hour are enough to
// thin and 30 s cycles cost 10x the run time).
const TICK = 300_000;
const TICKS = (30 * HOUR) / TICK;
// Starting at half past an hour, whatever the wall clock's minute: with 5 min cycles the first partial hour always
// holds checks (from :35), so the hours counted below do not depend on when the test runs. Ends 30–90 min ago.
const T0 = Math.floor(Date.now() / HOUR) * HOUR - 31 * HOUR + 30 * 60_000;
// Halts (each resumed by hand at the next cycle): one in wave 1, one in wave 2, one in the last day.
const HALT_TICKS = new Set([14, 60, 300]);

describe('guardrail checks of a long soak are thinned to one an hour after a day (engine cycles, injected clock)', () => {
  let api: Awaited<ReturnType<typeof startDeviceApi>>;
  const deps = () => ({
    prisma: api.prisma,
    redis: api.redis,
    clickhouse: api.deps.clickhouse,
    workerQueuePrefix: api.deps.workerQueuePrefix,
  });
  const product = () => ({ id: api.operators.PRODUCT.id, email: api.operators.PRODUCT.email, ip: null });

  beforeAll(async () => {
    api = await startDeviceApi();
    await migrateClickHouse(api.deps.clickhouse.client);
    await clearRollouts(api.prisma, MODEL);
  }, 180_000);
  afterAll(async () => {
    await api?.stop();
  });

  it('keeps every check of the last day, the last of each hour and wave before it, and every halt', async () => {
    const cohort = await api.prisma.cohort.findUniqueOrThrow({ where: { key: 'all-kaon' } });
    const target = await api.prisma.firmwareVersion.findFirstOrThrow({
      where: { version: '2.0.0', boxModel: { code: MODEL } },
    });
    const created = await createRollout(api.prisma, product(), {
      name: 'Kaon 2.0.0, a long soak',
      firmwareVersionId: target.id,
      rollbackFirmwareVersionId: null,
      cohortId: cohort.id,
      // Wave 1 soaks 3 h (again after its halt), wave 2 for the rest of the 30 h.
      waves: [
        { percent: 10, soakMinutes: 180 },
        { percent: 100, soakMinutes: 43_200 },
      ],
      guardrails: ZRolloutGuardrailsSchema.parse({}),
    });
    await startRollout(deps(), product(), created.id, new Date(T0));
    let verdict: TGuardrailVerdict = 'pass';
    const judge = scriptedJudge(() => verdict);
    const judged: { at: number; wave: number; verdict: TGuardrailVerdict }[] = [];
    let thinned = 0;
    for (let tick = 1; tick <= TICKS; tick++) {
      const now = new Date(T0 + tick * TICK);
      const state = await api.prisma.firmwareRollout.findUniqueOrThrow({ where: { id: created.id } });
      if (state.state === 'HALTED') {
        await resumeRollout(deps(), product(), { id: created.id, reason: 'looked at it' }, now);
        continue;
      }
      verdict = HALT_TICKS.has(tick) ? 'halt' : 'pass';
      const report = await tickRollouts(deps(), now, judge);
      expect(report.failed).toEqual([]);
      thinned += report.thinned;
      for (const one of report.judged)
        judged.push({ at: now.getTime(), wave: one.waveOrdinal, verdict: one.verdict });
    }
    const end = T0 + TICKS * TICK;

    // What the rule keeps, from the cycles' own record.
    const lastOfHour = new Map<string, number>();
    for (const check of judged) lastOfHour.set(`${check.wave}:${Math.floor(check.at / HOUR)}`, check.at);
    const expected = judged
      .filter(
        (check) =>
          check.at >= end - CHECKS_KEPT_WHOLE_MS ||
          check.verdict === 'halt' ||
          lastOfHour.get(`${check.wave}:${Math.floor(check.at / HOUR)}`) === check.at,
      )
      .map((check) => check.at);
    const rows = await api.prisma.rolloutGuardrailCheck.findMany({
      where: { rolloutId: created.id },
      orderBy: { at: 'asc' },
      select: { at: true, verdict: true, waveOrdinal: true },
    });
    expect(rows.map((row) => row.at.getTime())).toEqual(expected);
    expect(thinned).toBe(judged.length - rows.length);

    // Counted: 360 cycles less the halted ones judged; the last day's 288 all kept; before it, the 6 or 7 hours
    // (an hour split between the two waves counts twice) one each; all three halts, two of them in the thinned part.
    expect(judged.length).toBe(TICKS - HALT_TICKS.size);
    const lastDay = rows.filter((row) => row.at.getTime() >= end - CHECKS_KEPT_WHOLE_MS);
    expect(lastDay).toHaveLength(288);
    const older = rows.filter((row) => row.at.getTime() < end - CHECKS_KEPT_WHOLE_MS);
    expect(older.filter((row) => row.verdict === 'halt')).toHaveLength(2);
    expect(older.length).toBeGreaterThanOrEqual(6 + 2);
    expect(older.length).toBeLessThanOrEqual(8 + 2);
    expect(rows.filter((row) => row.verdict === 'halt')).toHaveLength(3);

    // The console's page: the last 20, and each wave's newest check (wave 1's last one, long thinned around).
    const page = await getRollout(api.prisma, created.id);
    expect(page.guardrailChecks.map((check) => check.at.getTime())).toEqual(
      judged
        .slice(-20)
        .reverse()
        .map((check) => check.at),
    );
    const lastOfWave1 = judged.filter((check) => check.wave === 1).at(-1)?.at;
    expect(page.waves[0]?.latestCheck?.at.getTime()).toBe(lastOfWave1);
    expect(page.waves[1]?.latestCheck?.at.getTime()).toBe(end);
  }, 1_200_000);
});
