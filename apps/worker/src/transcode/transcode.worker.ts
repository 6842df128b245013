import { join, resolve } from 'node:path';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { DEFAULT_LOCK_SETTINGS, type TWorkerLockSettings, workerOptions } from '../lib/worker-options';
import { sweepWhileRunning } from './orphans';
import { createTranscodeProcessor, type TTranscodeDeps } from './transcode.processor';
import { TRANSCODE_QUEUE } from './transcode.queue';

/** Few at a time: each transcode already keeps every core busy. */
export function startTranscodeWorker(
  connection: Redis,
  prefix: string,
  deps: TTranscodeDeps,
  concurrency: number,
  lock: TWorkerLockSettings = DEFAULT_LOCK_SETTINGS,
) {
  const worker = new Worker(
    TRANSCODE_QUEUE,
    createTranscodeProcessor(deps),
    workerOptions(connection, prefix, concurrency, lock),
  );
  // A dead worker's ffmpeg is killed here even if its job never comes back to this machine.
  const tmpRoot = join(resolve(deps.mediaRoot), '.tmp');
  sweepWhileRunning(worker, lock.stalledCheckSeconds * 1000, async () => [tmpRoot], 'ffmpeg');
  return worker;
}
