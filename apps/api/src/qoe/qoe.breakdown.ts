import type { TQoeMetric } from '@keten/contracts';
import {
  emptyQoeSums,
  isoOfSeconds,
  planQoeRange,
  qoeValues,
  readQoeConcurrency,
  readQoeErrors,
  readQoeRollup,
  type TKetenClickHouse,
  type TQoePlan,
} from '@keten/db/clickhouse';
import type { TQoeBreakdown, TQoeRange } from './qoe.schema';
import { bucketsOf, describePlan } from './qoe.service';

export type TSparkPoint = { t: string; value: number | null };

const PERCENTILE_METRICS = new Set<TQoeMetric>([
  'videoStartTimeP50',
  'videoStartTimeP95',
  'zapTimeP50',
  'zapTimeP95',
]);

const DAY_SECONDS = 86_400;
/** From this range on, a row's sparkline has a point a day (UTC): the chart keeps its detail. */
const DAILY_SPARKLINE_FROM_SECONDS = 3 * DAY_SECONDS;

/**
 * The buckets of a row's sparkline: the chart's below three days; from three days on one a day, a trend in a table
 * cell (a week is 8 points instead of the chart's 29), which a day rollup answers for the whole days inside.
 */
export function sparklinePlan(plan: TQoePlan): TQoePlan {
  if (plan.to - plan.from < DAILY_SPARKLINE_FROM_SECONDS || plan.bucketSeconds >= DAY_SECONDS) return plan;
  return { ...plan, bucketSeconds: DAY_SECONDS, origin: Math.floor(plan.from / DAY_SECONDS) * DAY_SECONDS };
}

/**
 * One dimension's rows, most attempts first: each with its sample (attempts, plays, zaps), every KPI and a sparkline
 * of `sparklineMetric` over the range. Clicking a row on the page adds it to `filters`.
 */
export async function qoeBreakdown(clickhouse: TKetenClickHouse, input: TQoeBreakdown) {
  const plan = planQoeRange(input.from, input.to);
  const whole = { ...plan, origin: plan.from, bucketSeconds: plan.to - plan.from };
  const split = { filters: input.filters, dimension: input.dimension };
  const totals = await readQoeRollup(clickhouse.client, { ...whole, ...split, resolution: plan.resolution });
  const top = totals
    .sort((a, b) => b.attempts - a.attempts || a.value.localeCompare(b.value))
    .slice(0, input.limit);
  const values = top.map((row) => row.value);
  if (values.length === 0) return { range: describePlan(plan), dimension: input.dimension, rows: [] };
  // chDB runs parameterised reads one at a time, so only the one the sparkline needs.
  const percentiles = PERCENTILE_METRICS.has(input.sparklineMetric);
  const spark = sparklinePlan(plan);
  const series =
    input.sparklineMetric === 'concurrentPlays'
      ? []
      : await readQoeRollup(clickhouse.client, { ...spark, ...split, values, percentiles });
  const playingSeries =
    input.sparklineMetric === 'concurrentPlays'
      ? await readQoeConcurrency(clickhouse.client, { ...spark, ...split, values })
      : [];
  const buckets = bucketsOf(spark);
  const sparkline = (value: string): TSparkPoint[] => {
    const t = (bucket: number) => isoOfSeconds(spark.origin + bucket * spark.bucketSeconds);
    if (input.sparklineMetric === 'concurrentPlays') {
      const peaks = new Map(playingSeries.filter((p) => p.value === value).map((p) => [p.bucket, p.peak]));
      return buckets.map((bucket) => ({ t: t(bucket), value: peaks.get(bucket) ?? 0 }));
    }
    const metric = input.sparklineMetric as Exclude<TQoeMetric, 'concurrentPlays'>;
    const rows = new Map(series.filter((row) => row.value === value).map((row) => [row.bucket, row]));
    return buckets.map((bucket) => ({
      t: t(bucket),
      value: qoeValues(rows.get(bucket) ?? emptyQoeSums())[metric],
    }));
  };
  return {
    range: describePlan(plan),
    dimension: input.dimension,
    rows: top.map((row) => ({
      value: row.value,
      sample: { attempts: row.attempts, plays: row.plays, zaps: row.zaps },
      ...qoeValues(row),
      sparkline: sparkline(row.value),
    })),
  };
}

const TOP_ERROR_CODES = 20;

/** Error codes, most frequent first: counts, fatal and start-failure shares, boxes, share of all errors, sparkline. */
export async function qoeErrorCodes(clickhouse: TKetenClickHouse, input: TQoeRange) {
  const plan = planQoeRange(input.from, input.to, 'minute');
  const whole = { ...plan, origin: plan.from, bucketSeconds: plan.to - plan.from, filters: input.filters };
  const totals = await readQoeErrors(clickhouse.client, whole);
  const all = totals.reduce((sum, row) => sum + row.errors, 0);
  const top = totals.slice(0, TOP_ERROR_CODES);
  const series = await readQoeErrors(clickhouse.client, {
    ...plan,
    filters: input.filters,
    codes: [...new Set(top.map((row) => row.code))],
  });
  const buckets = bucketsOf(plan);
  return {
    range: describePlan(plan),
    errors: all,
    codes: top.map((row) => {
      const counts = new Map<number, number>();
      for (const point of series) {
        if (point.code === row.code && point.layer === row.layer) counts.set(point.bucket, point.errors);
      }
      return {
        code: row.code,
        layer: row.layer,
        errors: row.errors,
        fatal: row.fatal,
        startFailures: row.startFailures,
        devices: row.devices,
        share: all > 0 ? row.errors / all : null,
        sparkline: buckets.map((bucket) => ({
          t: isoOfSeconds(plan.origin + bucket * plan.bucketSeconds),
          value: counts.get(bucket) ?? 0,
        })),
      };
    }),
  };
}
