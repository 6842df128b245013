import type { ClickHouseClient } from '@clickhouse/client';
import type { TQoeFilters } from '@keten/contracts';
import { z } from 'zod';
import { filterParams, qoeSql, queryQoeRows } from './qoe-sql';

const errorsSql = qoeSql('qoe-errors.sql');

const zCount = z.number().int().nonnegative();
const ZErrorRowSchema = z.object({
  code: z.string(),
  layer: z.string(),
  bucket: z.number().int(),
  errors_n: zCount,
  fatal_n: zCount,
  start_failures_n: zCount,
  devices_n: zCount,
});

export interface TQoeErrorRow {
  code: string;
  layer: string;
  bucket: number;
  errors: number;
  /** Of which fatal (playback stopped). */
  fatal: number;
  /** Of which fatal before the first frame: video start failures. */
  startFailures: number;
  /** Distinct boxes that reported it in this row (not additive across buckets). */
  devices: number;
}

export interface TQoeErrorsQuery {
  from: number;
  to: number;
  origin: number;
  bucketSeconds: number;
  filters: TQoeFilters;
  /** Only these codes (empty: all). */
  codes?: readonly string[];
  limit?: number;
}

/** Error codes per (code, layer, bucket), most frequent first. */
export async function readQoeErrors(
  client: ClickHouseClient,
  query: TQoeErrorsQuery,
): Promise<TQoeErrorRow[]> {
  const rows = await queryQoeRows(
    client,
    errorsSql,
    {
      from: query.from,
      to: query.to,
      origin: query.origin,
      bucket_seconds: query.bucketSeconds,
      codes: query.codes ?? [],
      limit: query.limit ?? 10_000,
      ...filterParams(query.filters),
    },
    ZErrorRowSchema,
  );
  return rows.map((row) => ({
    code: row.code,
    layer: row.layer,
    bucket: row.bucket,
    errors: row.errors_n,
    fatal: row.fatal_n,
    startFailures: row.start_failures_n,
    devices: row.devices_n,
  }));
}
