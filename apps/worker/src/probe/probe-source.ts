import { spawn } from 'node:child_process';
import { type TSourceProbe, ZSourceProbeSchema } from '@keten/contracts';
import { z } from 'zod';
import { packetsFromPartialOutput, timestampContinuity } from './continuity';

export type TProbeSourceOptions = {
  ffprobePath: string;
  /** Hard limit for the whole probe: past it ffprobe is killed and the feed counts as not answering. */
  timeoutSeconds?: number;
  /** How much of the feed's packets to read for the timestamp check. */
  sampleSeconds?: number;
  /** Aborting kills ffprobe; the promise then rejects with ProbeAbortedError. */
  signal?: AbortSignal;
};

/** The probe was stopped from outside (job cancel, worker shutdown); `reason` is the abort reason. */
export class ProbeAbortedError extends Error {
  constructor(readonly reason: unknown) {
    super(`probe aborted: ${String(reason ?? 'no reason given')}`);
    this.name = 'ProbeAbortedError';
  }
}

const DEFAULT_TIMEOUT_SECONDS = 10;
const DEFAULT_SAMPLE_SECONDS = 3;
const STDERR_LINES = 20;

const ZRatioSchema = z.string().optional();
const ZFfprobeOutputSchema = z.object({
  format: z
    .object({
      format_name: z.string().optional(),
      start_time: z.coerce.number().optional(),
      duration: z.coerce.number().optional(),
    })
    .optional(),
  streams: z
    .array(
      z.object({
        index: z.number(),
        codec_type: z.string().optional(),
        codec_name: z.string().optional(),
        profile: z.union([z.string(), z.number()]).optional(),
        width: z.number().optional(),
        height: z.number().optional(),
        avg_frame_rate: ZRatioSchema,
        r_frame_rate: ZRatioSchema,
        channels: z.number().optional(),
        sample_rate: z.coerce.number().optional(),
      }),
    )
    .default([]),
  packets: z
    .array(
      z.object({
        stream_index: z.number(),
        dts_time: z.string().optional(),
        pts_time: z.string().optional(),
      }),
    )
    .default([]),
});
type TFfprobeOutput = z.infer<typeof ZFfprobeOutputSchema>;

/** The ffprobe option that bounds a stalled read, by protocol (microseconds); files need none. */
function ioTimeoutArgs(url: string, seconds: number): string[] {
  const scheme = /^([a-z0-9+.-]+):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (!scheme || scheme === 'file') return [];
  const micros = String(Math.round(seconds * 1_000_000));
  return ['udp', 'rtp', 'srt'].includes(scheme) ? ['-timeout', micros] : ['-rw_timeout', micros];
}

export function ffprobeArgs(url: string, timeoutSeconds: number, sampleSeconds: number): string[] {
  // A stalled read gives up well before the hard limit, so ffprobe names the reason itself.
  const ioSeconds = Math.max(1, Math.min(5, timeoutSeconds / 2));
  return [
    '-hide_banner',
    '-v',
    'error',
    '-probesize',
    '500000',
    '-analyzeduration',
    '1000000',
    ...ioTimeoutArgs(url, ioSeconds),
    '-read_intervals',
    `%+${sampleSeconds}`,
    '-show_format',
    '-show_streams',
    '-show_packets',
    '-show_entries',
    'format=format_name,start_time,duration:stream=index,codec_type,codec_name,profile,width,height,avg_frame_rate,r_frame_rate,channels,sample_rate:packet=stream_index,dts_time,pts_time',
    '-of',
    'json=compact=1',
    url,
  ];
}

type TRun = { code: number | null; stdout: string; stderrTail: string[]; timedOut: boolean };

/** Runs ffprobe without blocking the event loop; killed at the hard limit or on abort. */
function runFfprobe(
  ffprobePath: string,
  args: string[],
  timeoutSeconds: number,
  signal?: AbortSignal,
): Promise<TRun> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new ProbeAbortedError(signal.reason));
      return;
    }
    const child = spawn(ffprobePath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-8_000);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutSeconds * 1000);
    const onAbort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    child.once('error', (error) => {
      done();
      reject(new Error(`could not run ffprobe (${ffprobePath}): ${error.message}`));
    });
    child.once('close', (code) => {
      done();
      if (signal?.aborted) {
        reject(new ProbeAbortedError(signal.reason));
        return;
      }
      const stderrTail = stderr
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .slice(-STDERR_LINES);
      resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderrTail, timedOut });
    });
  });
}

