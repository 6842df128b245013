import { PROBE_QUEUE } from '@keten/contracts';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { type TWorkerLockSettings, workerOptions } from '../lib/worker-options';
import { createProbeProcessor, type TProbeDeps } from './probe.processor';

/** A probe mostly waits on the feed (a few seconds, little CPU), so several can run at once. */
export function startProbeWorker(
  connection: Redis,
  prefix: string,
  deps: TProbeDeps,
  concurrency: number,
  lock?: TWorkerLockSettings,
) {
  return new Worker(
    PROBE_QUEUE,
    createProbeProcessor(deps),
    workerOptions(connection, prefix, concurrency, lock),
  );
}
