import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { readSqlFile } from '../sql-file';
import { queryQoeRows } from './qoe-sql';

const pendingSql = readSqlFile('qoe-concurrency-pending.sql', import.meta.url);
const countSql = readSqlFile('qoe-concurrency-count.sql', import.meta.url);
const ZPendingRowSchema = z.object({ minute_s: z.number().int().nonnegative() });

/**
 * Seconds a count is stamped earlier than it ran: an insert marks its minutes touched in one view and lands the
 * per-box rows in another, so a minute counted in between is counted again on a run after the margin.
 */
export const QOE_COUNT_MARGIN_SECONDS = 30;

/** Minutes (epoch s, in [after, before)) whose plays are not counted yet or changed since: oldest first. */
export async function pendingQoeConcurrencyMinutes(
  client: ClickHouseClient,
  query: { after: number; before: number; limit: number },
): Promise<number[]> {
  const rows = await queryQoeRows(client, pendingSql, query, ZPendingRowSchema);
  return rows.map((row) => row.minute_s);
}

/** Counts concurrent plays of the listed minutes (epoch s) for the fleet and per single dimension value. */
export async function countQoeConcurrency(
  client: ClickHouseClient,
  minutes: readonly number[],
  marginSeconds = QOE_COUNT_MARGIN_SECONDS,
): Promise<void> {
  if (minutes.length === 0) return;
  await client.command({ query: countSql, query_params: { minutes, margin_s: marginSeconds } });
}
