import { LIVE_JOB_OPTIONS, LIVE_KIND, LIVE_QUEUE, liveJobId, ZLiveJobSchema } from '@keten/contracts';
import type { PrismaClient } from '@keten/db/client';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

const RUNNING = new Set(['active', 'waiting', 'delayed', 'prioritized']);

/**
 * Queues a channel's live job unless one is queued or running, with its history row, as the console's
 * "Start live" does. Returns what it did, for the log.
 */
export async function ensureLiveJob(prisma: PrismaClient, redis: Redis, prefix: string, slug: string) {
  const channel = await prisma.channel.findUnique({ where: { slug }, select: { id: true } });
  if (!channel) return `no channel "${slug}" (run the seed)`;
  const queue = new Queue(LIVE_QUEUE, { connection: redis, prefix });
  try {
    const jobId = liveJobId(channel.id);
    const existing = await queue.getJob(jobId);
    const state = existing ? await existing.getState() : null;
    if (state && RUNNING.has(state)) return `already ${state}`;
    if (existing) await existing.remove();
    const record = await prisma.$transaction(async (tx) => {
      await tx.jobRecord.updateMany({
        where: { queue: LIVE_QUEUE, bullJobId: jobId },
        data: { bullJobId: null },
      });
      return tx.jobRecord.create({
        data: {
          queue: LIVE_QUEUE,
          kind: LIVE_KIND,
          state: 'QUEUED',
          channelId: channel.id,
          bullJobId: jobId,
          input: { channelId: channel.id },
        },
      });
    });
    const data = ZLiveJobSchema.parse({ channelId: channel.id, jobRecordId: record.id });
    await queue.add(LIVE_KIND, data, { ...LIVE_JOB_OPTIONS, jobId });
    return 'queued';
  } finally {
    await queue.close();
  }
}
