import { setTimeout as sleep } from 'node:timers/promises';
import type { Job } from 'bullmq';
import { ZPingJobSchema } from './system.queue';

/** Answers a ping; `holdMs` lets tests keep a job active while the worker is asked to stop. */
export async function processSystemJob(
  job: Job,
): Promise<{ pong: true; sentAt: string; answeredAt: string }> {
  const data = ZPingJobSchema.parse(job.data);
  if (data.holdMs > 0) await sleep(data.holdMs);
  return { pong: true, sentAt: data.sentAt, answeredAt: new Date().toISOString() };
}
