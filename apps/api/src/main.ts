import { resolve } from 'node:path';
import { EnvError } from '@keten/contracts/env';
import { createClickHouse, migrateClickHouse } from '@keten/db/clickhouse';
import { createPrisma, createSqlPool } from '@keten/db/client';
import { Redis } from 'ioredis';
import { writeFleetHistory } from '../sim/fleet-history';
import { loadApiEnv } from './env';
import { startIngestEventsConsumer } from './ingest/ingest-events.consumer';
import { assertStoresReachable, StartupError } from './lib/startup';
import { startQoeConcurrencyCountJob } from './qoe/qoe.concurrency-job';
import { buildServer } from './server';

const SHUTDOWN_DEADLINE_MS = 10_000;

async function main() {
  const env = loadApiEnv();
  const prisma = createPrisma(env.DATABASE_URL);
  const sql = createSqlPool(env.DATABASE_URL);
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 3, lazyConnect: true });
  // One line per outage instead of ioredis' unhandled-error stack on every reconnect attempt.
  let redisDown = false;
  redis.on('error', (error) => {
    if (!redisDown) console.error(`redis: ${error.message}`);
    redisDown = true;
  });
  redis.on('ready', () => {
    redisDown = false;
  });
  await assertStoresReachable(prisma, redis);
  const clickhouse = await createClickHouse({
    url: env.CLICKHOUSE_URL,
    username: env.CLICKHOUSE_USER,
    password: env.CLICKHOUSE_PASSWORD,
    dataDir: resolve(env.KETEN_DATA_DIR, 'clickhouse'),
  });
  await migrateClickHouse(clickhouse.client);

  const app = await buildServer(
    {
      prisma,
      sql,
      redis,
      clickhouse,
      sessionSecret: env.NEXTAUTH_SECRET,
      webhookSecretKeys: env.WEBHOOK_SECRET_KEY,
      mediaRoot: resolve(env.MEDIA_ROOT),
      ffprobePath: env.FFPROBE_PATH,
      workerQueuePrefix: env.WORKER_QUEUE_PREFIX,
      publicApiUrl: env.PUBLIC_API_URL,
      xmltvIdDomain: env.XMLTV_ID_DOMAIN,
      fetchPolicy: { allowNets: env.FETCH_ALLOW_PRIVATE_NETS },
      metricsToken: env.METRICS_TOKEN,
      // Every replica takes part; the job scheduler makes one evaluation per 30 s among them (alerts/README.md).
      alerts: {},
      // The firmware rollout engine: one cycle per 30 s among the replicas, the same way (rollouts/README.md).
      rollouts: {},
      // The same for edge steering (steering/README.md).
      steering: {},
      beaconSpoolDir: resolve(env.BEACON_SPOOL_DIR ?? resolve(env.KETEN_DATA_DIR, 'beacon-spool')),
      deliverySpoolDir: resolve(env.DELIVERY_SPOOL_DIR ?? resolve(env.KETEN_DATA_DIR, 'delivery-spool')),
      deviceApi: env.DEVICE_TOKEN_SECRET
        ? {
            tokenSecret: env.DEVICE_TOKEN_SECRET,
            provisioningSecret: env.DEVICE_PROVISIONING_SECRET,
            rowCacheSeconds: env.DEVICE_ROW_CACHE_SECONDS,
            playbackSecrets: env.PLAYBACK_SIGNING_SECRET ? [env.PLAYBACK_SIGNING_SECRET] : undefined,
          }
        : undefined,
    },
    { logger: { level: env.LOG_LEVEL } },
  );
  await app.listen({ host: env.API_HOST, port: env.API_PORT });
  // The worker's failover/QC/probe findings, from its ingest-events queue into ClickHouse.
  const ingestEvents = startIngestEventsConsumer({
    redis,
    clickhouse,
    prefix: env.WORKER_QUEUE_PREFIX,
    onError: (message, error) => app.log.error({ err: error }, message),
  });

  // Concurrent plays per closed minute, counted once for the /qoe page's reads (catches up history on first runs).
  const qoeCounts = startQoeConcurrencyCountJob({
    clickhouse,
    redis,
    log: (line) => app.log.info(line),
    onError: (message, error) => app.log.error({ err: error }, message),
  });

  // The demo fleet's history (KETEN_DEMO_FLEET=1), in the background: the API answers meanwhile.
  const stopHistory = new AbortController();
  const history = writeFleetHistory({
    prisma,
    clickhouse,
    env,
    dataDir: env.KETEN_DATA_DIR,
    signal: stopHistory.signal,
    log: (line) => app.log.info(line),
  }).catch((error: unknown) =>
    app.log.error({ err: error }, 'demo fleet history failed; the next start resumes it'),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    setTimeout(() => {
      app.log.error(`shutdown took longer than ${SHUTDOWN_DEADLINE_MS} ms; exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    stopHistory.abort();
    await app.close();
    await history;
    await qoeCounts.stop();
    // Before ClickHouse closes: events in hand finish their insert, the rest stay queued for next start.
    await ingestEvents.close();
    await Promise.allSettled([prisma.$disconnect(), sql.end(), redis.quit(), clickhouse.close()]);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError || error instanceof StartupError ? error.message : error);
  process.exit(1);
});
