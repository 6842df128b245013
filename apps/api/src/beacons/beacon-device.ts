import type { TBeaconEvent } from '@keten/contracts';
import type { TQoeEventInput } from '@keten/db/clickhouse';

/**
 * Who sent a beacon batch: resolved from the device token by device auth, never from the body.
 * Structurally the device API's TDeviceIdentity, so `authenticateDevice` plugs in as it is.
 */
export interface TBeaconDevice {
  deviceId: string;
  subscriberId: string;
  boxModel: string;
  firmware: string | null;
  appVersion: string | null;
  region: string | null;
}

/** One row of qoe_events_v1 as written to the spool: times as ISO text so a replay is byte-identical. */
export type TBeaconRow = TQoeEventInput & { eventTime: string; receivedAt: string };

/** The body's event plus the token's identity; `receivedAt` is fixed here so a replayed copy equals the first. */
export function toBeaconRow(device: TBeaconDevice, event: TBeaconEvent, receivedAt: string): TBeaconRow {
  return {
    eventTime: new Date(event.time).toISOString(),
    receivedAt,
    eventType: event.type,
    sessionId: event.sessionId,
    seq: event.seq,
    deviceId: device.deviceId,
    subscriberId: device.subscriberId,
    boxModel: device.boxModel,
    firmware: device.firmware ?? '',
    appVersion: event.appVersion ?? device.appVersion ?? '',
    channelId: event.channelId,
    region: device.region ?? '',
    cdnEdge: event.cdnEdge,
    isp: event.isp,
    bitrateKbps: event.bitrateKbps,
    beforeFirstFrame: event.beforeFirstFrame,
    startMs: 'startMs' in event ? event.startMs : undefined,
    zapMs: 'zapMs' in event ? event.zapMs : undefined,
    stallMs: 'stallMs' in event ? event.stallMs : undefined,
    playingMs: 'playingMs' in event ? event.playingMs : undefined,
    fatal: 'fatal' in event ? event.fatal : undefined,
    errorCode: 'errorCode' in event ? event.errorCode : undefined,
    errorLayer: 'errorLayer' in event ? event.errorLayer : undefined,
  };
}
