import { EnvError, parseEnv } from '@keten/contracts/env';
import { createPrisma } from '@keten/db/client';
import { LIVE_DEMO_SLUG } from '@keten/db/seed';
import { z } from 'zod';
import { createWorkerConnection } from '../lib/redis';
import { TestSource } from '../sources/test-source';
import { ensureLiveJob } from './ensure-live-job';

const ZDemoEnvSchema = z.object({
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// URL' }),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgresql:// URL' }),
  WORKER_QUEUE_PREFIX: z.string().min(1).default('keten'),
  SOURCE_SIM_PORT: z.coerce.number().int().min(1024).max(65_534).default(7700),
  FFMPEG_PATH: z.string().min(1).default('/usr/bin/ffmpeg'),
});

/**
 * The demo's headend: two simulated contribution feeds (primary and backup of "Keten Testbeeld") on
 * 127.0.0.1, and that channel's live job queued once, so the worker takes it on air.
 */
async function main() {
  const env = parseEnv(ZDemoEnvSchema, process.env);
  const feeds = await Promise.all(
    [0, 1].map((n) =>
      new TestSource({
        port: env.SOURCE_SIM_PORT + n,
        toneHz: n === 0 ? 440 : 880,
        ffmpegPath: env.FFMPEG_PATH,
      }).start(),
    ),
  );
  for (const [n, feed] of feeds.entries())
    console.log(
      `sources: ${n === 0 ? 'primary' : 'backup '} feed ${feed.url}  (curl -X POST ${feed.controlUrl}/mode/black|frozen|silent|loud|hang|stopped|normal)`,
    );
  const prisma = createPrisma(env.DATABASE_URL, { maxConnections: 2 });
  const redis = createWorkerConnection(env.REDIS_URL);
  try {
    const outcome = await ensureLiveJob(prisma, redis, env.WORKER_QUEUE_PREFIX, LIVE_DEMO_SLUG);
    console.log(`sources: live ingest of ${LIVE_DEMO_SLUG}: ${outcome}`);
  } finally {
    await redis.quit();
    await prisma.$disconnect();
  }
  const stop = async () => {
    await Promise.all(feeds.map((feed) => feed.close()));
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`sources: ${error instanceof EnvError ? error.message : String(error)}`);
  process.exit(1);
});
