import type { Worker } from 'bullmq';

/** Abort reason our processors recognise: stop ffmpeg and hand the job back rather than fail it. */
export const SHUTDOWN_REASON = 'worker shutting down';

/**
 * Stops workers on time: first let active jobs finish; past the deadline give up on them. Their
 * locks then lapse and BullMQ's stalled-job check hands them to the next worker: owed, not lost.
 */
export async function closeWorkers(workers: Worker[], deadlineMs: number): Promise<'graceful' | 'forced'> {
  // Long jobs (transcodes) take the abort signal, stop ffmpeg and requeue; short ones just finish.
  for (const worker of workers) worker.cancelAllJobs(SHUTDOWN_REASON);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'forced'>((resolve) => {
    timer = setTimeout(() => resolve('forced'), deadlineMs);
  });
  const graceful = Promise.all(workers.map((worker) => worker.close())).then(() => 'graceful' as const);
  const outcome = await Promise.race([graceful, deadline]);
  clearTimeout(timer);
  // close(true) still waits for a running processor, so past the deadline we do not wait at all.
  if (outcome === 'forced') void Promise.all(workers.map((worker) => worker.close(true)));
  return outcome;
}
