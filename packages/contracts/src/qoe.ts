import { z } from 'zod';
import { zId, zInstant } from './bounds';
import { zText } from './text';

/**
 * The Live QoE page's questions to apps/api (`qoe.*` tRPC procedures). Metric meanings: DESIGN.md "QoE" and
 * `@keten/db` `qoe-definitions.ts`. The console keeps these inputs in its URL, so they are shared here.
 */

/** What a QoE view can be split and filtered by (all from the beacon's token or event, see beacons.ts). */
export const QOE_DIMENSIONS = [
  'boxModel',
  'firmware',
  'appVersion',
  'channelId',
  'region',
  'cdnEdge',
] as const;
export type TQoeDimension = (typeof QOE_DIMENSIONS)[number];

/** The page's KPIs, by their operator names. */
export const QOE_METRICS = [
  'attempts',
  'plays',
  'concurrentPlays',
  'videoStartTimeP50',
  'videoStartTimeP95',
  'zapTimeP50',
  'zapTimeP95',
  'rebufferingRatio',
  'vsfRate',
  'ebvsRate',
  'vpfRate',
] as const;
export type TQoeMetric = (typeof QOE_METRICS)[number];

/** The metrics a ranking can order by: each has a sample behind it and so a confidence interval. */
export const QOE_RANKED_METRICS = [
  'videoStartTimeP50',
  'videoStartTimeP95',
  'zapTimeP50',
  'zapTimeP95',
  'rebufferingRatio',
  'vsfRate',
  'ebvsRate',
  'vpfRate',
] as const;
export type TQoeRankedMetric = (typeof QOE_RANKED_METRICS)[number];

/** Longest range one view reads (the hourly rollup keeps 395 days; the minute ones 90). */
export const QOE_MAX_RANGE_DAYS = 90;
const DAY_MS = 86_400_000;

const zDimensionValues = z.array(zText(128)).max(50, 'at most 50 values per dimension');

/** Stacked filters: within a dimension any listed value matches, across dimensions all must. */
export const ZQoeFiltersSchema = z
  .strictObject(
    Object.fromEntries(QOE_DIMENSIONS.map((dimension) => [dimension, zDimensionValues.optional()])) as Record<
      TQoeDimension,
      z.ZodOptional<typeof zDimensionValues>
    >,
  )
  .default({});
export type TQoeFilters = z.output<typeof ZQoeFiltersSchema>;

const rangeFields = {
  from: zInstant(),
  to: zInstant(),
  filters: ZQoeFiltersSchema,
};
type TRange = { from: Date; to: Date };
const rangeChecks = <T extends TRange>(range: T, ctx: z.RefinementCtx) => {
  if (range.to <= range.from) ctx.addIssue({ code: 'custom', message: 'must be after from', path: ['to'] });
  else if (range.to.getTime() - range.from.getTime() > QOE_MAX_RANGE_DAYS * DAY_MS) {
    ctx.addIssue({
      code: 'custom',
      message: `must be at most ${QOE_MAX_RANGE_DAYS} days after from`,
      path: ['to'],
    });
  }
};

/** A time range [from, to) with filters: the KPI tiles, the time series and the error codes. */
export const ZQoeRangeInputSchema = z.strictObject(rangeFields).superRefine(rangeChecks);
export type TQoeRangeInput = z.input<typeof ZQoeRangeInputSchema>;

/** One dimension's rows (with sample counts and a sparkline of `sparklineMetric`). */
export const ZQoeBreakdownInputSchema = z
  .strictObject({
    ...rangeFields,
    dimension: z.enum(QOE_DIMENSIONS),
    sparklineMetric: z.enum(QOE_METRICS).default('attempts'),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .superRefine(rangeChecks);
export type TQoeBreakdownInput = z.input<typeof ZQoeBreakdownInputSchema>;

/** A ranking of one dimension's values by a metric, with confidence intervals (firmware A vs B within a model). */
export const ZQoeRankingInputSchema = z
  .strictObject({
    ...rangeFields,
    dimension: z.enum(QOE_DIMENSIONS),
    metric: z.enum(QOE_RANKED_METRICS),
    /** Below this many samples (attempts, plays or zaps, per metric) a row is marked too small to trust. */
    minSample: z.number().int().min(1).max(1_000_000).default(100),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .superRefine(rangeChecks);
export type TQoeRankingInput = z.input<typeof ZQoeRankingInputSchema>;

/** Support: the playback sessions of one box or of one subscriber's boxes (default: the last 24 h). */
export const ZQoeSessionsInputSchema = z
  .strictObject({
    deviceId: zId().optional(),
    subscriberId: zId().optional(),
    hours: z.number().int().min(1).max(168).default(24),
    limit: z.number().int().min(1).max(500).default(200),
  })
  .refine((input) => input.deviceId !== undefined || input.subscriberId !== undefined, {
    message: 'give a deviceId or a subscriberId',
    path: ['deviceId'],
  });
export type TQoeSessionsInput = z.input<typeof ZQoeSessionsInputSchema>;

/** Names of the channel ids QoE rows carry (beacons name a channel by its id). */
export const ZQoeChannelNamesInputSchema = z.strictObject({
  ids: z.array(zId()).max(200, 'at most 200 channel ids'),
});
export type TQoeChannelNamesInput = z.input<typeof ZQoeChannelNamesInputSchema>;

/** The box models reporting each firmware version QoE rows carry (a version names no model on its own). */
export const ZQoeFirmwareModelsInputSchema = z.strictObject({
  versions: z.array(zText(128)).max(200, 'at most 200 firmware versions'),
});
export type TQoeFirmwareModelsInput = z.input<typeof ZQoeFirmwareModelsInputSchema>;

/** How a session ended, as far as its events tell. */
export const QOE_END_REASONS = [
  'error',
  'exit_before_start',
  'zap',
  'stopped',
  'playing',
  'no_end_reported',
] as const;
export type TQoeEndReason = (typeof QOE_END_REASONS)[number];
