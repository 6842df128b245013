import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { readSqlFile } from '../sql-file';

const edgesSql = readSqlFile('delivery-edges.sql', import.meta.url);
const edgesMinuteSql = readSqlFile('delivery-edges-minute.sql', import.meta.url);
/** Ranges longer than this read the per-minute rollup (0014) instead of every request. */
export const DELIVERY_RAW_MAX_MS = 6 * 3_600_000;
const sessionQoeSql = readSqlFile('delivery-session-qoe.sql', import.meta.url);
const sessionSql = readSqlFile('delivery-session.sql', import.meta.url);

/** What a delivery row is grouped by: the edge (the view), or within one edge its channels or renditions. */
export const DELIVERY_GROUP_COLUMNS = {
  edge: 'edge_id',
  channel: 'channel_id',
  rendition: 'rendition',
} as const;
export type TDeliveryGroup = keyof typeof DELIVERY_GROUP_COLUMNS;

const zCount = z.number().nonnegative();
const ZEdgeRowSchema = z.object({
  key: z.string(),
  requests_n: zCount,
  hits_n: zCount,
  verdicts_n: zCount,
  errors_n: zCount,
  ttfb_p50: z.number(),
  ttfb_p95: z.number(),
  bytes_n: zCount,
  sessions_n: zCount,
  devices_n: zCount,
});
const ZSessionQoeRowSchema = z.object({
  key: z.string(),
  qoe_sessions_n: zCount,
  stall_ms_n: zCount,
  playing_ms_n: zCount,
  start_p50: z.number(),
  failed_n: zCount,
});

export interface TDeliveryRow {
  /** Edge id ('' = the origin answering boxes directly), channel or rendition. */
  key: string;
  requests: number;
  /** HIT / requests with a cache verdict; null when none had one (the origin's own answers). */
  hitRatio: number | null;
  errorRate: number;
  ttfbP50Ms: number;
  ttfbP95Ms: number;
  bytes: number;
  sessions: number;
  devices: number;
  /** The QoE of the sessions this row served (their beacons, joined on the CMCD session id). */
  qoe: {
    sessions: number;
    rebufferingRatio: number | null;
    startTimeP50Ms: number | null;
    failureRate: number | null;
  };
}

export interface TDeliveryQuery {
  from: number;
  to: number;
  group: TDeliveryGroup;
  /** '' all edges, '-' the origin's direct answers, else one edge id. */
  edge: string;
}

const finite = (value: number) => (Number.isFinite(value) ? value : 0);

/** Delivery per edge (or per channel/rendition of one edge) next to the QoE of the sessions it served. */
export async function readDeliveryByEdge(
  client: ClickHouseClient,
  query: TDeliveryQuery,
): Promise<TDeliveryRow[]> {
  const params = {
    from: query.from,
    to: query.to,
    edge: query.edge,
    group: DELIVERY_GROUP_COLUMNS[query.group],
  };
  const [rows, qoeRows] = await Promise.all([
    rowsOf(
      client,
      query.to - query.from > DELIVERY_RAW_MAX_MS ? edgesMinuteSql : edgesSql,
      params,
      ZEdgeRowSchema,
    ),
    rowsOf(client, sessionQoeSql, params, ZSessionQoeRowSchema),
  ]);
  const qoeByKey = new Map(qoeRows.map((row) => [row.key, row]));
  return rows.map((row) => {
    const qoe = qoeByKey.get(row.key);
    const watched = qoe ? qoe.playing_ms_n + qoe.stall_ms_n : 0;
    return {
      key: row.key,
      requests: row.requests_n,
      hitRatio: row.verdicts_n > 0 ? row.hits_n / row.verdicts_n : null,
      errorRate: row.requests_n > 0 ? row.errors_n / row.requests_n : 0,
      ttfbP50Ms: finite(row.ttfb_p50),
      ttfbP95Ms: finite(row.ttfb_p95),
      bytes: row.bytes_n,
      sessions: row.sessions_n,
      devices: row.devices_n,
      qoe: {
        sessions: qoe?.qoe_sessions_n ?? 0,
        rebufferingRatio: qoe && watched > 0 ? qoe.stall_ms_n / watched : null,
        startTimeP50Ms: qoe && Number.isFinite(qoe.start_p50) && qoe.start_p50 > 0 ? qoe.start_p50 : null,
        failureRate: qoe && qoe.qoe_sessions_n > 0 ? qoe.failed_n / qoe.qoe_sessions_n : null,
      },
    };
  });
}

const ZSessionDeliverySchema = z.object({
  time: z.number(),
  source: z.string(),
  edge_id: z.string(),
  cache_status: z.string(),
  device_id: z.string(),
  channel_id: z.string(),
  content_id: z.string(),
  object: z.string(),
  rendition: z.string(),
  path: z.string(),
  status: z.number(),
  bytes: z.number(),
  ttfb_ms: z.number(),
});
export type TSessionDelivery = z.infer<typeof ZSessionDeliverySchema>;

/** A session's deliveries, oldest first: its QoE session id is the CMCD sid its player sent. */
export function readSessionDeliveries(client: ClickHouseClient, sessionId: string) {
  return rowsOf(client, sessionSql, { session: sessionId }, ZSessionDeliverySchema);
}

export async function rowsOf<T>(
  client: ClickHouseClient,
  query: string,
  params: Record<string, unknown>,
  schema: z.ZodType<T>,
): Promise<T[]> {
  const result = await client.query({ query, query_params: params, format: 'JSONEachRow' });
  return z.array(schema).parse(await result.json());
}
