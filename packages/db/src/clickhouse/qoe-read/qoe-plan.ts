/**
 * Which rollup a QoE view reads and how it buckets time. Up to 6 hours the minute rollups answer; beyond, the hourly
 * one, with `from` moved back to its hour (a longer range is read in whole hours; the current hour holds what arrived
 * so far). Why 6 h and not a day: with every dimension split, a minute rollup keeps about one row per session playing
 * in that minute (bench/qoe-queries.bench.ts: 1.3M rows for 2.4M events), so a day of minutes is as many rows as a
 * quarter of its events, and merging them took seconds there; the hourly rollup holds a fraction. Beyond the minute,
 * readQoeRollup reads the narrowest family of hourly/daily tables holding the dimensions it needs and whole days from its
 * day table (qoe-rollup-source.ts); `resolution` stays 'hour' (the buckets are hours or longer). Times are epoch s.
 */
export type TQoeResolution = 'minute' | 'hour';

export const QOE_ROLLUPS = {
  minute: { table: 'qoe_minute_v2', timeColumn: 'minute', seconds: 60 },
  hour: { table: 'qoe_hour_v1', timeColumn: 'hour', seconds: 3600 },
} as const satisfies Record<TQoeResolution, { table: string; timeColumn: string; seconds: number }>;

const HOUR = 3600;
const DAY = 86_400;
/** Longest range read from the minute rollups. */
export const QOE_MINUTE_RANGE_MAX_SECONDS = 6 * HOUR;

// Time-series bucket per range: about 60–200 points whatever the range.
const BUCKETS: readonly [maxSpan: number, bucket: number][] = [
  [HOUR, 60],
  [3 * HOUR, 120],
  [6 * HOUR, 300],
  [DAY, 900],
  [7 * DAY, HOUR],
  [31 * DAY, 6 * HOUR],
];
// Concurrent plays: minutes sampled so that a range reads at most ~720 of them.
const SAMPLES = [60, 120, 300, 600, 900, 1800, 3600] as const;
const MAX_SAMPLED_MINUTES = 720;

export interface TQoePlan {
  resolution: TQoeResolution;
  /** [from, to) as read: `from` floored, `to` ceiled to the rollup's step. */
  from: number;
  to: number;
  /** Time-series bucket; buckets start at multiples of it (clock-aligned). */
  bucketSeconds: number;
  /** First bucket's start (from, floored to the bucket). */
  origin: number;
  /** Every how many seconds a minute is read for concurrent plays (60 = all of them). */
  sampleSeconds: number;
}

export function planQoeRange(from: Date, to: Date, resolution?: TQoeResolution): TQoePlan {
  const fromS = Math.floor(from.getTime() / 1000);
  const toS = Math.ceil(to.getTime() / 1000);
  const chosen = resolution ?? (toS - fromS > QOE_MINUTE_RANGE_MAX_SECONDS ? 'hour' : 'minute');
  const step = QOE_ROLLUPS[chosen].seconds;
  const start = Math.floor(fromS / step) * step;
  const end = Math.ceil(toS / step) * step;
  const span = end - start;
  const bucket = Math.max(step, BUCKETS.find(([maxSpan]) => span <= maxSpan)?.[1] ?? DAY);
  const sample = SAMPLES.find((seconds) => span / seconds <= MAX_SAMPLED_MINUTES) ?? HOUR;
  return {
    resolution: chosen,
    from: start,
    to: end,
    bucketSeconds: bucket,
    origin: Math.floor(start / bucket) * bucket,
    sampleSeconds: Math.min(sample, bucket),
  };
}

/** The same length just before: what a KPI tile compares with. */
export function previousQoePlan(plan: TQoePlan): TQoePlan {
  const span = plan.to - plan.from;
  return { ...plan, from: plan.from - span, to: plan.from, origin: plan.origin - span };
}

export const isoOfSeconds = (seconds: number) => new Date(seconds * 1000).toISOString();
