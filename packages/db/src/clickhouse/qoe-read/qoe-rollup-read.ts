import type { ClickHouseClient } from '@clickhouse/client';
import type { TQoeDimension, TQoeFilters } from '@keten/contracts';
import { z } from 'zod';
import { QOE_ROLLUPS, type TQoeResolution } from './qoe-plan';
import {
  QOE_ROLLUP_FAMILIES,
  qoeNeededDimensions,
  qoeRollupFamily,
  type TQoeRollupFamily,
  wholeQoeDays,
} from './qoe-rollup-source';
import { filterParams, QOE_DIMENSION_COLUMNS, qoeFiltersSql, qoeSql, queryQoeRows } from './qoe-sql';

/** p50 and p95: what tiles, series and breakdowns show. */
export const QOE_KPI_LEVELS = [0.5, 0.95] as const;
/** Every percent: a ranking reads quantiles around p50/p95 for their confidence intervals. */
export const QOE_LADDER_LEVELS = Array.from({ length: 99 }, (_, index) => (index + 1) / 100);
export type TQoeLevels = 'kpi' | 'ladder';

const LEVELS: Record<TQoeLevels, readonly number[]> = { kpi: QOE_KPI_LEVELS, ladder: QOE_LADDER_LEVELS };
const SUM_COLUMNS = [
  'attempts',
  'first_frames',
  'zaps',
  'video_start_failures',
  'exits_before_video_start',
  'playback_failures',
  'errors',
  'stalls',
  'stall_ms_sum',
  'playing_ms_sum',
  'video_start_time_hist',
  'zap_time_hist',
];
const sqlCache = new Map<string, string>();
/**
 * The read for a family's tables at `levels`: its dimensions' columns and filters only. The `single` family's rows
 * of one dimension (`single`, undefined for the fleet's) carry its value as that dimension's column.
 */
function rollupSql(levels: TQoeLevels, family: TQoeRollupFamily, single?: TQoeDimension): string {
  const key = `${levels}:${family}:${single ?? ''}`;
  const cached = sqlCache.get(key);
  if (cached !== undefined) return cached;
  const dimensions = family === 'single' ? (single ? [single] : []) : QOE_ROLLUP_FAMILIES[family].dimensions;
  const columns =
    family === 'single'
      ? [`value AS ${QOE_DIMENSION_COLUMNS[single ?? 'boxModel']}`, ...SUM_COLUMNS]
      : [...dimensions.map((dimension) => QOE_DIMENSION_COLUMNS[dimension]), ...SUM_COLUMNS];
  const sql = qoeSql('qoe-rollup-read.sql', {
    levels: LEVELS[levels].join(', '),
    columns: columns.join(', '),
    filters: dimensions.length > 0 ? qoeFiltersSql(dimensions) : '1',
    slice: family === 'single' ? `dimension = '${single ? QOE_DIMENSION_COLUMNS[single] : ''}' AND` : '',
  });
  sqlCache.set(key, sql);
  return sql;
}

const zCount = z.number().int().nonnegative();
// A quantile of no samples is nan, written as null.
const zQuantiles = z.array(z.number().nullable());
const ZRollupRowSchema = z.object({
  value: z.string(),
  bucket: z.number().int(),
  attempts_n: zCount,
  plays_n: zCount,
  zaps_n: zCount,
  vsf_n: zCount,
  ebvs_n: zCount,
  vpf_n: zCount,
  errors_n: zCount,
  stalls_n: zCount,
  stall_ms_n: zCount,
  playing_ms_n: zCount,
  video_start_time_q: zQuantiles,
  zap_time_q: zQuantiles,
});

/** What a rollup holds for a slice: counts, sums, and start/zap time quantiles at `levels`. */
export interface TQoeSums {
  attempts: number;
  plays: number;
  zaps: number;
  videoStartFailures: number;
  exitsBeforeVideoStart: number;
  playbackFailures: number;
  errors: number;
  stalls: number;
  stallMs: number;
  playingMs: number;
  levels: readonly number[];
  videoStartTimeQuantiles: (number | null)[];
  zapTimeQuantiles: (number | null)[];
}

