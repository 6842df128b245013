import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { ClickHouseStoreError } from '../errors';
import { toClickHouseTime } from '../qoe/clickhouse-time';
import { readSqlFile } from '../sql-file';

const countsSql = readSqlFile('ingest-alert-counts.sql', import.meta.url);
const feedsDownSql = readSqlFile('ingest-feeds-down.sql', import.meta.url);

const ZCountsRowSchema = z.object({
  channel: z.string(),
  failovers: z.number().int().nonnegative(),
  qc_findings: z.number().int().nonnegative(),
});
const ZFeedsDownRowSchema = z.object({ channel: z.string(), down_seconds: z.number().int().nonnegative() });

/** One channel's ingest figures for alert rules. */
export interface TIngestAlertFigures {
  channelId: string;
  /** Failovers that started in [from, to). */
  failovers: number;
  /** QC findings (black, freeze, silence, loudness) that started in [from, to). */
  qcFindings: number;
  /** How long its longest-down feed has been down at `to` (0 when every feed is up). */
  feedDownSeconds: number;
}

/** Ingest figures per channel for [from, to); `channelIds` empty = every channel with any finding. */
export async function readIngestAlertFigures(
  client: ClickHouseClient,
  input: { from: Date; to: Date; channelIds: readonly string[] },
): Promise<TIngestAlertFigures[]> {
  const params = {
    channel_ids: [...input.channelIds],
    from: toClickHouseTime(input.from),
    to: toClickHouseTime(input.to),
  };
  const [counts, down] = await Promise.all([
    client.query({ query: countsSql, format: 'JSONEachRow', query_params: params }).then((r) => r.json()),
    client.query({ query: feedsDownSql, format: 'JSONEachRow', query_params: params }).then((r) => r.json()),
  ]);
  const figures = new Map<string, TIngestAlertFigures>();
  const of = (channelId: string) => {
    let figure = figures.get(channelId);
    if (!figure) {
      figure = { channelId, failovers: 0, qcFindings: 0, feedDownSeconds: 0 };
      figures.set(channelId, figure);
    }
    return figure;
  };
  for (const row of counts) {
    const parsed = parseRow(ZCountsRowSchema, row);
    Object.assign(of(parsed.channel), { failovers: parsed.failovers, qcFindings: parsed.qc_findings });
  }
  for (const row of down) {
    const parsed = parseRow(ZFeedsDownRowSchema, row);
    of(parsed.channel).feedDownSeconds = parsed.down_seconds;
  }
  return [...figures.values()];
}

function parseRow<T extends z.ZodType>(schema: T, row: unknown): z.output<T> {
  const result = schema.safeParse(row);
  if (result.success) return result.data;
  const field = result.error.issues[0]?.path.map(String).join('.') ?? '';
  throw new ClickHouseStoreError(
    'INGEST_ROW_UNEXPECTED',
    `ingest_events_v1 returned an unexpected ${field}`,
    field,
  );
}
