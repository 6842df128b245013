import { randomBytes } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { formatClickHouseTime } from '../qoe/clickhouse-time';
import { insertQoeEventLines, type TQoeLinesOutcome } from '../qoe/insert-qoe-lines';
import { readSqlFile } from '../sql-file';

export const DELIVERY_EVENTS_TABLE = 'delivery_events_v2';

/** One playlist or segment request as the origin answered it or an edge logged it (columns: 0013_delivery_events.sql). */
export interface TDeliveryRecord {
  /** Epoch ms the request arrived. */
  time: number;
  source: 'origin' | 'edge';
  edgeId: string;
  cacheStatus: string;
  deviceId: string;
  subscriberId: string;
  sessionId: string;
  channelId: string;
  contentId: string;
  kind: string;
  object: 'master' | 'playlist' | 'segment' | 'other';
  rendition: string;
  path: string;
  status: number;
  errorCode: string;
  bytes: number;
  ttfbMs: number;
  durationMs: number;
  clientIp: string;
  bitrateKbps: number;
  /**
   * The ReplacingMergeTree key's line id (0014): an edge line's hash of its edge and text (a resend repeats it);
   * unset, a fresh id unique to this record (the origin's requests).
   */
  lineId?: string;
}

// Unique per process and record without a random draw per request: a random process prefix and a counter.
const PROCESS_PREFIX = `o${randomBytes(9).toString('base64url')}`;
let originCounter = 0;
const nextOriginLineId = () => {
  originCounter += 1;
  return PROCESS_PREFIX + originCounter.toString(36);
};

/**
 * A record as a delivery_events_v1 JSONEachRow line (with its newline). event_time and received_at lead, as in
 * encodeQoeEventLine's lines, so the beacon spool and insertQoeEventLines' day split read them at the same place.
 * Strings must be well-formed Unicode already (the origin's come from checked URLs, the edges' through zText).
 */
export function encodeDeliveryLine(record: TDeliveryRecord, receivedAt: number): string {
  return `${JSON.stringify({
    // Whole milliseconds: a fraction would be written as a second fractional part, which ClickHouse refuses.
    event_time: formatClickHouseTime(Math.round(record.time)),
    received_at: formatClickHouseTime(receivedAt),
    source: record.source,
    edge_id: record.edgeId,
    cache_status: record.cacheStatus,
    device_id: record.deviceId,
    subscriber_id: record.subscriberId,
    session_id: record.sessionId,
    channel_id: record.channelId,
    content_id: record.contentId,
    kind: record.kind,
    object: record.object,
    rendition: record.rendition,
    path: record.path,
    status: record.status,
    error_code: record.errorCode,
    bytes: record.bytes,
    ttfb_ms: record.ttfbMs,
    duration_ms: record.durationMs,
    client_ip: record.clientIp,
    bitrate_kbps: record.bitrateKbps,
    line_id: record.lineId ?? nextOriginLineId(),
  })}\n`;
}

const ZStoredSchema = z.array(z.object({ line_id: z.string() }));
const storedEdgeLinesSql = readSqlFile('delivery-stored-lines.sql', import.meta.url);

/**
 * encodeDeliveryLine's lines into delivery_events_v2, with insertQoeEventLines' isolation of refused rows. Edge lines
 * already stored (a re-sent log file) and repeats within the text are dropped first and counted as stored, so the
 * minute rollup fed by the inserts counts each once. The lookup failing is a store error: everything stays owed.
 */
export async function insertDeliveryLines(client: ClickHouseClient, text: string): Promise<TQoeLinesOutcome> {
  let fresh: { text: string; dropped: number };
  try {
    fresh = await dropStoredEdgeLines(client, text);
  } catch (error) {
    return { stored: 0, refused: [], pending: text.split('\n').filter(Boolean), storeError: error };
  }
  if (fresh.dropped === 0) return insertQoeEventLines(client, text, DELIVERY_EVENTS_TABLE);
  const outcome = await insertQoeEventLines(client, fresh.text, DELIVERY_EVENTS_TABLE);
  return { ...outcome, stored: outcome.stored + fresh.dropped };
}

const EDGE_MARK = '"source":"edge"';
const ZEdgeKeySchema = z.object({ event_time: z.string(), edge_id: z.string(), line_id: z.string() });

async function dropStoredEdgeLines(
  client: ClickHouseClient,
  text: string,
): Promise<{ text: string; dropped: number }> {
  if (!text.includes(EDGE_MARK)) return { text, dropped: 0 };
  const lines = text.split('\n').filter(Boolean);
  const keys = lines.map((line) => {
    if (!line.includes(EDGE_MARK)) return null;
    const parsed = ZEdgeKeySchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  });
  const edgeKeys = keys.filter((key) => key !== null);
  if (edgeKeys.length === 0) return { text, dropped: 0 };
  const times = edgeKeys.map((key) => key.event_time).sort();
  const result = await client.query({
    query: storedEdgeLinesSql,
    query_params: {
      from: times[0],
      to: times[times.length - 1],
      edges: [...new Set(edgeKeys.map((key) => key.edge_id))],
      ids: edgeKeys.map((key) => key.line_id),
    },
    format: 'JSONEachRow',
  });
  const seen = new Set(ZStoredSchema.parse(await result.json()).map((row) => row.line_id));
  let kept = '';
  let dropped = 0;
  lines.forEach((line, index) => {
    const key = keys[index];
    if (key) {
      if (seen.has(key.line_id)) {
        dropped += 1;
        return;
      }
      seen.add(key.line_id);
    }
    kept += `${line}\n`;
  });
  return { text: kept, dropped };
}
