import type { ClickHouseClient } from '@clickhouse/client';
import type { TQoeDimension, TQoeFilters } from '@keten/contracts';
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
}

/** Concurrent plays (distinct boxes playing per minute, a channel switch once) per bucket: peak and mean. */
export async function readQoeConcurrency(
  client: ClickHouseClient,
  query: TQoeConcurrencyQuery,
): Promise<TQoeConcurrencyPoint[]> {
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
