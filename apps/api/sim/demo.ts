/**
 * The always-on demo fleet, as `./keten up` runs it (scripts/supervise.mjs restarts it when it dies): the seeded
 * boxes the API's history backfill also plays, live through the device API until SIGTERM/SIGINT.
 * Run by hand: pnpm --filter @keten/api fleet   (reads .env's variables from the environment; sim/README.md)
 */
import { resolve } from 'node:path';
import { EnvError, parseEnv } from '@keten/contracts/env';
import { createPrisma } from '@keten/db/client';
import { Random } from '@keten/db/random';
import { z } from 'zod';
import { ensureDemoBaseUrls, ensureDemoEdges } from './demo-edges';
import { pickDevices } from './devices';
import { incidentFrom, ZEdgeIncidentSpecSchema } from './edge-incident';
import { ZDemoFleetEnvSchema } from './fleet-env';
import { EDGES } from './profiles';
import { runLiveFleet } from './run-live';
import { TokenStore } from './token-store';

// Within supervise.mjs's 20 s: the boxes' last batches go out, then the process ends.
const STOP_DEADLINE_MS = 8_000;
const READY_POLL_MS = 1_000;

const ZFleetProcessEnvSchema = ZDemoFleetEnvSchema.extend({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgresql:// URL' }),
  API_INTERNAL_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s):// URL' })
    .default('http://127.0.0.1:4000')
    .transform((url) => url.replace(/\/+$/, '')),
  DEVICE_PROVISIONING_SECRET: z.string({ error: 'is missing' }).min(32, 'must be at least 32 characters'),
  /** Seconds a box holds its events before sending fewer than a full batch (a player's flush timer). */
  KETEN_DEMO_FLEET_FLUSH_SECONDS: z.coerce.number().min(1).max(60).default(5),
  /** An edge made bad for a while after the fleet starts (sim/edge-incident.ts), to watch steering; none by default. */
  KETEN_DEMO_FLEET_BAD_EDGE: ZEdgeIncidentSpecSchema.prefault('none'),
  /** The boxes keep their tokens under it (demo-fleet/tokens.json), so a restart activates none again. */
  KETEN_DATA_DIR: z.string().min(1).default('.data'),
});

/** Where the fleet's boxes keep their tokens between runs. */
export const fleetTokensPath = (dataDir: string) => resolve(dataDir, 'demo-fleet', 'tokens.json');
/** Where the fleet keeps its CDN edges' tokens (sim/demo-edges.ts). */
export const fleetEdgeTokensPath = (dataDir: string) => resolve(dataDir, 'demo-fleet', 'edges.json');

async function waitForApi(api: string, signal: AbortSignal) {
  while (!signal.aborted) {
    const ready = await fetch(`${api}/readyz`, { signal: AbortSignal.timeout(5_000) })
      .then((response) => response.status < 500)
      .catch(() => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
}

async function main() {
  const env = parseEnv(ZFleetProcessEnvSchema, process.env);
  if (!env.KETEN_DEMO_FLEET) {
    console.log('demo fleet: off (KETEN_DEMO_FLEET=0)');
    return;
  }
  const stop = new AbortController();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stop.signal.aborted) return;
      stop.abort(signal);
      // A request hung on a stopping API must not hold the process past the deadline.
      setTimeout(() => process.exit(0), STOP_DEADLINE_MS + 1_000).unref();
    });
  }

  const log = (line: string) => console.log(`demo fleet: ${line}`);
  const prisma = createPrisma(env.DATABASE_URL, { maxConnections: 1 });
  const { devices, edgeTokens, baseUrls } = await (async () => ({
    devices: await pickDevices(
      prisma,
      env.KETEN_DEMO_FLEET_BOXES,
      new Random(env.KETEN_DEMO_FLEET_SEED).fork('pick'),
      env.KETEN_DEMO_FLEET_WORSE_FIRMWARE,
    ),
    // The CDN edges the boxes' beacons name, created (or their tokens renewed) as the system, tokens kept on disk.
    edgeTokens: await ensureDemoEdges(prisma, fleetEdgeTokensPath(env.KETEN_DATA_DIR), EDGES, log),
    // Each with a base URL, so /v1/config gives every box an edge and steering has boxes to move.
    baseUrls: await ensureDemoBaseUrls(prisma, EDGES),
  }))().finally(() => prisma.$disconnect());
  if (devices.length === 0) throw new Error('no activatable devices in the database: run the seed first');
  const tokens = await TokenStore.open(fleetTokensPath(env.KETEN_DATA_DIR), log);
  await waitForApi(env.API_INTERNAL_URL, stop.signal);
  console.log(
    `demo fleet: ${devices.length} boxes against ${env.API_INTERNAL_URL} (worse firmware ` +
      `${env.KETEN_DEMO_FLEET_WORSE_FIRMWARE ?? 'none'}, worse region ${env.KETEN_DEMO_FLEET_WORSE_REGION ?? 'none'}; ` +
      `${tokens.size} with tokens kept from the last run; ${edgeTokens.size} CDN edges report` +
      `${baseUrls > 0 ? ` (${baseUrls} given a base URL)` : ''}, worse edge ` +
      `${env.KETEN_DEMO_FLEET_WORSE_EDGE ?? 'none'}` +
      `${env.KETEN_DEMO_FLEET_BAD_EDGE ? `, bad edge ${env.KETEN_DEMO_FLEET_BAD_EDGE.edge} from minute ${env.KETEN_DEMO_FLEET_BAD_EDGE.fromMinutes} to ${env.KETEN_DEMO_FLEET_BAD_EDGE.toMinutes}` : ''})`,
  );
  const stats = await runLiveFleet({
    api: env.API_INTERNAL_URL,
    devices,
    seed: env.KETEN_DEMO_FLEET_SEED,
    flaws: { worse: env.KETEN_DEMO_FLEET_WORSE_FIRMWARE, worseRegion: env.KETEN_DEMO_FLEET_WORSE_REGION },
    provisioningSecret: env.DEVICE_PROVISIONING_SECRET,
    concurrency: 8,
    flushMs: env.KETEN_DEMO_FLEET_FLUSH_SECONDS * 1000,
    progressMs: 60_000,
    signal: stop.signal,
    stopDeadlineMs: STOP_DEADLINE_MS,
    tokens,
    edges: {
      tokens: edgeTokens,
      worseEdge: env.KETEN_DEMO_FLEET_WORSE_EDGE,
      incidents: env.KETEN_DEMO_FLEET_BAD_EDGE
        ? [incidentFrom(env.KETEN_DEMO_FLEET_BAD_EDGE, Date.now())]
        : [],
    },
    log,
  });
  if (stats.lastError) console.log(`demo fleet: last error: ${stats.lastError}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof EnvError ? error.message : error);
    process.exit(1);
  },
);
