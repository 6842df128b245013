import { resolve } from 'node:path';
import type { TKetenClickHouse } from '@keten/db/clickhouse';
import type { PrismaClient } from '@keten/db/client';
import { Random } from '@keten/db/random';
import { backfillFleet, type TBackfillOutcome } from './backfill';
import { pickDevices } from './devices';
import type { TDemoFleetEnv } from './fleet-env';

/** Where the backfill's marker lives: next to the embedded ClickHouse's data, under the data folder. */
export const backfillMarkerPath = (dataDir: string) => resolve(dataDir, 'demo-fleet', 'history.json');

/**
 * apps/api's part of the demo fleet (main.ts, when KETEN_DEMO_FLEET=1): the fleet's history, written once.
 * It runs in the API because the API is the one process that owns ClickHouse (embedded chDB binds its data
 * folder to one process); the live boxes are their own process, talking to the device API.
 */
export async function writeFleetHistory(options: {
  prisma: PrismaClient;
  clickhouse: Pick<TKetenClickHouse, 'client'>;
  env: TDemoFleetEnv;
  dataDir: string;
  signal: AbortSignal;
  log: (line: string) => void;
}): Promise<TBackfillOutcome | null> {
  const { env } = options;
  if (!env.KETEN_DEMO_FLEET || env.KETEN_DEMO_FLEET_HISTORY_DAYS === 0) return null;
  const devices = await pickDevices(
    options.prisma,
    env.KETEN_DEMO_FLEET_BOXES,
    new Random(env.KETEN_DEMO_FLEET_SEED).fork('pick'),
    env.KETEN_DEMO_FLEET_WORSE_FIRMWARE,
  );
  const outcome = await backfillFleet({
    prisma: options.prisma,
    clickhouse: options.clickhouse,
    devices,
    seed: env.KETEN_DEMO_FLEET_SEED,
    flaws: { worse: env.KETEN_DEMO_FLEET_WORSE_FIRMWARE, worseRegion: env.KETEN_DEMO_FLEET_WORSE_REGION },
    days: env.KETEN_DEMO_FLEET_HISTORY_DAYS,
    markerPath: backfillMarkerPath(options.dataDir),
    signal: options.signal,
    log: options.log,
  });
  if (outcome.kind === 'already') {
    options.log(
      `demo fleet history: already written (${outcome.marker.rows.toLocaleString('en')} rows up to ` +
        `${new Date(outcome.marker.to).toISOString()}; ${backfillMarkerPath(options.dataDir)})`,
    );
  } else if (outcome.kind === 'written') {
    options.log(
      `demo fleet history: done, ${outcome.rowsThisRun.toLocaleString('en')} rows in ${(outcome.elapsedMs / 1000).toFixed(1)} s`,
    );
  } else {
    options.log('demo fleet history: interrupted; the next start resumes it');
  }
  return outcome;
}
