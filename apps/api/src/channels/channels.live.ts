import {
  LIVE_JOB_OPTIONS,
  LIVE_KIND,
  LIVE_QUEUE,
  liveJobId,
  type TLiveJob,
  ZLiveJobSchema,
} from '@keten/contracts';
import { Prisma } from '@keten/db/client';
import { recordAudit, type TActor } from '../audit/audit.service';
import type { TDeps } from '../deps';
import { requestJobCancel } from '../jobs/jobs.cancel';
import { enqueueOrFail } from '../jobs/jobs.enqueue';
import { queueFor } from '../jobs/jobs.queues';
import { KetenError } from '../lib/errors';

export type TLiveStores = Pick<TDeps, 'prisma' | 'redis' | 'workerQueuePrefix'>;

// BullMQ states in which the job can still be taken off the queue, and those in which a worker holds it.
const REMOVABLE = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children']);
const OPEN_STATES = ['QUEUED', 'ACTIVE'] as const;

const liveQueue = (stores: TLiveStores) => queueFor(stores.redis, stores.workerQueuePrefix, LIVE_QUEUE);

/**
 * Starts a channel's live ingest: one job per channel (jobId `live-<channelId>`). Refused while one is
 * queued or running, and for a channel with no enabled source or no pinned profile version. The history row
 * and its audit land first; if Redis then refuses the job, the row is marked FAILED.
 */
export async function startLive(stores: TLiveStores, actor: TActor, channelId: string) {
  const channel = await stores.prisma.channel.findUnique({
    where: { id: channelId },
    select: {
      id: true,
      name: true,
      encodingProfileVersionId: true,
      sources: { where: { enabled: true }, select: { id: true } },
    },
  });
  if (!channel) throw new KetenError('NOT_FOUND', 'No channel with this id.', 'id');
  if (channel.sources.length === 0)
    throw new KetenError(
      'CONFLICT',
      `${channel.name} has no enabled source to take in; enable one first.`,
      'id',
    );
  if (!channel.encodingProfileVersionId)
    throw new KetenError(
      'CONFLICT',
      `${channel.name} has no encoding profile version pinned; pin one before going live.`,
      'id',
    );

  const bullJobId = liveJobId(channel.id);
  const existing = await liveQueue(stores).getJob(bullJobId);
  const existingState = existing ? await existing.getState() : null;
  if (existingState && (REMOVABLE.has(existingState) || existingState === 'active'))
    throw new KetenError(
      'CONFLICT',
      `Live ingest of ${channel.name} is already ${existingState === 'active' ? 'running' : 'queued'}.`,
      'id',
    );

  const record = await stores.prisma
    .$transaction(async (tx) => {
      // The queue no longer holds a job for this channel: rows still open lost theirs (e.g. Redis was emptied).
      await tx.jobRecord.updateMany({
        where: { queue: LIVE_QUEUE, channelId: channel.id, state: { in: [...OPEN_STATES] } },
        data: { state: 'FAILED', error: 'no longer on the live queue', finishedAt: new Date() },
      });
      // (queue, bullJobId) is unique and every run of a channel uses the same job id: older rows let go of it.
      await tx.jobRecord.updateMany({ where: { queue: LIVE_QUEUE, bullJobId }, data: { bullJobId: null } });
      const row = await tx.jobRecord.create({
        data: {
          queue: LIVE_QUEUE,
          kind: LIVE_KIND,
          state: 'QUEUED',
          channelId: channel.id,
          bullJobId,
          input: { channelId: channel.id },
        },
      });
      await recordAudit(tx, actor, {
        action: 'channel.live.start',
        entityType: 'Channel',
        entityId: channel.id,
        after: row,
      });
      return row;
    })
    .catch((error: unknown) => {
      // Two starts at once: the loser's row collides on (queue, bullJobId).
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
        throw new KetenError('CONFLICT', `Live ingest of ${channel.name} is already queued.`, 'id');
      throw error;
    });

  const data: TLiveJob = ZLiveJobSchema.parse({ channelId: channel.id, jobRecordId: record.id });
  await enqueueOrFail(stores.prisma, record.id, async () => {
    // A finished job under the same id would make add() a no-op.
    if (existing) await existing.remove();
    await liveQueue(stores).add(LIVE_KIND, data, { ...LIVE_JOB_OPTIONS, jobId: bullJobId });
  });
  return record;
}

/**
 * Stops a channel's live ingest. A job still waiting (or waiting to restart) is taken off the queue and its
 * row CANCELLED here; a running one is asked to stop through the cancel channel, and its worker marks the row.
 */
export async function stopLive(stores: TLiveStores, actor: TActor, channelId: string) {
  const channel = await stores.prisma.channel.findUnique({
    where: { id: channelId },
    select: { id: true, name: true },
  });
  if (!channel) throw new KetenError('NOT_FOUND', 'No channel with this id.', 'id');
  const bullJobId = liveJobId(channel.id);
  const job = await liveQueue(stores).getJob(bullJobId);
  const state = job ? await job.getState() : null;

  let removed = false;
  if (job && state && REMOVABLE.has(state)) {
    removed = await job.remove().then(
      () => true,
      () => false,
    );
  }
  const open = await stores.prisma.jobRecord.findMany({
    where: { queue: LIVE_QUEUE, channelId: channel.id, state: { in: [...OPEN_STATES] } },
    select: { id: true },
  });
  const running = !removed && (state === 'active' || (state !== null && REMOVABLE.has(state)));
  if (!running && !removed && open.length === 0)
    throw new KetenError('CONFLICT', `Live ingest of ${channel.name} is not running.`, 'id');

  const workersNotified = running
    ? await requestJobCancel(stores.redis, stores.workerQueuePrefix, {
        queue: LIVE_QUEUE,
        jobId: bullJobId,
        reason: `stopped by ${actor.email}`,
      })
    : 0;

  return stores.prisma.$transaction(async (tx) => {
    // Running: the worker that holds the job marks its row when it has stopped.
    if (!running) {
      await tx.jobRecord.updateMany({
        where: { id: { in: open.map((row) => row.id) } },
        data: { state: 'CANCELLED', error: `stopped by ${actor.email}`, finishedAt: new Date() },
      });
    }
    const outcome = running ? ('stop-requested' as const) : ('removed' as const);
    await recordAudit(tx, actor, {
      action: 'channel.live.stop',
      entityType: 'Channel',
      entityId: channel.id,
      after: { outcome, jobRecordIds: open.map((row) => row.id), workersNotified },
    });
    return { outcome, workersNotified };
  });
}
