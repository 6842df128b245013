import type { JobsOptions } from 'bullmq';
import { z } from 'zod';

/** File/VOD transcodes into an HLS ABR ladder. */
export const TRANSCODE_QUEUE = 'transcode';
export const TRANSCODE_KIND = 'vod-transcode';

export const ZTranscodeJobSchema = z.object({
  jobRecordId: z.string().min(1).optional(),
  /** A file on the worker's disk. */
  sourcePath: z.string().min(1),
  profileVersionId: z.string().min(1),
  /** Folder name under MEDIA_ROOT/vod/; no slashes, so a job can never write outside it. */
  outputKey: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$/, 'must be letters, digits, dot, dash or underscore'),
});
export type TTranscodeJob = z.infer<typeof ZTranscodeJobSchema>;

/** Transient failures (a stalled ffmpeg, a full disk) get two more tries, 2 s then 4 s later. */
export const TRANSCODE_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { count: 1_000 },
  removeOnFail: { count: 5_000 },
};

export type TTranscodeResult = { outputDir: string; rungs: number; durationSeconds: number | null };
