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
const C = COLUMNS;
const text = (column: string, value: string) => (value === '' ? '' : `,"${column}":${JSON.stringify(value)}`);
const count = (column: string, value: number) => (value === 0 ? '' : `,"${column}":${value}`);
const flag = (column: string, value: boolean) => (value ? `,"${column}":true` : '');

/** The columns a device fixes for a whole request, and `received_at`: encoded once per request. */
type TRowCommon = Pick<
  TQoeEvent,
  'receivedAt' | 'deviceId' | 'subscriberId' | 'boxModel' | 'firmware' | 'region' | 'packageCode'
>;
function commonColumns(row: TRowCommon): string {
  return (
    (row.receivedAt === undefined ? '' : `,"${C.receivedAt}":"${formatClickHouseTime(row.receivedAt)}"`) +
    text(C.deviceId, row.deviceId) +
    text(C.subscriberId, row.subscriberId) +
    text(C.boxModel, row.boxModel) +
    text(C.firmware, row.firmware) +
    text(C.region, row.region) +
    text(C.packageCode, row.packageCode)
  );
}

/**
 * One qoe_events_v1 row as a JSONEachRow line (no newline): the only encoding of a row, written once to the
 * beacon spool and sent from there as the insert body. `event_time` comes first and `received_at` second, so a
 * reader of the spool finds a row's day (its partition) and age without parsing the line; columns at their
 * default (0, false, '') are left out.
 */
export function encodeQoeEventLine(row: TQoeEvent): string {
  return (
    `{"${C.eventTime}":"${formatClickHouseTime(row.eventTime)}"${commonColumns(row)}` +
    `,"${C.eventType}":"${row.eventType}","${C.sessionId}":${JSON.stringify(row.sessionId)},"${C.seq}":${row.seq}` +
    text(C.appVersion, row.appVersion) +
    text(C.channelId, row.channelId) +
    text(C.cdnEdge, row.cdnEdge) +
    text(C.isp, row.isp) +
    count(C.bitrateKbps, row.bitrateKbps) +
    flag(C.beforeFirstFrame, row.beforeFirstFrame) +
    flag(C.fatal, row.fatal) +
    count(C.startMs, row.startMs) +
    count(C.zapMs, row.zapMs) +
    count(C.stallMs, row.stallMs) +
    count(C.playingMs, row.playingMs) +
    text(C.errorCode, row.errorCode) +
    text(C.errorLayer, row.errorLayer) +
    '}'
  );
}

/**
 * `encodeQoeEventLine(qoeEventFromBeacon(device, event, receivedAt))`, byte for byte (a test holds it to that),
 * for the beacon route's hot path: the device's columns are encoded once per request, no row object is built.
 */
export function beaconLineEncoder(
  device: TBeaconDevice,
  receivedAt: number,
): (event: TBeaconEvent) => string {
  const common = commonColumns({
    receivedAt,
    deviceId: device.deviceId,
    subscriberId: device.subscriberId,
    boxModel: device.boxModel,
    firmware: device.firmware ?? '',
    region: device.region ?? '',
    packageCode: '',
  });
  const appVersion = device.appVersion ?? '';
  return (event) => {
    let line =
      `{"${C.eventTime}":"${formatClickHouseTime(event.time)}"${common}` +
      `,"${C.eventType}":"${event.type}","${C.sessionId}":${JSON.stringify(event.sessionId)},"${C.seq}":${event.seq}` +
      text(C.appVersion, event.appVersion ?? appVersion) +
      text(C.channelId, event.channelId) +
      text(C.cdnEdge, event.cdnEdge ?? '') +
      text(C.isp, event.isp ?? '') +
      count(C.bitrateKbps, event.bitrateKbps ?? 0) +
      flag(C.beforeFirstFrame, event.beforeFirstFrame === true);
    // Each type's own fields, in the column order above (fatal, then the durations, then the error's).
    switch (event.type) {
      case 'first_frame':
        line += count(C.startMs, event.startMs);
        break;
      case 'zap':
        line += count(C.zapMs, event.zapMs);
        break;
      case 'stall_end':
        line += count(C.stallMs, event.stallMs);
        break;
      case 'heartbeat':
        line += count(C.playingMs, event.playingMs);
        break;
      case 'end':
        line += flag(C.fatal, event.fatal === true) + count(C.playingMs, event.playingMs);
        break;
      case 'error':
        line +=
          flag(C.fatal, event.fatal) +
          text(C.errorCode, event.errorCode) +
          text(C.errorLayer, event.errorLayer);
        break;
      default: {
        // Types without fields of their own; a new type in the contract fails to compile here until it is placed.
        const plain: 'attempt' | 'stall_start' = event.type;
        void plain;
      }
    }
    return `${line}}`;
  };
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
