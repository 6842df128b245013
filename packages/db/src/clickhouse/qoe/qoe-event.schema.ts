import {
  BEACON_EVENT_TYPES,
  BEACON_TIME_RANGE,
  type TBeaconDevice,
  type TBeaconEvent,
  ZBeaconDeviceSchema,
  zText,
} from '@keten/contracts';
import { z } from 'zod';

/**
 * One row of qoe_events_v1: a beacon event (`ZBeaconEventSchema` in @keten/contracts, where each event type's
 * meaning is written) plus the device identity from the token (`ZBeaconDeviceSchema`). The event types, the
 * identity fields and the time range come from that contract; the checks below fail to compile when the
 * contract gains a field the row lacks.
 */
export const QOE_EVENT_TYPES = BEACON_EVENT_TYPES;

const UINT32_MAX = 4_294_967_295;
const yearOf = (ms: number) => new Date(ms).getUTCFullYear();
const RANGE_TEXT = `${yearOf(BEACON_TIME_RANGE.min)}–${yearOf(BEACON_TIME_RANGE.max) - 1}`;

/** Date, ISO text or epoch ms in; epoch ms out, within the contract's range (the table holds nothing else). */
const zTimestamp = z
  .union([
    z.date().transform((date) => date.getTime()),
    z.iso.datetime({ offset: true }).transform((text) => Date.parse(text)),
    z.number().int(),
  ])
  .refine(
    (ms) => ms >= BEACON_TIME_RANGE.min && ms < BEACON_TIME_RANGE.max,
    `must be a time in the years ${RANGE_TEXT}`,
  );
const zDimension = zText(128).default('');
const zUInt32 = z.number().int().min(0).max(UINT32_MAX);
const zMs = zUInt32.default(0);

// Device identity columns: one per field of the token's identity, '' where the token has none.
const deviceColumns = Object.fromEntries(
  ZBeaconDeviceSchema.keyof().options.map((field) => [field, zDimension]),
) as Record<keyof TBeaconDevice, typeof zDimension>;

export const ZQoeEventSchema = z
  .strictObject({
    ...deviceColumns,
    deviceId: zText(128).min(1),
    eventTime: zTimestamp,
    receivedAt: zTimestamp.optional(),
    eventType: z.enum(BEACON_EVENT_TYPES),
    sessionId: zText(128).min(1),
    seq: zUInt32,
    channelId: zDimension,
    /** Not in the beacon: filled from the entitlement once packages reach the row (empty today). */
    packageCode: zDimension,
    cdnEdge: zDimension,
    isp: zDimension,
    beforeFirstFrame: z.boolean().default(false),
    fatal: z.boolean().default(false),
    startMs: zMs,
    zapMs: zMs,
    stallMs: zMs,
    playingMs: zMs,
    bitrateKbps: zMs,
    errorCode: zDimension,
    errorLayer: zDimension,
  })
  .refine((event) => event.eventType !== 'error' || event.errorCode !== '', {
    message: 'an error event needs an error code',
    path: ['errorCode'],
  });

/** A QoE event as callers pass it (defaults still optional). */
export type TQoeEventInput = z.input<typeof ZQoeEventSchema>;
/** A validated QoE event: defaults filled in, times in epoch ms. */
export type TQoeEvent = z.output<typeof ZQoeEventSchema>;

// Every field of every beacon event type (time and type become eventTime and eventType) and of the device
// identity has a place in the row: a contract change that the store would drop fails to compile here.
type TKeysOfAny<T> = T extends unknown ? keyof T : never;
type TContractField = Exclude<TKeysOfAny<TBeaconEvent>, 'time' | 'type'> | keyof TBeaconDevice;
type TStored<TMissing extends never> = TMissing;
export type TContractFieldsStored = TStored<Exclude<TContractField, keyof TQoeEvent>>;
