import { z } from 'zod';
import { zId } from './bounds';
import { listInputSchema } from './list';
import { LIVE_QUEUE, PROBE_QUEUE } from './live';
import { zText } from './text';

/** File/VOD transcodes into an HLS ABR ladder; the api enqueues, the worker processes. */
export const TRANSCODE_QUEUE = 'transcode';
export const TRANSCODE_KIND = 'vod-transcode';
/** Queues the console shows depths for. */
export const JOB_QUEUES = [LIVE_QUEUE, TRANSCODE_QUEUE, PROBE_QUEUE] as const;
export const JOB_STATES = ['QUEUED', 'ACTIVE', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
export type TJobState = (typeof JOB_STATES)[number];

/** Folder name under MEDIA_ROOT/vod/; no slashes, so a job can never write outside it. */
export const ZOutputKeySchema = zText(121).regex(
  /^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$/,
  'must be letters, digits, dot, dash or underscore',
);

/**
 * The folder under MEDIA_ROOT that transcodes take their input from: the console lists its files and the
 * operator picks one, so nobody types (or is shown) a path on the server.
 */
export const MEDIA_INPUT_FOLDER = 'incoming';

/** What the console's "New transcode" form sends. */
export const ZTranscodeCreateSchema = z.object({
  /** A file in the media input folder as the file list names it, e.g. "film.mp4" or "shows/ep1.ts". */
  inputFile: zText(1000).trim().min(1, 'is required: choose a file from the list'),
  profileVersionId: zId('choose a profile version'),
  outputKey: zText(121).trim().pipe(ZOutputKeySchema),
});
export type TTranscodeCreateInput = z.infer<typeof ZTranscodeCreateSchema>;

/** The data of a job on the transcode queue, exactly as the worker parses it. */
export const ZTranscodeJobSchema = z.object({
  jobRecordId: z.string().min(1).optional(),
  /** A file on the worker's disk. */
  sourcePath: z.string().min(1),
  profileVersionId: z.string().min(1),
  outputKey: ZOutputKeySchema,
});
export type TTranscodeJob = z.infer<typeof ZTranscodeJobSchema>;

export const ZJobListSchema = listInputSchema(['createdAt', 'startedAt', 'finishedAt']).extend({
  state: z.enum(JOB_STATES).optional(),
  queue: zText(60).optional(),
});
export type TJobListInput = z.infer<typeof ZJobListSchema>;

export const ZJobIdSchema = z.object({ id: zId() });

/** Transient failures (a stalled ffmpeg, a full disk) get two more tries, 2 s then 4 s later. */
export const TRANSCODE_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { count: 1_000 },
  removeOnFail: { count: 5_000 },
} as const;

/**
 * A running job can only be stopped by the worker that holds it: the api publishes this message on
 * `jobCancelChannel(prefix)` and every worker process cancels the job if it runs it.
 */
export const jobCancelChannel = (prefix: string) => `${prefix}:job-cancel`;
export const ZJobCancelMessageSchema = z.object({
  queue: z.string().min(1),
  jobId: z.string().min(1),
  reason: z.string().max(500),
});
export type TJobCancelMessage = z.infer<typeof ZJobCancelMessageSchema>;
