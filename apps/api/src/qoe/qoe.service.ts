import type { TQoeMetric } from '@keten/contracts';
import {
  emptyQoeSums,
  isoOfSeconds,
  planQoeRange,
  previousQoePlan,
  qoeValues,
  readQoeConcurrency,
  readQoeRollup,
  readQoeSessions,
  type TKetenClickHouse,
  type TQoePlan,
  type TQoeValues,
} from '@keten/db/clickhouse';
import type { TQoeRange, TQoeSessions } from './qoe.schema';

export type TQoeKpis = TQoeValues & {
  /** Peak of the distinct boxes playing per minute (sampled on long ranges, see planQoeRange). */
  concurrentPlays: number;
};
export type TQoeTile = { value: number | null; previous: number | null; change: number | null };

/** What was read: the range after alignment to the rollup, and which rollup. */
export function describePlan(plan: TQoePlan) {
  return {
    from: isoOfSeconds(plan.from),
    to: isoOfSeconds(plan.to),
    resolution: plan.resolution,
    bucketSeconds: plan.bucketSeconds,
  };
}

/** value / previous − 1, or null when there is nothing to compare with. */
function changeOf(value: number | null, previous: number | null): number | null {
  return value === null || previous === null || previous === 0 ? null : value / previous - 1;
}

/** The KPI tiles: each metric over the range and over the period of the same length just before it. */
export async function qoeKpis(clickhouse: TKetenClickHouse, input: TQoeRange) {
  const plan = planQoeRange(input.from, input.to);
  const previous = previousQoePlan(plan);
  const span = plan.to - plan.from;
  const both = { from: previous.from, to: plan.to, origin: previous.from, bucketSeconds: span };
  const [rows, concurrency] = await Promise.all([
    readQoeRollup(clickhouse.client, { ...both, resolution: plan.resolution, filters: input.filters }),
    readQoeConcurrency(clickhouse.client, {
      ...both,
      sampleSeconds: plan.sampleSeconds,
      filters: input.filters,
    }),
  ]);
  const period = (bucket: number): TQoeKpis => ({
    ...qoeValues(rows.find((row) => row.bucket === bucket) ?? emptyQoeSums()),
    concurrentPlays: concurrency.find((point) => point.bucket === bucket)?.peak ?? 0,
  });
  const current = period(1);
  const before = period(0);
  const tiles = Object.fromEntries(
    (Object.keys(current) as TQoeMetric[]).map((metric) => [
      metric,
      { value: current[metric], previous: before[metric], change: changeOf(current[metric], before[metric]) },
    ]),
  ) as Record<TQoeMetric, TQoeTile>;
  return { range: describePlan(plan), previousRange: describePlan(previous), tiles };
}

/** Every KPI per time bucket (minute rollup up to 6 h, hourly beyond: planQoeRange); empty buckets hold zeros/nulls. */
export async function qoeSeries(clickhouse: TKetenClickHouse, input: TQoeRange) {
  const plan = planQoeRange(input.from, input.to);
  const [rows, concurrency] = await Promise.all([
    readQoeRollup(clickhouse.client, { ...plan, filters: input.filters }),
    readQoeConcurrency(clickhouse.client, { ...plan, filters: input.filters }),
  ]);
  const byBucket = new Map(rows.map((row) => [row.bucket, row]));
  const playing = new Map(concurrency.map((point) => [point.bucket, point.peak]));
  const points = bucketsOf(plan).map((bucket) => ({
    t: isoOfSeconds(plan.origin + bucket * plan.bucketSeconds),
    ...qoeValues(byBucket.get(bucket) ?? emptyQoeSums()),
    concurrentPlays: playing.get(bucket) ?? 0,
  }));
  return { range: describePlan(plan), points };
}

/** The bucket numbers [from, to) spans. */
export function bucketsOf(plan: TQoePlan): number[] {
  const first = Math.floor((plan.from - plan.origin) / plan.bucketSeconds);
  const last = Math.ceil((plan.to - plan.origin) / plan.bucketSeconds);
  return Array.from({ length: last - first }, (_, index) => first + index);
}

/** Support: the sessions of one box or of a subscriber's boxes over the last `hours`, newest first. */
export async function qoeSessions(clickhouse: TKetenClickHouse, input: TQoeSessions, now = new Date()) {
  const from = new Date(now.getTime() - input.hours * 3_600_000);
  const sessions = await readQoeSessions(clickhouse.client, {
    deviceId: input.deviceId,
    subscriberId: input.subscriberId,
    from,
    to: new Date(now.getTime() + 60_000),
    limit: input.limit,
    now,
  });
  return { from: from.toISOString(), to: now.toISOString(), sessions };
}
