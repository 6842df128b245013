import { z } from 'zod';
import { listInputSchema } from './list';

/** channels.feeds: every channel's live feed at a glance, for the NOC. */
export const FEED_SORTS = ['lcn', 'name', 'state', 'lastFailoverAt'] as const;
export type TFeedSort = (typeof FEED_SORTS)[number];

/** `running`: the channel's newest live job is waiting or running. */
export const FEED_LIVE_FILTERS = ['running', 'any'] as const;
/** `problem`: an enabled source is DOWN or DEGRADED, or the source on air is not HEALTHY. */
export const FEED_HEALTH_FILTERS = ['problem', 'any'] as const;

export const ZChannelFeedsSchema = listInputSchema(FEED_SORTS).extend({
  live: z.enum(FEED_LIVE_FILTERS).default('any'),
  health: z.enum(FEED_HEALTH_FILTERS).default('any'),
});
export type TChannelFeedsInput = z.input<typeof ZChannelFeedsSchema>;
