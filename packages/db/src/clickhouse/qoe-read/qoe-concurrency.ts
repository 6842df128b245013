import type { ClickHouseClient } from '@clickhouse/client';
import { QOE_DIMENSIONS, type TQoeDimension, type TQoeFilters } from '@keten/contracts';
import { z } from 'zod';
import { filterParams, QOE_DIMENSION_COLUMNS, qoeSql, queryQoeRows } from './qoe-sql';

const concurrencySql = qoeSql('qoe-concurrency.sql');

const ZConcurrencyRowSchema = z.object({
  value: z.string(),
  bucket: z.number().int(),
  peak_n: z.number().int().nonnegative(),
  mean_n: z.number().nonnegative(),
  minutes_n: z.number().int().nonnegative(),
});

export interface TQoeConcurrencyPoint {
  /** The dimension's value ('' when not split by one). */
  value: string;
  bucket: number;
  /** Most boxes playing in one (sampled) minute of the bucket. */
  peak: number;
  /** Mean over the bucket's sampled minutes that had any play. */
  mean: number;
  /** Minutes read (those with at least one box playing). */
  minutes: number;
}

export interface TQoeConcurrencyQuery {
  from: number;
  to: number;
  origin: number;
  bucketSeconds: number;
  /** Read every this-many seconds' minute (60 = all). */
  sampleSeconds: number;
  filters: TQoeFilters;
  /** Split by this dimension (a box switching between two of its values counts once in each); `values` keeps only those. */
  dimension?: TQoeDimension | undefined;
  values?: readonly string[] | undefined;
  /** 'boxes': count every minute from the per-box rows, even the counted ones (tests, the bench's baseline). */
  source?: 'auto' | 'boxes';
}

/**
 * The single-dimension counts that answer a read exactly, if any: the fleet's without filters or split; one
 * dimension's values when the read filters one value of it, or splits by it (filtered on nothing else). With
 * several values of one dimension filtered and no split, boxes that changed value within a minute (a channel
 * switch) would be counted twice by summing: the per-box rows answer those, as they do every multi-dimension read.
 */
export function qoeConcurrencyCounts(
  query: Pick<TQoeConcurrencyQuery, 'filters' | 'dimension' | 'values'>,
): { column: string; values: readonly string[] } | null {
  const filtered = QOE_DIMENSIONS.filter((name) => (query.filters[name]?.length ?? 0) > 0);
  const { dimension } = query;
  if (dimension === undefined) {
    if (filtered.length === 0) return { column: '', values: [] };
    const [only] = filtered;
    const values = only === undefined ? [] : (query.filters[only] ?? []);
    if (filtered.length === 1 && only !== undefined && values.length === 1) {
      return { column: QOE_DIMENSION_COLUMNS[only], values };
    }
    return null;
  }
  if (filtered.some((name) => name !== dimension)) return null;
  const kept = query.filters[dimension] ?? [];
  const listed = query.values ?? [];
  const values =
    kept.length === 0 ? listed : listed.length === 0 ? kept : listed.filter((value) => kept.includes(value));
  // Both lists given and nothing in common: nothing to read (an empty list would mean "every value").
  if (kept.length > 0 && listed.length > 0 && values.length === 0) return null;
  return { column: QOE_DIMENSION_COLUMNS[dimension], values };
}

/**
 * Concurrent plays (distinct boxes playing per minute, a channel switch once) per bucket: peak and mean. Counted
 * minutes come from the counting job's counts where they answer the read (qoeConcurrencyCounts), the rest from the
 * per-box rows: the same figures either way (qoe-read.test.ts).
 */
export async function readQoeConcurrency(
  client: ClickHouseClient,
  query: TQoeConcurrencyQuery,
): Promise<TQoeConcurrencyPoint[]> {
  const counts = query.source === 'boxes' ? null : qoeConcurrencyCounts(query);
  const rows = await queryQoeRows(
    client,
    concurrencySql,
    {
      // The first sampled minute at or after `from`: sampled minutes lie at origin + k·sample_seconds.
      first:
        query.origin + Math.ceil((query.from - query.origin) / query.sampleSeconds) * query.sampleSeconds,
      to: query.to,
      origin: query.origin,
      bucket_seconds: query.bucketSeconds,
      sample_seconds: query.sampleSeconds,
      by_value: query.dimension !== undefined,
      dim: QOE_DIMENSION_COLUMNS[query.dimension ?? 'boxModel'],
      values: query.values ?? [],
      use_counts: counts !== null,
      count_dim: counts?.column ?? '',
      count_values: counts?.values ?? [],
      ...filterParams(query.filters),
    },
    ZConcurrencyRowSchema,
  );
  return rows.map((row) => ({
    value: row.value,
    bucket: row.bucket,
    peak: row.peak_n,
    mean: row.mean_n,
    minutes: row.minutes_n,
  }));
}
