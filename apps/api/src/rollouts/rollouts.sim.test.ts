// Issue 18 "Done means": over 20 seeds, a firmware that really makes buffering worse is halted in every run and a
// healthy one under normal noise in at most one. Beacons from the fleet simulator's viewing model, stored in chDB
// in the beacon route's encoding; the real engine (tickRollouts, an injected clock, real PostgreSQL) reads them
// with waveArms and judges with judgeWave every 5 simulated minutes through a 1 h soak.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ROLLOUT_GUARDRAILS } from '@keten/contracts';
import { insertQoeEventLines, migrateClickHouse } from '@keten/db/clickhouse';
import { DB_PACKAGE_DIR } from '@keten/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';
import type { TGuardrailCheck } from './guardrails';
import { NEW_FIRMWARE, OLD_FIRMWARE, simulateSeed, type TSimFirmware } from './guardrails.sim';
import { tickRollouts } from './rollouts.engine';
import { createRollout, startRollout } from './rollouts.service';

const SEEDS = Array.from({ length: Number(process.env.GUARDRAILS_SIM_SEEDS ?? 20) }, (_, i) => i + 1);
const KINDS: readonly TSimFirmware[] = ['worse', 'healthy'];
// 40 boxes on the new firmware, 80 not yet updated, all of one model, over a 1 h soak looked at every 5 min.
const BOXES = 120;
const SHARE = 1 / 3;
const SOAK_MINUTES = 60;
const LOOK_EVERY_MINUTES = 5;
// Each seed's soak in its own hours (a read touches its own granules, as one wave's in a fleet's table does);
// recent enough for the raw table's 90-day TTL.
const EPOCH = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 24 * 3_600_000;
const fromOf = (seed: number) => EPOCH + seed * 2 * 3_600_000;
// One box model per kind of firmware; the seeds' data lie in different hours of it.
const modelOf = (kind: TSimFirmware) => `sim-${kind}`;

interface TRun {
  seed: number;
  kind: TSimFirmware;
  haltedAtMinute: number | null;
  breached: string[];
}

