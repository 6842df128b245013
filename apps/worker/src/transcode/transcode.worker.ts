import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { type TWorkerLockSettings, workerOptions } from '../lib/worker-options';
import { createTranscodeProcessor, type TTranscodeDeps } from './transcode.processor';
import { TRANSCODE_QUEUE } from './transcode.queue';

/** Few at a time: each transcode already keeps every core busy. */
export function startTranscodeWorker(
  connection: Redis,
  prefix: string,
  deps: TTranscodeDeps,
  concurrency: number,
  lock?: TWorkerLockSettings,
) {
  return new Worker(
    TRANSCODE_QUEUE,
    createTranscodeProcessor(deps),
    workerOptions(connection, prefix, concurrency, lock),
  );
}
