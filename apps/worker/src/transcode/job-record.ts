import type { Prisma, PrismaClient } from '@keten/db/client';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { SHUTDOWN_REASON } from '../lib/shutdown';
import { TRANSCODE_KIND, TRANSCODE_QUEUE, type TTranscodeJob } from './transcode.queue';

/** One row per BullMQ job (queue + job id), so retries of the same job update the same history line. */
export async function markActive(prisma: PrismaClient, job: Job, data: TTranscodeJob): Promise<string> {
  return markActiveIn(prisma, { queue: TRANSCODE_QUEUE, kind: TRANSCODE_KIND }, job, data);
}

/** markActive for any queue: the row the api wrote (jobRecordId), or one keyed by queue + job id. */
export async function markActiveIn(
  prisma: PrismaClient,
  where: { queue: string; kind: string; channelId?: string },
  job: Job,
  data: { jobRecordId?: string | undefined },
): Promise<string> {
  const fields = {
    state: 'ACTIVE' as const,
    progress: 0,
    error: null,
    attempts: job.attemptsMade + 1,
    startedAt: new Date(),
    finishedAt: null,
  };
  const input = data as unknown as Prisma.InputJsonObject;
  if (data.jobRecordId) {
    const row = await prisma.jobRecord.update({
      where: { id: data.jobRecordId },
      data: { ...fields, bullJobId: job.id ?? null },
    });
    return row.id;
  }
  const row = await prisma.jobRecord.upsert({
    where: { queue_bullJobId: { queue: where.queue, bullJobId: String(job.id) } },
    create: {
      queue: where.queue,
      kind: where.kind,
      channelId: where.channelId ?? null,
      bullJobId: String(job.id),
      input,
      ...fields,
    },
    update: fields,
  });
  return row.id;
}

export function markProgress(prisma: PrismaClient, id: string, percent: number) {
  return prisma.jobRecord.update({ where: { id }, data: { progress: percent } });
}

export function markCompleted(prisma: PrismaClient, id: string, output: Prisma.InputJsonObject) {
  return prisma.jobRecord.update({
    where: { id },
    data: { state: 'COMPLETED', progress: 100, output, error: null, finishedAt: new Date() },
  });
}

/** `final` false: BullMQ will retry, so the row goes back to QUEUED but keeps the last error. */
export function markFailed(prisma: PrismaClient, id: string, error: string, final: boolean) {
  return prisma.jobRecord.update({
    where: { id },
    data: final ? { state: 'FAILED', error, finishedAt: new Date() } : { state: 'QUEUED', error },
  });
}

export function markCancelled(prisma: PrismaClient, id: string, error: string) {
  return prisma.jobRecord.update({
    where: { id },
    data: { state: 'CANCELLED', error, finishedAt: new Date() },
  });
}

/**
 * How a job stopped by an abort ends. Worker shutdown: handed back untouched (no attempt used, the row
 * QUEUED) so the next worker starts it afresh. Anything else is an operator's cancel: final, no retry,
 * and the history says so (`verb`: "cancelled", or "stopped" for a live channel). Always throws.
 */
export async function endAborted(
  prisma: PrismaClient,
  recordId: string,
  job: Job,
  token: string | undefined,
  reason: unknown,
  verb = 'cancelled',
): Promise<never> {
  if (reason === SHUTDOWN_REASON) {
    await markFailed(prisma, recordId, 'interrupted by worker shutdown; requeued', false);
    await job.moveToDelayed(Date.now() + 500, token);
    throw new DelayedError();
  }
  const message = `${verb}: ${String(reason ?? 'no reason given')}`;
  await markCancelled(prisma, recordId, message);
  throw new UnrecoverableError(message);
}