export interface TQoeRollupRow extends TQoeSums {
  /** The dimension's value ('' when not split by one). */
  value: string;
  /** Bucket number: it covers origin + bucket·bucketSeconds. */
  bucket: number;
}

export interface TQoeRollupQuery {
  resolution: TQoeResolution;
  /** [from, to) in epoch seconds, aligned to the resolution (planQoeRange). */
  from: number;
  to: number;
  origin: number;
  bucketSeconds: number;
  filters: TQoeFilters;
  /** Split by this dimension; `values` keeps only those of it. */
  dimension?: TQoeDimension | undefined;
  values?: readonly string[] | undefined;
  levels?: TQoeLevels;
  /** false: sums only, percentiles null (cheaper when none is shown). */
  percentiles?: boolean;
  limit?: number;
  /** Which tables answer (default: the narrowest holding the needed dimensions, whole days from its day table). */
  source?: { family?: TQoeRollupFamily; wholeDays?: boolean };
}

/**
 * Reads a rollup per (dimension value, bucket): every KPI tile, series, breakdown and ranking is this read. Beyond the
 * minute rollup it takes the narrowest family of tables that holds the dimensions it needs, and whole days from its
 * day table (qoe-rollup-source.ts); every path sums the same events, so the answer does not depend on the path.
 */
export async function readQoeRollup(
  client: ClickHouseClient,
  query: TQoeRollupQuery,
): Promise<TQoeRollupRow[]> {
  const rollup = QOE_ROLLUPS[query.resolution];
  const levels = query.levels ?? 'kpi';
  const family = query.source?.family ?? qoeRollupFamily(query.resolution, query.filters, query.dimension);
  const tables = QOE_ROLLUP_FAMILIES[family];
  // The one dimension a `single` read filters or splits by (none: the fleet's rows).
  const needed = qoeNeededDimensions(query.filters, query.dimension);
  if (family === 'single' && needed.length > 1) {
    throw new Error('the single-dimension rollups answer reads of at most one dimension');
  }
  const single = family === 'single' ? needed[0] : undefined;
  const days =
    query.resolution === 'hour' && query.source?.wholeDays !== false
      ? wholeQoeDays(query.from, query.to, query.origin, query.bucketSeconds)
      : [];
  const rows = await queryQoeRows(
    client,
    rollupSql(levels, family, single),
    {
      table:
        query.resolution === 'hour'
          ? tables.hour
          : family === 'single'
            ? QOE_ROLLUP_FAMILIES.single.minute
            : rollup.table,
      time: rollup.timeColumn,
      day_table: tables.day,
      days,
      by_value: query.dimension !== undefined,
      dim: QOE_DIMENSION_COLUMNS[query.dimension ?? single ?? 'boxModel'],
      values: query.values ?? [],
      origin: query.origin,
      bucket_seconds: query.bucketSeconds,
      from: query.from,
      to: query.to,
      limit: query.limit ?? 100_000,
      with_percentiles: query.percentiles ?? true,
      ...filterParams(query.filters),
    },
    ZRollupRowSchema,
  );
  return rows.map((row) => ({
    value: row.value,
    bucket: row.bucket,
    attempts: row.attempts_n,
    plays: row.plays_n,
    zaps: row.zaps_n,
    videoStartFailures: row.vsf_n,
    exitsBeforeVideoStart: row.ebvs_n,
    playbackFailures: row.vpf_n,
    errors: row.errors_n,
    stalls: row.stalls_n,
    stallMs: row.stall_ms_n,
    playingMs: row.playing_ms_n,
    levels: LEVELS[levels],
    videoStartTimeQuantiles: row.video_start_time_q,
    zapTimeQuantiles: row.zap_time_q,
  }));
}

/** Sums of no events: a bucket or period without rows. */
export function emptyQoeSums(levels: TQoeLevels = 'kpi'): TQoeSums {
  const none = LEVELS[levels].map(() => null);
  return {
    attempts: 0,
    plays: 0,
    zaps: 0,
    videoStartFailures: 0,
    exitsBeforeVideoStart: 0,
    playbackFailures: 0,
    errors: 0,
    stalls: 0,
    stallMs: 0,
    playingMs: 0,
    levels: LEVELS[levels],
    videoStartTimeQuantiles: none,
    zapTimeQuantiles: [...none],
  };
}
