import { parseEnv } from '@keten/contracts/env';
import { ZMetricsTokenSchema } from '@keten/contracts/metrics';
import { z } from 'zod';

const ZWorkerEnvSchema = z.object({
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// URL' }),
  WORKER_QUEUE_PREFIX: z.string().min(1).default('keten'),
  /** A job's lock lasts this long unrenewed: a killed worker's jobs are picked up again after it. */
  WORKER_LOCK_SECONDS: z.coerce.number().min(1).max(600).default(30),
  /** How often each worker looks for jobs whose lock lapsed (their worker died) and requeues them. */
  WORKER_STALLED_CHECK_SECONDS: z.coerce.number().min(1).max(600).default(30),
  WORKER_SHUTDOWN_DEADLINE_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgresql:// URL' }),
  MEDIA_ROOT: z.string().min(1).default('.data/media'),
  FFMPEG_PATH: z.string().min(1).default('/usr/bin/ffmpeg'),
  FFPROBE_PATH: z.string().min(1).default('/usr/bin/ffprobe'),
  TRANSCODE_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  /** Profiles pin quality (bitrates, GOP); the speed preset is the machine's business. */
  TRANSCODE_PRESET: z
    .enum(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower'])
    .default('veryfast'),
  /** No ffmpeg progress for this long means it hangs: kill it and fail the attempt. */
  FFMPEG_STALL_SECONDS: z.coerce.number().min(1).max(600).default(30),
  /** Live channels one worker runs at once (each runs one encoder per source). */
  LIVE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  LIVE_PRESET: z
    .enum(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium'])
    .default('superfast'),
  /** A live feed with no new frame for this long is lost: the channel fails over. */
  LIVE_STALL_SECONDS: z.coerce.number().min(0.5).max(30).default(1),
  /** Time to open and probe a live feed before its first frame. */
  LIVE_STARTUP_SECONDS: z.coerce.number().min(1).max(120).default(15),
  /** Wait before reopening a lost feed (doubles up to 4x while it stays down). */
  LIVE_RETRY_SECONDS: z.coerce.number().min(0.5).max(300).default(2),
  /** A recovered primary goes back on air after it has been healthy this long. */
  LIVE_RETURN_AFTER_SECONDS: z.coerce.number().min(1).max(3_600).default(30),
  /** Segments listed in a live playlist. */
  LIVE_WINDOW_SEGMENTS: z.coerce.number().int().min(3).max(60).default(6),
  /** Source probes at once (they mostly wait on the feed), and how long one may take. */
  PROBE_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  PROBE_TIMEOUT_SECONDS: z.coerce.number().min(2).max(120).default(10),
  /** After asking ffmpeg to quit, how long before it is killed outright. */
  FFMPEG_QUIT_GRACE_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
  /** GET /metrics (Prometheus) on this port; unset, the worker serves no HTTP at all (0: any free port). */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  WORKER_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** A scraper sending this bearer token may read /metrics from anywhere; unset, loopback only. */
  METRICS_TOKEN: ZMetricsTokenSchema,
});

export type TWorkerEnv = z.infer<typeof ZWorkerEnvSchema>;

export function loadWorkerEnv(source: Record<string, string | undefined> = process.env): TWorkerEnv {
  return parseEnv(ZWorkerEnvSchema, source);
}