describe('guardrails over the fleet simulator, 20 seeds, judged by the rollout engine', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  const firmwareIds = new Map<TSimFirmware, string>();
  let cohortId = '';
  const actor = () => ({ id: api.operators.PRODUCT.id, email: api.operators.PRODUCT.email, ip: null });

  beforeAll(async () => {
    const started = Date.now();
    api = await startTestApi();
    // Only the raw beacon table (0001): the QoE page's rollups are not read here, and their views triple an insert.
    const migrations = mkdtempSync(join(tmpdir(), 'keten-guardrails-sim-'));
    mkdirSync(migrations, { recursive: true });
    copyFileSync(
      join(DB_PACKAGE_DIR, 'src/clickhouse/migrations/0001_qoe_events.sql'),
      join(migrations, '0001_qoe_events.sql'),
    );
    await migrateClickHouse(api.deps.clickhouse.client, { migrationsDir: migrations });
    rmSync(migrations, { recursive: true, force: true });
    // And the guardrails' own rollup (0015: table, copy, view), which the engine reads for a window's whole hours.
    const rollup = readFileSync(
      join(DB_PACKAGE_DIR, 'src/clickhouse/migrations/0015_qoe_session_hour_rollup.sql'),
      'utf8',
    );
    for (const statement of rollup.split(/;[ \t]*\n/).filter((text) => /^\s*(CREATE|INSERT)/m.test(text)))
      await api.deps.clickhouse.client.command({ query: statement });
    for (const kind of KINDS) {
      const model = await api.prisma.boxModel.create({
        data: {
          code: modelOf(kind),
          vendor: 'Simulated',
          name: `Simulated ${kind}`,
          videoCodecs: ['H264'],
          maxH264Profile: 'high',
          maxH264Level: '4.1',
          maxWidth: 1920,
          maxHeight: 1080,
          maxFps: 50,
        },
      });
      const image = {
        imageUrl: 'https://firmware.example/sim.img',
        sha256: 'a'.repeat(64),
        sizeBytes: 1_000_000n,
      };
      await api.prisma.firmwareVersion.create({
        data: {
          boxModelId: model.id,
          version: OLD_FIRMWARE,
          releasedAt: new Date(EPOCH - 30 * 86_400_000),
          ...image,
        },
      });
      const target = await api.prisma.firmwareVersion.create({
        data: {
          boxModelId: model.id,
          version: NEW_FIRMWARE,
          releasedAt: new Date(EPOCH - 86_400_000),
          ...image,
        },
      });
      firmwareIds.set(kind, target.id);
    }
    const cohort = await api.prisma.cohort.create({
      data: { key: 'sim-boxes', name: 'Simulated boxes', rule: { boxModels: KINDS.map(modelOf) } },
    });
    cohortId = cohort.id;

    // Simulate the next seed while the previous one's insert runs (chDB works off the event loop).
    let inserting: Promise<unknown> = Promise.resolve();
    for (const seed of SEEDS) {
      const waves = simulateSeed({
        seed,
        kinds: KINDS,
        boxModel: modelOf,
        boxes: BOXES,
        share: SHARE,
        from: fromOf(seed),
        soakMs: SOAK_MINUTES * 60_000,
      });
      await inserting;
      const lines = [...waves.values()].flat();
      inserting = insertQoeEventLines(api.deps.clickhouse.client, `${lines.join('\n')}\n`).then((outcome) => {
        if (outcome.stored !== lines.length)
          throw new Error(`seed ${seed}: stored ${outcome.stored} of ${lines.length}`);
      });
    }
    await inserting;
    console.log(`simulated and stored ${SEEDS.length} seeds in ${Date.now() - started} ms`);
  }, 600_000);
  afterAll(async () => api?.stop());

  /** Both kinds' rollouts of one seed, started at its soak's start, ticked every 5 min through the soak. */
  async function runSeed(seed: number): Promise<TRun[]> {
    const deps = {
      prisma: api.prisma,
      redis: api.redis,
      clickhouse: api.deps.clickhouse,
      workerQueuePrefix: api.deps.workerQueuePrefix,
    };
    const ids = new Map<TSimFirmware, string>();
    for (const kind of KINDS) {
      const rollout = await createRollout(api.prisma, actor(), {
        name: `Seed ${seed} ${kind}`,
        firmwareVersionId: firmwareIds.get(kind) ?? '',
        rollbackFirmwareVersionId: null,
        cohortId,
        waves: [
          { percent: 33, soakMinutes: SOAK_MINUTES },
          { percent: 100, soakMinutes: 0 },
        ],
        guardrails: DEFAULT_ROLLOUT_GUARDRAILS,
      });
      await startRollout(api.deps, actor(), rollout.id, new Date(fromOf(seed)));
      ids.set(kind, rollout.id);
    }
    const halted = new Map<string, number>();
    for (let minute = LOOK_EVERY_MINUTES; minute <= SOAK_MINUTES; minute += LOOK_EVERY_MINUTES) {
      const report = await tickRollouts(deps, new Date(fromOf(seed) + minute * 60_000));
      expect(report.failed).toEqual([]);
      for (const change of report.changes)
        if (change.change === 'halted') halted.set(change.rolloutId, minute);
    }
    const runs: TRun[] = [];
    for (const kind of KINDS) {
      const rolloutId = ids.get(kind) ?? '';
      const check = await api.prisma.rolloutGuardrailCheck.findFirst({
        where: { rolloutId, verdict: 'halt' },
        select: { checks: true },
      });
      const checks = (check?.checks ?? []) as unknown as TGuardrailCheck[];
      runs.push({
        seed,
        kind,
        haltedAtMinute: halted.get(rolloutId) ?? null,
        breached: checks.filter((c) => c.breached).map((c) => c.metric),
      });
    }
    // Out of the way of the next seed's rollouts (one active rollout per model).
    await api.prisma.firmwareRollout.deleteMany({ where: { id: { in: [...ids.values()] } } });
    return runs;
  }

  it('halts a firmware that really makes buffering worse in every seed, a healthy one in at most one', async () => {
    const started = Date.now();
    const runs: TRun[] = [];
    for (const seed of SEEDS) runs.push(...(await runSeed(seed)));
    const worse = runs.filter((run) => run.kind === 'worse');
    const healthy = runs.filter((run) => run.kind === 'healthy');
    const minutes = worse.map((run) => run.haltedAtMinute ?? Number.NaN);
    console.log(
      `engine judged ${runs.length} waves in ${Date.now() - started} ms: worse halted ${worse.filter((run) => run.haltedAtMinute !== null).length}/${worse.length} ` +
        `(after ${Math.min(...minutes)}–${Math.max(...minutes)} min, by ${[...new Set(worse.flatMap((run) => run.breached))].join(', ')}), ` +
        `healthy halted ${healthy.filter((run) => run.haltedAtMinute !== null).length}/${healthy.length}`,
    );
    expect(worse.filter((run) => run.haltedAtMinute === null)).toEqual([]);
    expect(healthy.filter((run) => run.haltedAtMinute !== null).length).toBeLessThanOrEqual(1);
  }, 600_000);
});
