import { TRANSCODE_JOB_OPTIONS as OPTIONS } from '@keten/contracts';
import type { JobsOptions } from 'bullmq';

// Queue name, job data and options are shared with apps/api (which enqueues), so they live in contracts.
export { TRANSCODE_KIND, TRANSCODE_QUEUE, type TTranscodeJob, ZTranscodeJobSchema } from '@keten/contracts';

export const TRANSCODE_JOB_OPTIONS: JobsOptions = OPTIONS;

export type TTranscodeResult = { outputDir: string; rungs: number; durationSeconds: number | null };