/** ffprobe's reason without the feed's URL (which may carry credentials) or a decoder's `[h264 @ 0x…]` tag. */
function reasonOf(stderrTail: string[], url: string): string {
  const line = stderrTail.findLast((text) => !text.startsWith('[')) ?? stderrTail.at(-1);
  if (!line) return 'ffprobe failed without saying why';
  return line.startsWith(`${url}: `) ? line.slice(url.length + 2) : line;
}

function frameRate(...ratios: (string | undefined)[]): number | null {
  for (const ratio of ratios) {
    const [num, den] = (ratio ?? '').split('/').map(Number);
    if (num && den && Number.isFinite(num / den)) return Math.round((num / den) * 1000) / 1000;
  }
  return null;
}

function endOfInput(format: TFfprobeOutput['format']): number | null {
  const { start_time: start, duration } = format ?? {};
  return start !== undefined && duration !== undefined && Number.isFinite(start + duration)
    ? start + duration
    : null;
}

function summarise(output: TFfprobeOutput, probedAt: string, sampleSeconds: number): TSourceProbe {
  const video = output.streams.find((s) => s.codec_type === 'video');
  const audio = output.streams.find((s) => s.codec_type === 'audio');
  const avIndexes = new Set(
    output.streams.filter((s) => s.codec_type === 'video' || s.codec_type === 'audio').map((s) => s.index),
  );
  const timestamps = timestampContinuity(
    output.packets.filter((p) => avIndexes.has(p.stream_index)),
    { windowSeconds: sampleSeconds, endOfInput: endOfInput(output.format) },
  );
  const nothing = !video && !audio;
  return ZSourceProbeSchema.parse({
    probedAt,
    ok: !nothing,
    error: nothing ? 'the feed carries no audio or video stream' : null,
    formatName: output.format?.format_name ?? null,
    video: video
      ? {
          codec: video.codec_name ?? 'unknown',
          profile: video.profile === undefined ? null : String(video.profile),
          width: video.width ?? 0,
          height: video.height ?? 0,
          fps: frameRate(video.avg_frame_rate, video.r_frame_rate),
        }
      : null,
    audio: audio
      ? {
          codec: audio.codec_name ?? 'unknown',
          channels: audio.channels ?? 0,
          sampleRate: audio.sample_rate ?? 0,
        }
      : null,
    timestamps,
  });
}

function failed(
  probedAt: string,
  error: string,
  timestamps: TSourceProbe['timestamps'] = { sampledSeconds: 0, packets: 0, discontinuities: 0 },
): TSourceProbe {
  return {
    probedAt,
    ok: false,
    error,
    formatName: null,
    video: null,
    audio: null,
    timestamps,
  };
}

/**
 * ffprobes a live feed (or a file): codecs, resolution, frame rate, audio, and timestamp continuity
 * over the first `sampleSeconds` of packets. A feed that cannot be read is a result with ok=false and
 * ffprobe's reason, never a throw; only an abort (ProbeAbortedError) or a missing ffprobe throws.
 */
export async function probeSource(url: string, options: TProbeSourceOptions): Promise<TSourceProbe> {
  const timeoutSeconds = options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  const sampleSeconds = options.sampleSeconds ?? DEFAULT_SAMPLE_SECONDS;
  const probedAt = new Date().toISOString();
  const run = await runFfprobe(
    options.ffprobePath,
    ffprobeArgs(url, timeoutSeconds, sampleSeconds),
    timeoutSeconds,
    options.signal,
  );
  if (run.timedOut) {
    // Packets but no end: the sample's clock never reached its end, e.g. timestamps that went back.
    const packets = packetsFromPartialOutput(run.stdout);
    if (packets.length === 0) return failed(probedAt, `no answer from the feed within ${timeoutSeconds} s`);
    return failed(
      probedAt,
      `the feed answered but its timestamps did not cover ${sampleSeconds} s within ${timeoutSeconds} s (did they jump back?)`,
      timestampContinuity(packets),
    );
  }
  if (run.code !== 0) return failed(probedAt, reasonOf(run.stderrTail, url));
  let json: unknown;
  try {
    json = JSON.parse(run.stdout);
  } catch {
    return failed(probedAt, 'ffprobe gave no readable answer');
  }
  const parsed = ZFfprobeOutputSchema.safeParse(json);
  if (!parsed.success) return failed(probedAt, `unexpected ffprobe output: ${parsed.error.message}`);
  return summarise(parsed.data, probedAt, sampleSeconds);
}
