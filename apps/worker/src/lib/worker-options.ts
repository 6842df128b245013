import type { WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';

/** How long a worker's claim on a job lasts without renewal, and how often workers look for lapsed claims. */
export type TWorkerLockSettings = { lockSeconds: number; stalledCheckSeconds: number };

export const DEFAULT_LOCK_SETTINGS: TWorkerLockSettings = { lockSeconds: 30, stalledCheckSeconds: 30 };

/**
 * Options every queue worker shares. A worker that dies without closing (SIGKILL, OOM, power) keeps its
 * jobs locked until `lockSeconds` pass; the next stalled check of any live worker then puts them back in
 * the queue. A crash is noticed within lockSeconds + 2 × stalledCheckSeconds at worst (BullMQ marks, then moves).
 */
export function workerOptions(
  connection: Redis,
  prefix: string,
  concurrency: number,
  lock: TWorkerLockSettings = DEFAULT_LOCK_SETTINGS,
): WorkerOptions {
  return {
    connection,
    prefix,
    concurrency,
    lockDuration: lock.lockSeconds * 1000,
    stalledInterval: lock.stalledCheckSeconds * 1000,
  };
}
