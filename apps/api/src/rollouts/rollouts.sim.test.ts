// Issue 18 "Done means": over 20 seeds, a firmware that really makes buffering worse is halted in every run and a
// healthy one under normal noise in at most one. Beacons from the fleet simulator's viewing model, stored in chDB
// in the beacon route's encoding, read by waveArms and judged by judgeWave at every look through a 1 h soak.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createClickHouse,
  insertQoeEventLines,
  migrateClickHouse,
  type TKetenClickHouse,
} from '@keten/db/clickhouse';
import { DB_PACKAGE_DIR } from '@keten/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GUARDRAILS, judgeWave, type TGuardrailMetric } from './guardrails';
import { waveArms } from './guardrails.query';
import { NEW_FIRMWARE, simulateSeed, type TSimFirmware } from './guardrails.sim';

const SEEDS = Array.from({ length: Number(process.env.GUARDRAILS_SIM_SEEDS ?? 20) }, (_, i) => i + 1);
const KINDS: readonly TSimFirmware[] = ['worse', 'healthy'];
// 40 boxes on the new firmware, 80 not yet updated, all of one model, over a 1 h soak looked at every 5 min.
const BOXES = 120;
const SHARE = 1 / 3;
const SOAK_MS = 60 * 60_000;
const LOOK_EVERY_MS = 5 * 60_000;
// Each seed's soak in its own hours (a read touches its own granules, as one wave's in a fleet's table does);
// recent enough for the raw table's 90-day TTL.
const EPOCH = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 24 * 3_600_000;
const fromOf = (seed: number) => EPOCH + seed * 2 * 3_600_000;
const modelOf = (seed: number) => (kind: TSimFirmware) => `sim-${kind}-${seed}`;

interface TRun {
  seed: number;
  kind: TSimFirmware;
  haltedAtMinute: number | null;
  breached: TGuardrailMetric[];
  treatmentAttempts: number;
  controlAttempts: number;
}

const dataDir = mkdtempSync(join(tmpdir(), 'keten-guardrails-sim-'));
let clickhouse: TKetenClickHouse;

/** Judge the wave at every look from 5 min to the soak's end; the first halt ends it, as the engine would. */
async function judgeRun(seed: number, kind: TSimFirmware): Promise<TRun> {
  const boxModel = modelOf(seed)(kind);
  const from = fromOf(seed);
  const run: TRun = {
    seed,
    kind,
    haltedAtMinute: null,
    breached: [],
    treatmentAttempts: 0,
    controlAttempts: 0,
  };
  for (let to = from + LOOK_EVERY_MS; to <= from + SOAK_MS; to += LOOK_EVERY_MS) {
    const window = { boxModel, targetFirmware: NEW_FIRMWARE, from: new Date(from), to: new Date(to) };
    const { treatment, control } = await waveArms(clickhouse, window);
    run.treatmentAttempts = treatment.attempts;
    run.controlAttempts = control.attempts;
    const judgement = judgeWave(treatment, control, DEFAULT_GUARDRAILS);
    if (judgement.verdict === 'halt') {
      run.haltedAtMinute = (to - from) / 60_000;
      run.breached = judgement.checks.filter((check) => check.breached).map((check) => check.metric);
      return run;
    }
  }
  return run;
}

describe('guardrails over the fleet simulator, 20 seeds', () => {
  beforeAll(async () => {
    const started = Date.now();
    clickhouse = await createClickHouse({ dataDir, database: 'guardrails_sim' });
    // Only the raw beacon table (0001): the guardrails read nothing else, and the rollups' views triple an insert.
    const migrations = join(dataDir, 'migrations');
    mkdirSync(migrations);
    copyFileSync(
      join(DB_PACKAGE_DIR, 'src/clickhouse/migrations/0001_qoe_events.sql'),
      join(migrations, '0001_qoe_events.sql'),
    );
    await migrateClickHouse(clickhouse.client, { migrationsDir: migrations });
    console.log(`migrated in ${Date.now() - started} ms`);
    let simMs = 0;
    // Simulate the next seed while the previous one's insert runs (chDB works off the event loop).
    let inserting: Promise<unknown> = Promise.resolve();
    for (const seed of SEEDS) {
      const simStarted = Date.now();
      const waves = simulateSeed({
        seed,
        kinds: KINDS,
        boxModel: modelOf(seed),
        boxes: BOXES,
        share: SHARE,
        from: fromOf(seed),
        soakMs: SOAK_MS,
      });
      simMs += Date.now() - simStarted;
      await inserting;
      const lines = [...waves.values()].flat();
      inserting = insertQoeEventLines(clickhouse.client, `${lines.join('\n')}\n`).then((outcome) => {
        if (outcome.stored !== lines.length)
          throw new Error(`seed ${seed}: stored ${outcome.stored} of ${lines.length}`);
      });
    }
    await inserting;
    console.log(`simulated (${simMs} ms) and stored in ${Date.now() - started} ms`);
  }, 180_000);
  afterAll(async () => {
    await clickhouse?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('halts a firmware that really makes buffering worse in every seed, a healthy one in at most one', async () => {
    const started = Date.now();
    const runs: TRun[] = [];
    for (const seed of SEEDS) for (const kind of KINDS) runs.push(await judgeRun(seed, kind));
    const worse = runs.filter((run) => run.kind === 'worse');
    const healthy = runs.filter((run) => run.kind === 'healthy');
    const minutes = worse.map((run) => run.haltedAtMinute ?? Number.NaN);
    console.log(
      `judged ${runs.length} waves in ${Date.now() - started} ms: worse halted ${worse.filter((run) => run.haltedAtMinute !== null).length}/${worse.length} ` +
        `(after ${Math.min(...minutes)}–${Math.max(...minutes)} min, by ${[...new Set(worse.flatMap((run) => run.breached))].join(', ')}), ` +
        `healthy halted ${healthy.filter((run) => run.haltedAtMinute !== null).length}/${healthy.length}`,
    );
    expect(worse.filter((run) => run.haltedAtMinute === null)).toEqual([]);
    expect(healthy.filter((run) => run.haltedAtMinute !== null).length).toBeLessThanOrEqual(1);
  }, 180_000);
});
