import type { TBeaconDevice, TBeaconEvent } from '@keten/contracts';
import { formatClickHouseTime } from './clickhouse-time';
import type { TQoeEvent } from './qoe-event.schema';

// Field → qoe_events_v1 column; `satisfies` makes a row field without a column (or a stray one) a compile error.
const COLUMNS = {
  eventTime: 'event_time',
  receivedAt: 'received_at',
  eventType: 'event_type',
  sessionId: 'session_id',
  seq: 'seq',
  deviceId: 'device_id',
  subscriberId: 'subscriber_id',
  boxModel: 'box_model',
  firmware: 'firmware',
  appVersion: 'app_version',
  channelId: 'channel_id',
  packageCode: 'package_code',
  region: 'region',
  cdnEdge: 'cdn_edge',
  isp: 'isp',
  beforeFirstFrame: 'before_first_frame',
  fatal: 'fatal',
  startMs: 'start_ms',
  zapMs: 'zap_ms',
  stallMs: 'stall_ms',
  playingMs: 'playing_ms',
  bitrateKbps: 'bitrate_kbps',
  errorCode: 'error_code',
  errorLayer: 'error_layer',
} as const satisfies Record<keyof TQoeEvent, string>;
const LEADING = new Set<keyof TQoeEvent>(['eventTime', 'receivedAt', 'eventType', 'sessionId', 'seq']);
const OPTIONAL = (Object.entries(COLUMNS) as [keyof TQoeEvent, string][]).filter(
  ([field]) => !LEADING.has(field),
);

/**
 * One qoe_events_v1 row as a JSONEachRow line (no newline): the only encoding of a row, written once to the
 * beacon spool and sent from there as the insert body. `event_time` comes first so a reader of the spool finds
 * a row's day (its partition) without parsing the line; columns at their default (0, false, '') are left out.
 */
export function encodeQoeEventLine(event: TQoeEvent): string {
  let line = `{"event_time":"${formatClickHouseTime(event.eventTime)}"`;
  if (event.receivedAt !== undefined) line += `,"received_at":"${formatClickHouseTime(event.receivedAt)}"`;
  line += `,"event_type":"${event.eventType}","session_id":${JSON.stringify(event.sessionId)},"seq":${event.seq}`;
  for (const [field, column] of OPTIONAL) {
    const value = event[field];
    if (typeof value === 'string') {
      if (value !== '') line += `,"${column}":${JSON.stringify(value)}`;
    } else if (value !== 0 && value !== false && value !== undefined) line += `,"${column}":${value}`;
  }
  return `${line}}`;
}

/** The beacon contract's event plus the token's identity as the store's row (both validated already). */
export function qoeEventFromBeacon(
  device: TBeaconDevice,
  event: TBeaconEvent,
  receivedAt: number,
): TQoeEvent {
  return {
    eventTime: event.time,
    receivedAt,
    eventType: event.type,
    sessionId: event.sessionId,
    seq: event.seq,
    deviceId: device.deviceId,
    subscriberId: device.subscriberId,
    boxModel: device.boxModel,
    firmware: device.firmware ?? '',
    appVersion: event.appVersion ?? device.appVersion ?? '',
    region: device.region ?? '',
    channelId: event.channelId,
    packageCode: '',
    cdnEdge: event.cdnEdge ?? '',
    isp: event.isp ?? '',
    bitrateKbps: event.bitrateKbps ?? 0,
    beforeFirstFrame: event.beforeFirstFrame ?? false,
    startMs: 'startMs' in event ? event.startMs : 0,
    zapMs: 'zapMs' in event ? event.zapMs : 0,
    stallMs: 'stallMs' in event ? event.stallMs : 0,
    playingMs: 'playingMs' in event ? event.playingMs : 0,
    fatal: 'fatal' in event ? (event.fatal ?? false) : false,
    errorCode: 'errorCode' in event ? event.errorCode : '',
    errorLayer: 'errorLayer' in event ? event.errorLayer : '',
  };
}
