import type { TRole } from '@keten/contracts';

const OPERATE: readonly TRole[] = ['ADMIN', 'NOC', 'CONTENT'];

/** Who may call each jobs.* procedure, by design (read by the role matrix test). */
export const JOBS_ACCESS: Record<string, readonly TRole[]> = {
  // NOC and content watch the queues and retry or cancel; only content starts transcodes.
  'jobs.list': OPERATE,
  'jobs.queues': OPERATE,
  'jobs.get': OPERATE,
  'jobs.createTranscode': ['ADMIN', 'CONTENT'],
  // The files a transcode may start from: for whoever starts transcodes.
  'jobs.mediaInputs': ['ADMIN', 'CONTENT'],
  'jobs.retry': OPERATE,
  'jobs.cancel': OPERATE,
};
