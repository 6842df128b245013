import { LIVE_QUEUE, PROBE_KIND, PROBE_QUEUE, type TSourceProbe, ZProbeJobSchema } from '@keten/contracts';
import type { Prisma, PrismaClient } from '@keten/db/client';
import { type Job, UnrecoverableError } from 'bullmq';
import type { TEventSink } from '../events/ingest-events';
import { endAborted, markActiveIn, markCompleted, markFailed } from '../transcode/job-record';
import { ProbeAbortedError, probeSource } from './probe-source';

export type TProbeDeps = {
  prisma: PrismaClient;
  ffprobePath: string;
  events: TEventSink;
  /** Hard limit per probe (default 10 s). */
  timeoutSeconds?: number;
  /** Seconds of packets read for the timestamp check (default 3). */
  sampleSeconds?: number;
};

type THealth = 'HEALTHY' | 'DEGRADED' | 'DOWN';

/** Down when unreadable; degraded when readable but missing video or audio, or its timestamps jump. */
export function healthOf(probe: TSourceProbe): THealth {
  if (!probe.ok) return 'DOWN';
  if (!probe.video || !probe.audio || probe.timestamps.discontinuities > 0) return 'DEGRADED';
  return 'HEALTHY';
}

/** One line for the ingest timeline, e.g. "h264 640x360 25 fps, aac 2 ch". */
export function probeSummary(probe: TSourceProbe): string {
  if (!probe.ok) return `probe failed: ${probe.error ?? 'unknown reason'}`;
  const video = probe.video
    ? `${probe.video.codec} ${probe.video.width}x${probe.video.height}${probe.video.fps === null ? '' : ` ${probe.video.fps} fps`}`
    : 'no video';
  const audio = probe.audio ? `${probe.audio.codec} ${probe.audio.channels} ch` : 'no audio';
  const jumps = probe.timestamps.discontinuities;
  return `${video}, ${audio}${jumps > 0 ? `, ${jumps} timestamp discontinuit${jumps === 1 ? 'y' : 'ies'}` : ''}`;
}

function probeDetail(probe: TSourceProbe) {
  return {
    ok: probe.ok,
    formatName: probe.formatName,
    videoCodec: probe.video?.codec ?? null,
    width: probe.video?.width ?? null,
    height: probe.video?.height ?? null,
    fps: probe.video?.fps ?? null,
    audioCodec: probe.audio?.codec ?? null,
    audioChannels: probe.audio?.channels ?? null,
    sampleRate: probe.audio?.sampleRate ?? null,
    packets: probe.timestamps.packets,
    sampledSeconds: probe.timestamps.sampledSeconds,
    discontinuities: probe.timestamps.discontinuities,
  };
}

/**
 * ffprobes one source and stores what it found on the source (probe, health, lastError), on the
 * timeline (a 'probe' ingest event) and in the job's history row. A feed that is down is a probe that
 * completed with ok=false; only a source that no longer exists fails the job.
 */
export function createProbeProcessor(deps: TProbeDeps) {
  return async function processProbe(job: Job, token?: string, signal?: AbortSignal): Promise<TSourceProbe> {
    const input = ZProbeJobSchema.safeParse(job.data);
    if (!input.success) {
      const issue = input.error.issues[0];
      throw new UnrecoverableError(`probe job data is invalid: ${issue?.path.join('.')}: ${issue?.message}`);
    }
    const data = input.data;
    const source = await deps.prisma.channelSource.findUnique({
      where: { id: data.sourceId },
      select: { id: true, channelId: true, url: true },
    });
    const recordId = await markActiveIn(
      deps.prisma,
      { queue: PROBE_QUEUE, kind: PROBE_KIND, channelId: source?.channelId },
      job,
      data,
    );
    if (!source) {
      const message = `source ${data.sourceId} does not exist (deleted before it was probed?)`;
      await markFailed(deps.prisma, recordId, message, true);
      throw new UnrecoverableError(message);
    }
    const startedAt = new Date();
    let probe: TSourceProbe;
    try {
      probe = await probeSource(source.url, {
        ffprobePath: deps.ffprobePath,
        timeoutSeconds: deps.timeoutSeconds,
        sampleSeconds: deps.sampleSeconds,
        signal,
      });
    } catch (error) {
      if (error instanceof ProbeAbortedError)
        await endAborted(deps.prisma, recordId, job, token, error.reason);
      const message = error instanceof Error ? error.message : String(error);
      await markFailed(deps.prisma, recordId, message, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
      throw error instanceof Error ? error : new Error(message);
    }
    const endedAt = new Date();
    // While the channel is live its encoder watches the feed continuously and owns the health verdict;
    // a probe then only adds what it found.
    const live = await deps.prisma.jobRecord.count({
      where: { queue: LIVE_QUEUE, channelId: source.channelId, state: 'ACTIVE' },
    });
    await deps.prisma.channelSource.update({
      where: { id: source.id },
      data: {
        probe: probe as unknown as Prisma.InputJsonObject,
        lastCheckedAt: endedAt,
        ...(live > 0 ? {} : { health: healthOf(probe), lastError: probe.error }),
      },
    });
    await deps.events.emit({
      kind: 'probe',
      channelId: source.channelId,
      sourceId: source.id,
      startedAt: startedAt.toISOString(),
      endedAt: endedAt.toISOString(),
      cause: probeSummary(probe),
      detail: probeDetail(probe),
    });
    await markCompleted(deps.prisma, recordId, probe as unknown as Prisma.InputJsonObject);
    return probe;
  };
}
