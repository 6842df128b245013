import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvError, parseEnv } from '@keten/contracts';
import { z } from 'zod';
import { createPrisma } from '../client';
import { seed, seedIngestEvents, seedOperators } from './index';
import { seedLiveDemo } from './live-demo';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

const envSchema = z.object({
  DATABASE_URL: z.url().default('postgresql://keten:keten@127.0.0.1:5432/keten'),
  DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters (the demo operators sign in with it)'),
  MEDIA_ROOT: z
    .string()
    .min(1)
    .default(join(REPO_ROOT, '.data', 'media')),
  /** The demo's live channel takes its feeds from the source simulator on this port and the next. */
  SOURCE_SIM_PORT: z.coerce.number().int().min(1024).max(65_534).default(7700),
  /** 0: no live demo channel (the browser tests' database). */
  KETEN_LIVE_DEMO: z.enum(['0', '1']).default('1'),
  /** The API's ClickHouse, for the seeded failovers' ingest events: a server, or embedded chDB under KETEN_DATA_DIR. */
  CLICKHOUSE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).optional(),
  CLICKHOUSE_USER: z.string().optional(),
  CLICKHOUSE_PASSWORD: z.string().optional(),
  KETEN_DATA_DIR: z.string().min(1).default(join(REPO_ROOT, '.data')),
});

function readEnv(): z.infer<typeof envSchema> {
  try {
    return parseEnv(envSchema, process.env);
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(`seed: ${error.message}`);
    process.exit(1);
  }
}

const env = readEnv();

const prisma = createPrisma(env.DATABASE_URL);
try {
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const operators = await seedOperators(prisma, env.DEMO_PASSWORD);
  console.log(`seed: operators ${operators.created} created, ${operators.updated} password(s) reset`);
  const result = await seed(prisma, {
    mediaRoot: env.MEDIA_ROOT,
    log: (line) => console.log(`${line} (${elapsed()})`),
  });
  if (env.KETEN_LIVE_DEMO === '1') {
    const feed = (port: number) => `http://127.0.0.1:${port}/stream.ts`;
    await seedLiveDemo(
      prisma,
      { primary: feed(env.SOURCE_SIM_PORT), backup: feed(env.SOURCE_SIM_PORT + 1) },
      env.MEDIA_ROOT,
    );
    console.log(
      `seed: live demo channel "Keten Testbeeld" fed by the source simulator on :${env.SOURCE_SIM_PORT}`,
    );
  }
  if (result.failovers.length > 0) {
    try {
      const events = await seedIngestEvents(result.failovers, {
        url: env.CLICKHOUSE_URL,
        username: env.CLICKHOUSE_USER,
        password: env.CLICKHOUSE_PASSWORD,
        dataDir: resolve(env.KETEN_DATA_DIR, 'clickhouse'),
      });
      console.log(
        `seed: ${events.inserted} ingest events for ${result.failovers.length} failed-over channels`,
      );
    } catch (error) {
      // Embedded chDB belongs to one process: a running API keeps it. The feeds still agree, only the history is missing.
      const reason = error instanceof Error ? error.message : String(error);
      console.error(
        `seed: the failovers' ingest events were not written (${reason}); seed with the API stopped`,
      );
    }
  }
  const inserted = Object.entries(result.created)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => `${table} ${n}`);
  console.log(`seed: inserted ${inserted.length ? inserted.join(', ') : 'nothing (already seeded)'}`);
  console.log(`seed: done in ${elapsed()}`);
} finally {
  await prisma.$disconnect();
}
