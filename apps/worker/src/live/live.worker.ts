import { LIVE_QUEUE } from '@keten/contracts';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { type TWorkerLockSettings, workerOptions } from '../lib/worker-options';
import { createLiveProcessor, type TLiveDeps } from './live.processor';

/** Each active job is one channel for as long as it is live, so concurrency = channels per worker. */
export function startLiveWorker(
  connection: Redis,
  prefix: string,
  deps: TLiveDeps,
  concurrency: number,
  lock?: TWorkerLockSettings,
) {
  return new Worker(
    LIVE_QUEUE,
    createLiveProcessor(deps),
    workerOptions(connection, prefix, concurrency, lock),
  );
}
