import { z } from 'zod';
import { zText } from './text';

/** POST /v1/play/:channelId — the channel's id or slug as listed in the lineup. */
export const ZPlayParamsSchema = z.object({ channelId: zText(100).min(1, 'is required') });
export type TPlayParams = z.infer<typeof ZPlayParamsSchema>;

export const ZPlayResponseSchema = z.object({
  channelId: z.string(),
  /** Signed master playlist URL (path + query), bound to this device and channel. */
  url: z.string(),
  expiresAt: z.iso.datetime(),
  /** Send POST /v1/play/heartbeat at least this often or the stream stops counting (and a new play may be refused). */
  heartbeatIntervalSeconds: z.number().int(),
});
export type TPlayResponse = z.infer<typeof ZPlayResponseSchema>;
