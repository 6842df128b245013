import { z } from 'zod';

/** One long-running job per live channel (jobId `live-<channelId>`); the worker runs the encoders. */
export const LIVE_QUEUE = 'live';
export const LIVE_KIND = 'live-ingest';
/** ffprobe of one source feed. */
export const PROBE_QUEUE = 'probe';
export const PROBE_KIND = 'source-probe';
/** The worker's failover/QC/probe findings on their way to apps/api, which stores them in ClickHouse. */
export const INGEST_EVENTS_QUEUE = 'ingest-events';

export const liveJobId = (channelId: string) => `live-${channelId}`;

export const ZLiveJobSchema = z.object({
  channelId: z.string().min(1),
  jobRecordId: z.string().min(1).optional(),
});
export type TLiveJob = z.infer<typeof ZLiveJobSchema>;

export const ZProbeJobSchema = z.object({
  sourceId: z.string().min(1),
  jobRecordId: z.string().min(1).optional(),
});
export type TProbeJob = z.infer<typeof ZProbeJobSchema>;

/** A live channel is never given up lightly: a failed start is tried again every 5 s. */
export const LIVE_JOB_OPTIONS = {
  attempts: 1_000,
  backoff: { type: 'fixed', delay: 5_000 },
  removeOnComplete: { count: 200 },
  removeOnFail: { count: 1_000 },
} as const;

export const PROBE_JOB_OPTIONS = {
  attempts: 2,
  backoff: { type: 'fixed', delay: 2_000 },
  removeOnComplete: { count: 1_000 },
  removeOnFail: { count: 1_000 },
} as const;

/**
 * Per-channel QC thresholds. A finding becomes an event once it has lasted its `…Seconds`;
 * `failoverAfterSeconds` lets a black or frozen (but still flowing) feed trigger failover.
 */
export const ZQcSettingsSchema = z.object({
  blackSeconds: z.number().min(0.5).max(120).default(2),
  /** Share of a picture's pixels that must be dark for it to count as black (blackdetect pic_th). */
  blackPictureRatio: z.number().min(0.5).max(1).default(0.98),
  freezeSeconds: z.number().min(0.5).max(120).default(2),
  /** How similar two frames must be to count as the same picture (freezedetect noise, dB). */
  freezeNoiseDb: z.number().min(-90).max(-20).default(-60),
  silenceSeconds: z.number().min(0.5).max(120).default(2),
  silenceDb: z.number().min(-90).max(-20).default(-50),
  /** Short-term loudness (EBU R128, 3 s window) above this is "too loud". */
  loudnessMaxLufs: z.number().min(-40).max(0).default(-14),
  loudnessSeconds: z.number().min(1).max(120).default(3),
  /** A black or frozen primary that lasts this long fails over like a dead one; null = QC never fails over. */
  failoverAfterSeconds: z.number().min(1).max(600).nullable().default(8),
});
export type TQcSettings = z.infer<typeof ZQcSettingsSchema>;
export const DEFAULT_QC_SETTINGS: TQcSettings = ZQcSettingsSchema.parse({});

/** Reads a channel's stored settings; anything missing or unreadable falls back to the defaults. */
export function qcSettingsOf(stored: unknown): TQcSettings {
  const parsed = ZQcSettingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : DEFAULT_QC_SETTINGS;
}

export const QC_KINDS = ['black', 'freeze', 'silence', 'loudness'] as const;
export type TQcKind = (typeof QC_KINDS)[number];
export const INGEST_EVENT_KINDS = [
  /** The channel went on air from a source (first start, or a restart of the live job). */
  'on_air',
  /** Switched away from a failing source; `cause` says why. */
  'failover',
  /** Switched back to a higher-priority source after it stayed healthy. */
  'return',
  'source_down',
  'source_up',
  ...QC_KINDS,
  'probe',
] as const;
export type TIngestEventKind = (typeof INGEST_EVENT_KINDS)[number];

/**
 * One finding of the worker. A QC finding is sent when it starts (endedAt null) and again, with the
 * same id, when it ends; readers take the latest row per id.
 */
export const ZIngestEventSchema = z.object({
  id: z.uuid(),
  kind: z.enum(INGEST_EVENT_KINDS),
  channelId: z.string().min(1),
  /** The source the finding is about (for a switch: the source now on air). */
  sourceId: z.string().min(1).nullable(),
  /** For a switch: the source that was on air before. */
  fromSourceId: z.string().min(1).nullable().default(null),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime().nullable().default(null),
  /** Human-readable reason, e.g. "primary ffmpeg exited: Connection refused" or "black for 2.0 s". */
  cause: z.string().max(2_000).default(''),
  /** Small measured facts: gapSeconds, lufs, codec… */
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
});
export type TIngestEvent = z.infer<typeof ZIngestEventSchema>;
export type TIngestEventInput = z.input<typeof ZIngestEventSchema>;

/** What an ffprobe of a feed found; stored on the source and shown by the console. */
export const ZSourceProbeSchema = z.object({
  probedAt: z.iso.datetime(),
  ok: z.boolean(),
  error: z.string().nullable(),
  formatName: z.string().nullable(),
  video: z
    .object({
      codec: z.string(),
      profile: z.string().nullable(),
      width: z.number().int(),
      height: z.number().int(),
      fps: z.number().nullable(),
    })
    .nullable(),
  audio: z.object({ codec: z.string(), channels: z.number().int(), sampleRate: z.number().int() }).nullable(),
  /** Timestamp continuity over the sampled packets: jumps back or forward by more than 1 s. */
  timestamps: z.object({
    sampledSeconds: z.number(),
    packets: z.number().int(),
    discontinuities: z.number().int(),
  }),
});
export type TSourceProbe = z.infer<typeof ZSourceProbeSchema>;
