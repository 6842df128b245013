import { QOE_DIMENSIONS, type TQoeDimension, type TQoeFilters } from '@keten/contracts';
import type { TQoeResolution } from './qoe-plan';

/**
 * Which tables a rollup read takes its rows from. Beyond the minute rollup, four families hold the same sums and
 * histograms (migrations 0005, 0009, 0011), split by fewer dimensions: the smallest one holding every dimension a read
 * filters or splits by answers it. At the bench's fleet size (20,000 boxes, 61 channels) an hour keeps ~18,000 rows with
 * every dimension, ~860 without the channel, ~1,100 by channel × box model × firmware, and in `single` one row for the
 * fleet plus one per value of each dimension, read one dimension at a time (`dimension` = its column, '' the fleet); a
 * day folds its hours again. `single` answers reads that filter or split by at most one dimension: sums over a
 * dimension's values are exact (each event has one value of it), unlike distinct counts; it alone also has minutes
 * (0012), the other reads of up to 6 h take the all-dimension minute rollup.
 */
export const QOE_ROLLUP_FAMILIES = {
  single: {
    dimensions: QOE_DIMENSIONS,
    minute: 'qoe_minute_dim_v1',
    hour: 'qoe_hour_dim_v1',
    day: 'qoe_day_dim_v1',
  },
  box: {
    dimensions: ['boxModel', 'firmware', 'appVersion', 'region', 'cdnEdge'],
    hour: 'qoe_hour_box_v1',
    day: 'qoe_day_box_v1',
  },
  channel: {
    dimensions: ['channelId', 'boxModel', 'firmware'],
    hour: 'qoe_hour_channel_v1',
    day: 'qoe_day_channel_v1',
  },
  all: { dimensions: QOE_DIMENSIONS, hour: 'qoe_hour_v1', day: 'qoe_day_v1' },
} as const satisfies Record<
  string,
  { dimensions: readonly TQoeDimension[]; minute?: string; hour: string; day: string }
>;
export type TQoeRollupFamily = keyof typeof QOE_ROLLUP_FAMILIES;

const DAY = 86_400;

/** The dimensions a read filters or splits by. */
export function qoeNeededDimensions(
  filters: TQoeFilters,
  dimension: TQoeDimension | undefined,
): TQoeDimension[] {
  return QOE_DIMENSIONS.filter(
    (name) => name === dimension || (filters[name] !== undefined && filters[name].length > 0),
  );
}

/**
 * The smallest family holding every filtered dimension and the split one (`single` for at most one); of minutes
 * only `single` and `all` are kept.
 */
export function qoeRollupFamily(
  resolution: TQoeResolution,
  filters: TQoeFilters,
  dimension: TQoeDimension | undefined,
): TQoeRollupFamily {
  const needed = qoeNeededDimensions(filters, dimension);
  if (needed.length <= 1) return 'single';
  if (resolution === 'minute') return 'all';
  const order: TQoeRollupFamily[] = ['box', 'channel', 'all'];
  return (
    order.find((family) =>
      needed.every((name) =>
        (QOE_ROLLUP_FAMILIES[family].dimensions as readonly TQoeDimension[]).includes(name),
      ),
    ) ?? 'all'
  );
}

/**
 * The UTC days (epoch s) a read over [from, to) in buckets of `bucketSeconds` from `origin` takes from a day table:
 * those wholly inside the range and inside one bucket. The hours of every other day come from the hourly table.
 * A series bucketed by the hour has none; the KPI tiles of a week (two 7-day buckets) have about twelve.
 */
export function wholeQoeDays(from: number, to: number, origin: number, bucketSeconds: number): number[] {
  const bucket = (seconds: number) => Math.floor((seconds - origin) / bucketSeconds);
  const days: number[] = [];
  for (let day = Math.ceil(from / DAY) * DAY; day + DAY <= to; day += DAY) {
    if (bucket(day) === bucket(day + DAY - 1)) days.push(day);
  }
  return days;
}
