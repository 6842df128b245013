import {
  PROBE_JOB_OPTIONS,
  PROBE_KIND,
  PROBE_QUEUE,
  type TProbeJob,
  ZProbeJobSchema,
} from '@keten/contracts';
import { recordAudit, type TActor } from '../audit/audit.service';
import { enqueueOrFail } from '../jobs/jobs.enqueue';
import { queueFor } from '../jobs/jobs.queues';
import { KetenError } from '../lib/errors';
import type { TLiveStores } from './channels.live';

/** Queues an ffprobe of one source feed: history row and audit first, then the job with jobId = row id. */
export async function probeSource(stores: TLiveStores, actor: TActor, sourceId: string) {
  const source = await stores.prisma.channelSource.findUnique({
    where: { id: sourceId },
    select: { id: true, channelId: true, url: true },
  });
  if (!source) throw new KetenError('NOT_FOUND', 'No source with this id.', 'sourceId');

  const record = await stores.prisma.$transaction(async (tx) => {
    const created = await tx.jobRecord.create({
      data: {
        queue: PROBE_QUEUE,
        kind: PROBE_KIND,
        state: 'QUEUED',
        channelId: source.channelId,
        input: { sourceId: source.id, url: source.url },
      },
    });
    const row = await tx.jobRecord.update({ where: { id: created.id }, data: { bullJobId: created.id } });
    await recordAudit(tx, actor, {
      action: 'channel.source.probe',
      entityType: 'ChannelSource',
      entityId: source.id,
      after: row,
    });
    return row;
  });

  const data: TProbeJob = ZProbeJobSchema.parse({ sourceId: source.id, jobRecordId: record.id });
  await enqueueOrFail(stores.prisma, record.id, () =>
    queueFor(stores.redis, stores.workerQueuePrefix, PROBE_QUEUE).add(PROBE_KIND, data, {
      ...PROBE_JOB_OPTIONS,
      jobId: record.id,
    }),
  );
  return record;
}
