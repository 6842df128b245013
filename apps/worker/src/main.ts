import { EnvError } from '@keten/contracts/env';
import { createPrisma } from '@keten/db/client';
import { loadWorkerEnv } from './env';
import { createEventSink } from './events/ingest-events';
import { createFfmpeg } from './ffmpeg';
import { listenForJobCancels } from './lib/job-cancel';
import { createWorkerConnection } from './lib/redis';
import { closeWorkers } from './lib/shutdown';
import { startMetricsServer } from './metrics/metrics-server';
import { createWorkerMetrics } from './metrics/worker-metrics';
import { createProbeEnqueuer } from './probe/probe-enqueue';
import { startWorkers } from './workers';

async function main() {
  const env = loadWorkerEnv();
  const prisma = createPrisma(env.DATABASE_URL, { maxConnections: 4 });
  const ffmpeg = createFfmpeg({
    ffmpegPath: env.FFMPEG_PATH,
    ffprobePath: env.FFPROBE_PATH,
    stallSeconds: env.FFMPEG_STALL_SECONDS,
    quitGraceMs: env.FFMPEG_QUIT_GRACE_MS,
  });
  const metrics = createWorkerMetrics();
  // Counted on the way out: failovers, returns and every finding the api gets.
  const events = metrics.countingSink(
    createEventSink(createWorkerConnection(env.REDIS_URL), env.WORKER_QUEUE_PREFIX),
  );
  const probes = createProbeEnqueuer(createWorkerConnection(env.REDIS_URL), env.WORKER_QUEUE_PREFIX);
  const live = {
    deps: {
      prisma,
      ffmpeg,
      mediaRoot: env.MEDIA_ROOT,
      events,
      settings: {
        stallSeconds: env.LIVE_STALL_SECONDS,
        startupSeconds: env.LIVE_STARTUP_SECONDS,
        retrySeconds: env.LIVE_RETRY_SECONDS,
        returnAfterSeconds: env.LIVE_RETURN_AFTER_SECONDS,
        windowSegments: env.LIVE_WINDOW_SEGMENTS,
        preset: env.LIVE_PRESET,
      },
      enqueueProbe: probes.enqueue,
      metrics: metrics.live,
    },
    concurrency: env.LIVE_CONCURRENCY,
  };
  const workers = startWorkers(() => createWorkerConnection(env.REDIS_URL), env.WORKER_QUEUE_PREFIX, {
    prisma,
    ffmpeg,
    mediaRoot: env.MEDIA_ROOT,
    preset: env.TRANSCODE_PRESET,
    transcodeConcurrency: env.TRANSCODE_CONCURRENCY,
    live,
    probe: {
      deps: { prisma, ffprobePath: env.FFPROBE_PATH, events, timeoutSeconds: env.PROBE_TIMEOUT_SECONDS },
      concurrency: env.PROBE_CONCURRENCY,
    },
    lock: { lockSeconds: env.WORKER_LOCK_SECONDS, stalledCheckSeconds: env.WORKER_STALLED_CHECK_SECONDS },
  });
  metrics.watch(workers);
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  const metricsServer =
    env.WORKER_METRICS_PORT === undefined
      ? null
      : await startMetricsServer({
          host: env.WORKER_METRICS_HOST,
          port: env.WORKER_METRICS_PORT,
          token: env.METRICS_TOKEN,
          metrics,
        });
  if (metricsServer) console.log(`worker: metrics on ${metricsServer.url}`);
  // The console's "cancel" of a running job reaches the worker running it over Redis pub/sub.
  const cancels = await listenForJobCancels(
    createWorkerConnection(env.REDIS_URL),
    env.WORKER_QUEUE_PREFIX,
    workers,
  );
  console.log(`worker: ready (queues: ${workers.map((worker) => worker.name).join(', ')})`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(
      `worker: ${signal} received; finishing active jobs (deadline ${env.WORKER_SHUTDOWN_DEADLINE_MS} ms)`,
    );
    const outcome = await closeWorkers(workers, env.WORKER_SHUTDOWN_DEADLINE_MS);
    console.log(`worker: stopped (${outcome})`);
    await metricsServer?.close();
    await cancels.close();
    await events.close().catch(() => undefined);
    await probes.close().catch(() => undefined);
    await prisma.$disconnect().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
