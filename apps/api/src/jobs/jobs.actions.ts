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
import { requestJobCancel } from './jobs.cancel';
import { enqueueOrFail } from './jobs.enqueue';
import { resolveMediaInput } from './jobs.paths';
import { queueFor } from './jobs.queues';
import { requeueSpecOf } from './jobs.requeue';
import type { TTranscodeCreateInput } from './jobs.schema';
import { getJob } from './jobs.service';

export type TJobStores = {
  prisma: PrismaClient;
  redis: Redis;
  mediaRoot: string;
  ffprobePath?: string;
  workerQueuePrefix?: string;
};

// States in which BullMQ still lets us take a job off the queue (the worker has not locked it).
const REMOVABLE = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children']);

/** Writes the history row first, then enqueues with jobId = row id, so the worker always finds its row. */
export async function createTranscode(stores: TJobStores, actor: TActor, input: TTranscodeCreateInput) {
  const source = await resolveMediaInput(stores.mediaRoot, input.inputFile);
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
        // The worker's path, and the name the console shows (it never shows a path on the server).
        input: {
          sourcePath: source.path,
          inputFile: source.name,
          profileVersionId: input.profileVersionId,
          outputKey: input.outputKey,
        },
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
  const data: TTranscodeJob = ZTranscodeJobSchema.parse({
    sourcePath: source.path,
    profileVersionId: input.profileVersionId,
    outputKey: input.outputKey,
    jobRecordId: record.id,
  });
  await enqueue(stores, record.id, data);
  return getJob(stores.prisma, record.id);
}

function enqueue(stores: TJobStores, recordId: string, data: TTranscodeJob) {
  return enqueueOrFail(stores.prisma, recordId, () =>
    queueFor(stores.redis, stores.workerQueuePrefix, TRANSCODE_QUEUE).add(TRANSCODE_KIND, data, {
      ...TRANSCODE_JOB_OPTIONS,
      jobId: recordId,
    }),
  );
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
  // The stored input as enqueued (getJob gives a summary for the table).
  const stored = await stores.prisma.jobRecord.findUnique({ where: { id }, select: { input: true } });
  const spec = requeueSpecOf({ id, queue: before.queue, input: stored?.input });
  const job = await queue.getJob(before.bullJobId ?? spec.jobId);
  const state = job ? await job.getState() : null;
  if (job && before.bullJobId && state === 'failed') await job.retry('failed');
  else {
    // A live channel has one job id for all its runs: another run still on the queue blocks this one.
    if (state && (REMOVABLE.has(state) || state === 'active'))
      throw new KetenError('CONFLICT', 'Another run of this job is queued or running.', 'id');
    if (job) await job.remove();
    await queue.add(spec.name, spec.data, { ...spec.options, jobId: spec.jobId });
  }
  return stores.prisma.$transaction(async (tx) => {
    // (queue, bullJobId) is unique: an older row holding this job id (a live channel's) lets go of it.
    await tx.jobRecord.updateMany({
      where: { queue: before.queue, bullJobId: spec.jobId, id: { not: id } },
      data: { bullJobId: null },
    });
    const after = await tx.jobRecord.update({
      where: { id },
      data: { state: 'QUEUED', progress: 0, finishedAt: null, bullJobId: spec.jobId },
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

/**
 * A job still on the queue is taken off it. A running one is stopped by its worker: the request goes out
 * over Redis and that worker marks the job CANCELLED once ffmpeg has stopped.
 */
export async function cancelJob(stores: TJobStores, actor: TActor, id: string) {
  const before = await getJob(stores.prisma, id);
  if (before.state !== 'QUEUED' && before.state !== 'ACTIVE')
    throw new KetenError('CONFLICT', `This job already ended (${before.state.toLowerCase()}).`, 'id');
  const queue = queueFor(stores.redis, stores.workerQueuePrefix, before.queue);
  const job = before.bullJobId ? await queue.getJob(before.bullJobId) : undefined;
  // Waiting, delayed, or back in the queue after its worker died (the history may still say ACTIVE).
  const removed =
    job !== undefined &&
    REMOVABLE.has(await job.getState()) &&
    (await job.remove().then(
      () => true,
      () => false,
    ));
  if (!removed) {
    // A worker holds it, or took it between our read and now: stop it there.
    if (before.state === 'ACTIVE' || (job && (await job.getState()) === 'active'))
      return cancelRunning(stores, actor, before);
    if (job)
      throw new KetenError('CONFLICT', 'A worker has just taken this job; try again in a moment.', 'id');
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

type TJobView = Awaited<ReturnType<typeof getJob>>;

/** Audited in the same transaction as the request goes out; nobody listening undoes both. */
async function cancelRunning(stores: TJobStores, actor: TActor, before: TJobView) {
  if (!before.bullJobId)
    throw new KetenError(
      'CONFLICT',
      'This job has no queue entry, so no worker can be asked to stop it.',
      'id',
    );
  const bullJobId = before.bullJobId;
  await stores.prisma.$transaction(async (tx) => {
    await recordAudit(tx, actor, {
      action: 'job.cancel',
      entityType: 'JobRecord',
      entityId: before.id,
      before,
      after: { state: before.state, cancelRequested: true },
    });
    const heard = await requestJobCancel(stores.redis, stores.workerQueuePrefix, {
      queue: before.queue,
      jobId: bullJobId,
      reason: `by ${actor.email}`,
    });
    if (heard === 0)
      throw new KetenError(
        'CONFLICT',
        'No worker is listening for cancel requests, so this running job could not be stopped; it keeps running.',
        'id',
      );
  });
  // Still ACTIVE here: the worker marks it CANCELLED once its ffmpeg has stopped.
  return stores.prisma.jobRecord.findUniqueOrThrow({ where: { id: before.id } });
}
