import { LIVE_KIND, LIVE_QUEUE, qcSettingsOf, type TLiveJob, ZLiveJobSchema } from '@keten/contracts';
import type { Prisma, PrismaClient } from '@keten/db/client';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { TEventSink } from '../events/ingest-events';
import type { TFfmpeg } from '../ffmpeg';
import { SHUTDOWN_REASON } from '../lib/shutdown';
import { feedAllowsSecondReader } from '../probe/shared-feed';
import { markActiveIn, markCancelled, markFailed } from '../transcode/job-record';
import { loadLadder } from '../transcode/ladder';
import { LiveChannel, type TLiveSettings } from './live-channel';
import { prismaLiveStatus } from './live-status';

export type TLiveDeps = {
  prisma: PrismaClient;
  ffmpeg: TFfmpeg;
  mediaRoot: string;
  events: TEventSink;
  settings: TLiveSettings;
  /** Queues an ffprobe of a source; called for each source a probe can share with the encoder. */
  enqueueProbe?: (sourceId: string) => Promise<void>;
  log?: (message: string) => void;
};

const STATUS_EVERY_MS = 5_000;

async function loadChannel(prisma: PrismaClient, data: TLiveJob) {
  const channel = await prisma.channel.findUnique({
    where: { id: data.channelId },
    include: { sources: { where: { enabled: true }, orderBy: { priority: 'asc' } } },
  });
  if (!channel) throw new UnrecoverableError(`channel ${data.channelId} does not exist`);
  if (channel.sources.length === 0)
    throw new UnrecoverableError(`channel ${channel.name} has no enabled source`);
  if (!channel.encodingProfileVersionId)
    throw new UnrecoverableError(`channel ${channel.name} has no pinned encoding profile version`);
  const ladder = await loadLadder(prisma, channel.encodingProfileVersionId);
  if (!ladder) throw new UnrecoverableError(`channel ${channel.name}: its profile version no longer exists`);
  return { channel, ladder };
}

/**
 * One live channel for as long as the job lives: it ends only when stopped from the console (final)
 * or when the worker shuts down (handed back, so another worker takes the channel over at once).
 */
export function createLiveProcessor(deps: TLiveDeps) {
  return async function processLive(job: Job, token?: string, signal?: AbortSignal): Promise<void> {
    const data = ZLiveJobSchema.parse(job.data);
    const recordId = await markActiveIn(
      deps.prisma,
      { queue: LIVE_QUEUE, kind: LIVE_KIND, channelId: data.channelId },
      job,
      data,
    );
    let loaded: Awaited<ReturnType<typeof loadChannel>>;
    try {
      loaded = await loadChannel(deps.prisma, data);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await markFailed(deps.prisma, recordId, message, error instanceof UnrecoverableError);
      throw error;
    }
    const { channel, ladder } = loaded;
    for (const source of channel.sources.filter((s) => feedAllowsSecondReader(s.url)))
      await deps.enqueueProbe?.(source.id).catch(() => undefined);
    const live = new LiveChannel({
      channelId: channel.id,
      slug: channel.slug,
      sources: channel.sources.map(({ id, url, priority }) => ({ id, url, priority })),
      ladder,
      qc: qcSettingsOf(channel.qcSettings),
      mediaRoot: deps.mediaRoot,
      ffmpeg: deps.ffmpeg,
      events: deps.events,
      status: prismaLiveStatus(deps.prisma, channel.id),
      settings: deps.settings,
      log: deps.log,
    });
    const stop = new AbortController();
    const onAbort = () => stop.abort(signal?.reason);
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const report = setInterval(() => {
      const status = live.status();
      void job.updateProgress(status).catch(() => undefined);
      void deps.prisma.jobRecord
        .update({ where: { id: recordId }, data: { output: status as unknown as Prisma.InputJsonObject } })
        .catch(() => undefined);
    }, STATUS_EVERY_MS);
    try {
      await live.run(stop.signal);
    } finally {
      clearInterval(report);
      signal?.removeEventListener('abort', onAbort);
    }
    if (stop.signal.reason === SHUTDOWN_REASON) {
      await markFailed(deps.prisma, recordId, 'interrupted by worker shutdown; requeued', false);
      await job.moveToDelayed(Date.now() + 500, token);
      throw new DelayedError();
    }
    const reason = `stopped: ${String(stop.signal.reason ?? 'no reason given')}`;
    await markCancelled(deps.prisma, recordId, reason);
    throw new UnrecoverableError(reason);
  };
}
