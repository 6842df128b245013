import { z } from 'zod';

export const QOE_GROUP_BY = ['boxModel', 'firmware', 'channelId', 'region'] as const;

export const ZQoeMinuteSummaryInputSchema = z
  .object({
    from: z.date(),
    to: z.date(),
    groupBy: z.array(z.enum(QOE_GROUP_BY)).default([]),
  })
  .refine((input) => input.to > input.from, { message: 'must be after from', path: ['to'] });
export type TQoeMinuteSummaryInput = z.input<typeof ZQoeMinuteSummaryInputSchema>;

const zCount = z.number().int().nonnegative();
// [p50, p90, p95, p99]; null when the minute had no sample (quantile of nothing is nan → null).
const zQuantiles = z.array(z.number().nullable()).length(4);

/** A row of qoe-minute-summary.sql as ClickHouse returns it. */
export const ZQoeMinuteRowSchema = z.object({
  minute_iso: z.iso.datetime(),
  dim_box_model: z.string(),
  dim_firmware: z.string(),
  dim_channel_id: z.string(),
  dim_region: z.string(),
  attempts_total: zCount,
  first_frames_total: zCount,
  zaps_total: zCount,
  video_start_failures_total: zCount,
  exits_before_video_start_total: zCount,
  playback_failures_total: zCount,
  errors_total: zCount,
  stall_ms_total: zCount,
  playing_ms_total: zCount,
  video_start_time_quantiles: zQuantiles,
  zap_time_quantiles: zQuantiles,
});
export type TQoeMinuteRow = z.infer<typeof ZQoeMinuteRowSchema>;

/** One minute of QoE; a dimension is null when the summary was not grouped by it ('' = not reported). */
export type TQoeMinute = {
  minute: string;
  boxModel: string | null;
  firmware: string | null;
  channelId: string | null;
  region: string | null;
  attempts: number;
  firstFrames: number;
  zaps: number;
  videoStartFailures: number;
  exitsBeforeVideoStart: number;
  playbackFailures: number;
  errors: number;
  stallMs: number;
  playingMs: number;
  videoStartTimeP50: number | null;
  videoStartTimeP95: number | null;
  zapTimeP50: number | null;
  zapTimeP95: number | null;
  rebufferingRatio: number | null;
  vsfRate: number | null;
  ebvsRate: number | null;
  vpfRate: number | null;
};
