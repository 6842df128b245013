import { resolve } from 'node:path';
import { LIVE_KIND, LIVE_QUEUE, qcSettingsOf, type TLiveJob, ZLiveJobSchema } from '@keten/contracts';
import type { Prisma, PrismaClient } from '@keten/db/client';
import { type Job, UnrecoverableError } from 'bullmq';
import type { TEventSink } from '../events/ingest-events';
import type { TFfmpeg } from '../ffmpeg';
import { SHUTDOWN_REASON } from '../lib/shutdown';
import type { TLiveMetrics } from '../metrics/worker-metrics';
import { feedAllowsSecondReader } from '../probe/shared-feed';
import { endAborted, markActiveIn, markFailed } from '../transcode/job-record';
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
  /** How often the channel's settings are re-read (default 10 s). */
  configCheckMs?: number;
  log?: (message: string) => void;
  /** Channels running and on air, encoder restarts (/metrics). */
  metrics?: TLiveMetrics;
};

const STATUS_EVERY_MS = 5_000;
/** Abort reason when BullMQ could not renew our lock: the job may already run elsewhere. */
export const LOCK_LOST = 'lost the job lock';
const CONFIG_EVERY_MS = 10_000;

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

type TLoaded = Awaited<ReturnType<typeof loadChannel>>;

/** What the encoders are built from; profile versions are immutable, so the id stands for the ladder. */
function fingerprint({ channel }: TLoaded): string {
  return JSON.stringify({
    sources: channel.sources.map(({ id, url, priority }) => [id, url, priority]),
    version: channel.encodingProfileVersionId,
    qc: qcSettingsOf(channel.qcSettings),
  });
}

/** Runs the channel until `signal` aborts (returns null) or its settings change (returns the new ones). */
async function runUntilChanged(
  deps: TLiveDeps,
  job: Job,
  recordId: string,
  loaded: TLoaded,
  signal: AbortSignal,
): Promise<TLoaded | null> {
  const { channel, ladder } = loaded;
  if (signal.aborted) return null;
  for (const source of channel.sources.filter((s) => feedAllowsSecondReader(s.url)))
    void deps.enqueueProbe?.(source.id).catch(() => undefined);
  const live = new LiveChannel({
    channelId: channel.id,
    slug: channel.slug,
    sources: channel.sources.map(({ id, url, priority }) => ({ id, url, priority })),
    ladder,
    qc: qcSettingsOf(channel.qcSettings),
    // Absolute: encoder command lines name their folders, and the orphan sweep matches on them.
    mediaRoot: resolve(deps.mediaRoot),
    ffmpeg: deps.ffmpeg,
    events: deps.events,
    status: prismaLiveStatus(deps.prisma, channel.id),
    settings: deps.settings,
    log: deps.log,
    onEncoderRestart: deps.metrics?.encoderRestarted,
  });
  const untrack = deps.metrics?.track(live);
  const round = new AbortController();
  const onAbort = () => round.abort(signal.reason);
  if (signal.aborted) onAbort();
  signal.addEventListener('abort', onAbort, { once: true });
  let changed: TLoaded | null = null;
  const watch = setInterval(() => {
    // A channel that can no longer load (e.g. every source disabled) keeps its running setup.
    void loadChannel(deps.prisma, { channelId: channel.id }).then(
      (fresh) => {
        if (round.signal.aborted || fingerprint(fresh) === fingerprint(loaded)) return;
        changed = fresh;
        round.abort('settings changed');
      },
      () => undefined,
    );
  }, deps.configCheckMs ?? CONFIG_EVERY_MS);
  const report = setInterval(() => {
    const status = live.status();
    void job.updateProgress(status).catch(() => undefined);
    void deps.prisma.jobRecord
      .update({ where: { id: recordId }, data: { output: status as unknown as Prisma.InputJsonObject } })
      .catch(() => undefined);
  }, STATUS_EVERY_MS);
  try {
    await live.run(round.signal);
  } finally {
    untrack?.();
    clearInterval(watch);
    clearInterval(report);
    signal.removeEventListener('abort', onAbort);
  }
  // Stopped by an operator: players are told the stream ended rather than left polling.
  if (signal.aborted && signal.reason !== SHUTDOWN_REASON && signal.reason !== LOCK_LOST)
    await live.publisher.end().catch(() => undefined);
  return signal.aborted ? null : changed;
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
    let loaded: TLoaded;
    try {
      loaded = await loadChannel(deps.prisma, data);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await markFailed(deps.prisma, recordId, message, error instanceof UnrecoverableError);
      throw error;
    }
    const stop = new AbortController();
    const onAbort = () => stop.abort(signal?.reason);
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      // A changed source list, profile version or QC threshold restarts the encoders with it; the
      // playlist carries on (numbering kept, a discontinuity where the new encoders begin).
      for (;;) {
        const next = await runUntilChanged(deps, job, recordId, loaded, stop.signal);
        if (!next) break;
        deps.log?.(`live ${loaded.channel.slug}: settings changed; restarting its encoders`);
        loaded = next;
      }
    } catch (error) {
      // E.g. the media folder cannot be written: the history says why, BullMQ tries again.
      const message = error instanceof Error ? error.message : String(error);
      await markFailed(deps.prisma, recordId, `live ingest failed: ${message}`, false).catch(() => undefined);
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    if (stop.signal.reason === LOCK_LOST)
      // Another worker holds the channel now: leave the job and its history to it.
      throw new Error('lost the lock on this live job; another worker runs the channel');
    return endAborted(deps.prisma, recordId, job, token, stop.signal.reason, 'stopped');
  };
}
