import { z } from 'zod';

/** The worker's own queue: health pings now; housekeeping later. */
export const SYSTEM_QUEUE = 'system';

export const ZPingJobSchema = z.object({
  sentAt: z.iso.datetime(),
  holdMs: z.number().int().min(0).max(60_000).default(0),
});
export type TPingJob = z.infer<typeof ZPingJobSchema>;
