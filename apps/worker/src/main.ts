import { EnvError } from '@keten/contracts/env';
import { loadWorkerEnv } from './env';
import { createWorkerConnection } from './lib/redis';
import { closeWorkers } from './lib/shutdown';
import { startWorkers } from './workers';

async function main() {
  const env = loadWorkerEnv();
  const workers = startWorkers(() => createWorkerConnection(env.REDIS_URL), env.WORKER_QUEUE_PREFIX);
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
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
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
