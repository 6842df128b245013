import type { ClickHouseClient } from '@clickhouse/client';
import { formatClickHouseTime } from '../qoe/clickhouse-time';
import { insertQoeEventLines, type TQoeLinesOutcome } from '../qoe/insert-qoe-lines';

export const DELIVERY_EVENTS_TABLE = 'delivery_events_v1';

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
}

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
  })}\n`;
}

/** encodeDeliveryLine's lines into delivery_events_v1, with insertQoeEventLines' isolation of refused rows. */
export function insertDeliveryLines(client: ClickHouseClient, text: string): Promise<TQoeLinesOutcome> {
  return insertQoeEventLines(client, text, DELIVERY_EVENTS_TABLE);
}
