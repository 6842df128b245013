import { LIVE_QUEUE, liveJobId, qcSettingsOf, type TSourceProbe, ZSourceProbeSchema } from '@keten/contracts';
import type { Prisma } from '@keten/db/client';
import type { TDeps } from '../deps';
import { readChannelIngest, type TChannelIngest } from '../ingest/ingest.service';
import { queueFor } from '../jobs/jobs.queues';
import { KetenError } from '../lib/errors';
import type { TChannelHealthInput } from './channels.live.schema';

const healthFields = {
  id: true,
  name: true,
  lcn: true,
  slug: true,
  state: true,
  onAirSourceId: true,
  lastFailoverAt: true,
  qcSettings: true,
  encodingProfileVersion: {
    select: { id: true, version: true, profile: { select: { code: true, name: true } } },
  },
  sources: {
    select: {
      id: true,
      priority: true,
      protocol: true,
      url: true,
      enabled: true,
      health: true,
      lastCheckedAt: true,
      lastError: true,
      probe: true,
    },
    orderBy: { priority: 'asc' },
  },
} satisfies Prisma.ChannelSelect;

const liveRecordFields = {
  id: true,
  state: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  attempts: true,
  error: true,
} satisfies Prisma.JobRecordSelect;

function probeOf(stored: Prisma.JsonValue): TSourceProbe | null {
  const parsed = ZSourceProbeSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

/**
 * Everything the channel health view shows: sources with health and last probe, which one is on air,
 * the live job, the QC thresholds, and the ingest findings of [from, to) from ClickHouse. When ClickHouse
 * cannot answer, the rest is still returned with `timeline: null` and the reason.
 */
export async function getChannelHealth(deps: TDeps, input: TChannelHealthInput) {
  const channel = await deps.prisma.channel.findUnique({ where: { id: input.id }, select: healthFields });
  if (!channel) throw new KetenError('NOT_FOUND', 'No channel with this id.', 'id');
  const { sources, encodingProfileVersion, qcSettings, onAirSourceId, lastFailoverAt, ...fields } = channel;

  const views = sources.map(({ probe, ...source }) => ({
    ...source,
    probe: probeOf(probe),
    isOnAir: source.id === onAirSourceId,
  }));
  const record = await deps.prisma.jobRecord.findFirst({
    where: { queue: LIVE_QUEUE, channelId: channel.id },
    orderBy: { createdAt: 'desc' },
    select: liveRecordFields,
  });

  let timeline: TChannelIngest | null = null;
  let timelineError: string | null = null;
  try {
    timeline = await readChannelIngest(deps.clickhouse, {
      channelId: channel.id,
      from: input.from,
      to: input.to,
    });
  } catch (error) {
    timelineError = `The ingest timeline could not be read: ${error instanceof Error ? error.message : String(error)}`;
  }

  return {
    channel: fields,
    profileVersion: encodingProfileVersion
      ? {
          id: encodingProfileVersion.id,
          version: encodingProfileVersion.version,
          profileCode: encodingProfileVersion.profile.code,
          profileName: encodingProfileVersion.profile.name,
        }
      : null,
    sources: views,
    onAir: views.find((source) => source.isOnAir) ?? null,
    lastFailoverAt,
    live: { record, queue: await liveQueueState(deps, channel.id) },
    qcSettings: qcSettingsOf(qcSettings),
    window: { from: input.from, to: input.to },
    timeline,
    timelineError,
  };
}
export type TChannelHealth = Awaited<ReturnType<typeof getChannelHealth>>;

/** The channel's live job as BullMQ sees it (null when it is not on the queue, or Redis cannot say). */
async function liveQueueState(deps: TDeps, channelId: string) {
  try {
    const job = await queueFor(deps.redis, deps.workerQueuePrefix, LIVE_QUEUE).getJob(liveJobId(channelId));
    if (!job) return null;
    return {
      state: await job.getState(),
      attemptsMade: job.attemptsMade,
      failedReason: job.failedReason || null,
    };
  } catch {
    return null;
  }
}
