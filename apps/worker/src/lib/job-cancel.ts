import { jobCancelChannel, ZJobCancelMessageSchema } from '@keten/contracts';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';

export type TJobCancelListener = { close(): Promise<void> };

/**
 * Listens on `jobCancelChannel(prefix)` for the api's cancel requests and aborts the job if one of
 * `workers` (matched by queue name) runs it here; other worker processes ignore it. `subscriber` must be
 * a connection of its own: in subscriber mode it can do nothing else. Resolves once subscribed, so a
 * publish from then on is counted and heard.
 */
export async function listenForJobCancels(
  subscriber: Redis,
  prefix: string,
  workers: Worker[],
): Promise<TJobCancelListener> {
  const channel = jobCancelChannel(prefix);
  subscriber.on('message', (from: string, body: string) => {
    if (from !== channel) return;
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
    const parsed = ZJobCancelMessageSchema.safeParse(json);
    if (!parsed.success) {
      console.error(`worker: ignored a malformed job cancel message: ${body.slice(0, 200)}`);
      return;
    }
    const { queue, jobId, reason } = parsed.data;
    const worker = workers.find((candidate) => candidate.name === queue);
    // cancelJob is true only where the job is active in this process.
    if (worker?.cancelJob(jobId, reason)) console.log(`worker: cancelling ${queue} job ${jobId} (${reason})`);
  });
  await subscriber.subscribe(channel);
  return {
    close: async () => {
      await subscriber.unsubscribe(channel).catch(() => undefined);
      await subscriber.quit().catch(() => undefined);
    },
  };
}
