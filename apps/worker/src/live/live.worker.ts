import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LIVE_QUEUE } from '@keten/contracts';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { DEFAULT_LOCK_SETTINGS, type TWorkerLockSettings, workerOptions } from '../lib/worker-options';
import { sweepWhileRunning } from '../transcode/orphans';
import { createLiveProcessor, LOCK_LOST, type TLiveDeps } from './live.processor';

/** Each active job is one channel for as long as it is live, so concurrency = channels per worker. */
export function startLiveWorker(
  connection: Redis,
  prefix: string,
  deps: TLiveDeps,
  concurrency: number,
  lock: TWorkerLockSettings = DEFAULT_LOCK_SETTINGS,
) {
  const worker = new Worker(
    LIVE_QUEUE,
    createLiveProcessor(deps),
    workerOptions(connection, prefix, concurrency, lock),
  );
  // A lock that could not be renewed (Redis away, a stalled event loop) may be taken by another worker:
  // stop the channel here rather than run it twice.
  worker.on('lockRenewalFailed', (jobIds: string[]) => {
    for (const id of jobIds) worker.cancelJob(id, LOCK_LOST);
  });
  // Encoders of a worker that died (SIGKILL, OOM) are killed here even if their channel now runs elsewhere.
  const liveRoot = join(resolve(deps.mediaRoot), '.live');
  const channelFolders = async () =>
    (await readdir(liveRoot).catch(() => [] as string[])).map((slug) => join(liveRoot, slug));
  sweepWhileRunning(worker, lock.stalledCheckSeconds * 1000, channelFolders, 'live encoders');
  return worker;
}
