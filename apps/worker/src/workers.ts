import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { type TWorkerLockSettings, workerOptions } from './lib/worker-options';
import type { TLiveDeps } from './live/live.processor';
import { startLiveWorker } from './live/live.worker';
import type { TProbeDeps } from './probe/probe.processor';
import { startProbeWorker } from './probe/probe.worker';
import { processSystemJob } from './system/system.processor';
import { SYSTEM_QUEUE } from './system/system.queue';
import type { TTranscodeDeps } from './transcode/transcode.processor';
import { startTranscodeWorker } from './transcode/transcode.worker';

export type TWorkerDeps = TTranscodeDeps & {
  transcodeConcurrency: number;
  lock?: TWorkerLockSettings;
  live?: { deps: TLiveDeps; concurrency: number };
  probe?: { deps: TProbeDeps; concurrency: number };
};

/** One processor per queue; each worker gets its own connection (BullMQ blocks on it). */
export function startWorkers(connect: () => Redis, prefix: string, deps: TWorkerDeps): Worker[] {
  return [
    new Worker(SYSTEM_QUEUE, processSystemJob, workerOptions(connect(), prefix, 4, deps.lock)),
    startTranscodeWorker(connect(), prefix, deps, deps.transcodeConcurrency, deps.lock),
    ...(deps.live
      ? [startLiveWorker(connect(), prefix, deps.live.deps, deps.live.concurrency, deps.lock)]
      : []),
    ...(deps.probe
      ? [startProbeWorker(connect(), prefix, deps.probe.deps, deps.probe.concurrency, deps.lock)]
      : []),
  ];
}
