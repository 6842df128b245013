import { z } from 'zod';

/**
 * `POST /v1/beacons`: what a box's player sends, a batch of QoE events (definitions: DESIGN.md "QoE",
 * meaning per type in @keten/db's qoe-event.schema.ts). Stable: the player beacon library codes against it.
 *
 * - `time` is the box clock in epoch milliseconds (`Date.now()`): an integer, cheap for a box to produce and
 *   for the API to check; ISO text is not accepted.
 * - `sessionId` (uuid) + `seq` (0, 1, 2… within the session) identify an event: a resent event with the same
 *   pair is stored once, so a player retries a whole batch freely.
 * - Device, subscriber, box model, firmware and region come from the device token, never from this body:
 *   every event is a strict object, so such keys are refused with 400 naming them.
 */
export const BEACON_EVENT_TYPES = [
  'attempt',
  'first_frame',
  'stall_start',
  'stall_end',
  'zap',
  'error',
  'heartbeat',
  'end',
] as const;
export type TBeaconEventType = (typeof BEACON_EVENT_TYPES)[number];

export const BEACON_MAX_EVENTS = 500;
const UINT32_MAX = 4_294_967_295;
// 2000-01-01 .. 2100-01-01 UTC: rejects seconds-instead-of-ms and unset clocks.
const EPOCH_MS_MIN = 946_684_800_000;
const EPOCH_MS_MAX = 4_102_444_800_000;

const zMs = z.number().int().min(0).max(UINT32_MAX);
const zLabel = z.string().max(128);

/** Fields every event carries. */
const beaconBase = {
  sessionId: z.uuid(),
  seq: zMs,
  time: z.number().int().min(EPOCH_MS_MIN, 'must be epoch milliseconds').max(EPOCH_MS_MAX),
  channelId: z.string().min(1).max(64),
  /** The player app's version; falls back to the one in the device token. */
  appVersion: zLabel.optional(),
  cdnEdge: zLabel.optional(),
  isp: zLabel.optional(),
  bitrateKbps: zMs.optional(),
  /** The session had not shown a first frame yet (tells VSF/EBVS from later failures). */
  beforeFirstFrame: z.boolean().optional(),
};

export const ZBeaconEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...beaconBase, type: z.literal('attempt') }),
  /** startMs = attempt → first frame. */
  z.strictObject({ ...beaconBase, type: z.literal('first_frame'), startMs: zMs }),
  z.strictObject({ ...beaconBase, type: z.literal('stall_start') }),
  /** stallMs = that stall's length. */
  z.strictObject({ ...beaconBase, type: z.literal('stall_end'), stallMs: zMs }),
  /** zapMs = channel-change key press → first frame of the new channel. */
  z.strictObject({ ...beaconBase, type: z.literal('zap'), zapMs: zMs }),
  z.strictObject({
    ...beaconBase,
    type: z.literal('error'),
    errorCode: z.string().min(1).max(64),
    errorLayer: z.string().min(1).max(32),
    fatal: z.boolean(),
  }),
  /** playingMs = playing time since the previous heartbeat (a delta, so sums add up). */
  z.strictObject({ ...beaconBase, type: z.literal('heartbeat'), playingMs: zMs }),
  /** fatal: the session ended by the fatal error it already reported. */
  z.strictObject({ ...beaconBase, type: z.literal('end'), playingMs: zMs, fatal: z.boolean().optional() }),
]);
export type TBeaconEvent = z.infer<typeof ZBeaconEventSchema>;

export const ZBeaconBatchSchema = z.strictObject({
  events: z.array(ZBeaconEventSchema).min(1).max(BEACON_MAX_EVENTS),
});
export type TBeaconBatch = z.infer<typeof ZBeaconBatchSchema>;

/** 202 body: every event of the batch is durably accepted (see apps/api/src/beacons/README.md). */
export const ZBeaconAcceptedSchema = z.object({ accepted: z.number().int() });
export type TBeaconAccepted = z.infer<typeof ZBeaconAcceptedSchema>;
