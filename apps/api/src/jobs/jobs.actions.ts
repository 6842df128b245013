import {
  TRANSCODE_JOB_OPTIONS,
  TRANSCODE_KIND,
  TRANSCODE_QUEUE,
  type TTranscodeJob,
  ZTranscodeJobSchema,
} from '@keten/contracts';
import type { PrismaClient } from '@keten/db/client';
import type { Redis } from 'ioredis';
import { recordAudit, type TActor } from '../audit/audit.service';
import { KetenError } from '../lib/errors';
import { resolveMediaSource } from './jobs.paths';
import { queueFor } from './jobs.queues';
import type { TTranscodeCreateInput } from './jobs.schema';
import { getJob } from './jobs.service';

export type TJobStores = {
  prisma: PrismaClient;
  redis: Redis;
  mediaRoot: string;
  workerQueuePrefix?: string;
};

// States in which BullMQ still lets us take a job off the queue (the worker has not locked it).
const REMOVABLE = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children']);

/** Writes the history row first, then enqueues with jobId = row id, so the worker always finds its row. */
export async function createTranscode(stores: TJobStores, actor: TActor, input: TTranscodeCreateInput) {
  const sourcePath = await resolveMediaSource(stores.mediaRoot, input.sourcePath);
  const version = await stores.prisma.encodingProfileVersion.findUnique({
    where: { id: input.profileVersionId },
    select: { id: true },
  });
  if (!version)
    throw new KetenError('NOT_FOUND', 'No encoding profile version with this id.', 'profileVersionId');

  const record = await stores.prisma.$transaction(async (tx) => {
    const created = await tx.jobRecord.create({
      data: {
        queue: TRANSCODE_QUEUE,
        kind: TRANSCODE_KIND,
        state: 'QUEUED',
        input: { sourcePath, profileVersionId: input.profileVersionId, outputKey: input.outputKey },
      },
    });
    const row = await tx.jobRecord.update({ where: { id: created.id }, data: { bullJobId: created.id } });
    await recordAudit(tx, actor, {
      action: 'job.create',
      entityType: 'JobRecord',
      entityId: row.id,
      after: row,
    });
    return row;
  });
  const data: TTranscodeJob = ZTranscodeJobSchema.parse({ ...input, sourcePath, jobRecordId: record.id });
  await enqueue(stores, record.id, data);
  return getJob(stores.prisma, record.id);
}

async function enqueue(stores: TJobStores, recordId: string, data: TTranscodeJob) {
  try {
    await queueFor(stores.redis, stores.workerQueuePrefix, TRANSCODE_QUEUE).add(TRANSCODE_KIND, data, {
      ...TRANSCODE_JOB_OPTIONS,
      jobId: recordId,
    });
  } catch (error) {
    // The history must not claim a job is queued when Redis never got it.
    const reason = `could not reach the queue: ${error instanceof Error ? error.message : String(error)}`;
    await stores.prisma.jobRecord.update({
      where: { id: recordId },
      data: { state: 'FAILED', error: reason, finishedAt: new Date() },
    });
    throw new KetenError('CONFLICT', reason);
  }
}

/** A failed or cancelled job runs again from the start, under the same history row. */
export async function retryJob(stores: TJobStores, actor: TActor, id: string) {
  const before = await getJob(stores.prisma, id);
  if (before.state !== 'FAILED' && before.state !== 'CANCELLED')
    throw new KetenError(
      'CONFLICT',
      `Only failed or cancelled jobs can be retried; this one is ${before.state.toLowerCase()}.`,
      'id',
    );
  const queue = queueFor(stores.redis, stores.workerQueuePrefix, before.queue);
  const job = before.bullJobId ? await queue.getJob(before.bullJobId) : undefined;
  if (job && (await job.getState()) === 'failed') await job.retry('failed');
  else {
    if (job) await job.remove();
    const data = ZTranscodeJobSchema.parse({ ...before.input, jobRecordId: id });
    await queue.add(TRANSCODE_KIND, data, { ...TRANSCODE_JOB_OPTIONS, jobId: id });
  }
  return stores.prisma.$transaction(async (tx) => {
    const after = await tx.jobRecord.update({
      where: { id },
      data: { state: 'QUEUED', progress: 0, finishedAt: null, bullJobId: id },
    });
    await recordAudit(tx, actor, {
      action: 'job.retry',
      entityType: 'JobRecord',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

/** Takes a waiting or delayed job off the queue. A running one can only be stopped by its worker. */
export async function cancelJob(stores: TJobStores, actor: TActor, id: string) {
  const before = await getJob(stores.prisma, id);
  if (before.state !== 'QUEUED')
    throw new KetenError(
      'CONFLICT',
      before.state === 'ACTIVE'
        ? 'This job is running; a running transcode cannot be cancelled from the console yet.'
        : `This job already ended (${before.state.toLowerCase()}).`,
      'id',
    );
  const queue = queueFor(stores.redis, stores.workerQueuePrefix, before.queue);
  const job = before.bullJobId ? await queue.getJob(before.bullJobId) : undefined;
  if (job) {
    const state = await job.getState();
    const removed = REMOVABLE.has(state)
      ? await job.remove().then(
          () => true,
          () => false,
        )
      : false;
    if (!removed)
      throw new KetenError(
        'CONFLICT',
        'A worker has just started this job; it can no longer be cancelled.',
        'id',
      );
  }
  return stores.prisma.$transaction(async (tx) => {
    const after = await tx.jobRecord.update({
      where: { id },
      data: { state: 'CANCELLED', error: `cancelled by ${actor.email}`, finishedAt: new Date() },
    });
    await recordAudit(tx, actor, {
      action: 'job.cancel',
      entityType: 'JobRecord',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}
