import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseStoreError } from '../errors';
import { toClickHouseTime } from './clickhouse-time';
import { type TQoeEvent, type TQoeEventInput, ZQoeEventSchema } from './qoe-event.schema';

export const QOE_EVENTS_TABLE = 'qoe_events_v1';
// JSON encoding runs on the main thread (~1.5 µs a row): a few thousand rows per insert keeps the loop free.
const BATCH_SIZE = 5000;

/**
 * Validate every row, then insert them in batches of 5000 (JSONEachRow). One invalid row rejects the call
 * before anything is written, with QOE_EVENT_INVALID naming the row and field (`rows[3].seq`).
 */
export async function insertQoeEvents(
  client: ClickHouseClient,
  rows: readonly TQoeEventInput[],
): Promise<{ inserted: number }> {
  const encoded = rows.map((row, index) => toColumns(parseRow(row, index)));
  for (let start = 0; start < encoded.length; start += BATCH_SIZE) {
    await client.insert({
      table: QOE_EVENTS_TABLE,
      values: encoded.slice(start, start + BATCH_SIZE),
      format: 'JSONEachRow',
    });
  }
  return { inserted: encoded.length };
}

function parseRow(row: TQoeEventInput, index: number): TQoeEvent {
  const result = ZQoeEventSchema.safeParse(row);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = `rows[${index}]${issue?.path.map((key) => `.${String(key)}`).join('') ?? ''}`;
  throw new ClickHouseStoreError('QOE_EVENT_INVALID', `${field}: ${issue?.message ?? 'invalid'}`, field);
}

function toColumns(event: TQoeEvent) {
  return {
    event_time: toClickHouseTime(event.eventTime),
    // Omitted, the column default (now64) stamps it.
    ...(event.receivedAt ? { received_at: toClickHouseTime(event.receivedAt) } : {}),
    event_type: event.eventType,
    session_id: event.sessionId,
    seq: event.seq,
    device_id: event.deviceId,
    subscriber_id: event.subscriberId,
    box_model: event.boxModel,
    firmware: event.firmware,
    app_version: event.appVersion,
    channel_id: event.channelId,
    package_code: event.packageCode,
    region: event.region,
    cdn_edge: event.cdnEdge,
    isp: event.isp,
    before_first_frame: event.beforeFirstFrame,
    fatal: event.fatal,
    start_ms: event.startMs,
    zap_ms: event.zapMs,
    stall_ms: event.stallMs,
    playing_ms: event.playingMs,
    bitrate_kbps: event.bitrateKbps,
    error_code: event.errorCode,
    error_layer: event.errorLayer,
  };
}
