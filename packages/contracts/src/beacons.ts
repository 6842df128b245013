import { z } from 'zod';
import { zText } from './text';

/**
 * `POST /v1/beacons`: what a box's player sends, a batch of QoE events (definitions: DESIGN.md "QoE").
 * Stable: the player beacon library (packages/beacon) codes against it, and the store's row
 * (@keten/db `qoe-event.schema.ts`) is derived from it, so the two cannot disagree.
 *
 * - `time` is the box clock in epoch milliseconds (`Date.now()`): an integer, cheap for a box to produce and
 *   for the API to check; ISO text is not accepted. A request is taken only when every event's time lies
 *   within 7 days before to 10 minutes after the server's clock (BEACON_TIME_WINDOW): boxes hold events
 *   through an outage, so a week-old event still counts; a clock hours ahead (time zone or RTC errors) would
 *   put QoE at the wrong minute, so it is refused with 400 naming `events.3.time`.
 * - Text fields are well-formed Unicode without control characters (zText): what the API acknowledges, the
 *   store can hold.
 * - `sessionId` (uuid) + `seq` (0, 1, 2… within the session) identify an event: a resent event with the same
 *   pair is stored once, so a player retries a whole batch freely.
 * - Device, subscriber, box model, firmware and region come from the device token (TBeaconDevice), never from
 *   this body: every event is a strict object, so such keys are refused with 400 naming them.
 *
 * Event types, one playback session (one attempt on one channel) at a time:
 * - attempt: the box asks to play a channel (tune, zap or app start); one per session.
 * - first_frame: first frame shown; `startMs` = attempt → first frame.
 * - zap: a channel change finished; `zapMs` = key press → first frame of the new channel.
 * - stall_start / stall_end: rebuffering; `stallMs` on stall_end is that stall's length.
 * - heartbeat / end: `playingMs` = playing time since the previous heartbeat (a delta, so sums add up).
 * - error: `errorCode` + `errorLayer`; `fatal` when playback stopped.
 * `beforeFirstFrame` on error/end tells a start failure (VSF) or exit before start (EBVS) from a later one;
 * an end with `fatal` closes a session that already reported its fatal error.
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

/** Epoch ms any event time must lie in, [min, max): seconds-instead-of-ms and unset clocks fall outside. */
export const BEACON_TIME_RANGE = {
  min: Date.UTC(2000, 0, 1),
  max: Date.UTC(2100, 0, 1),
} as const;

/** Around the server's clock at the request: a week back (boxes buffer through outages), 10 min ahead (skew). */
export const BEACON_TIME_WINDOW = {
  pastMs: 7 * 24 * 3600_000,
  futureMs: 10 * 60_000,
} as const;

const zMs = z.number().int().min(0).max(UINT32_MAX);
const zLabel = zText(128);

/** Fields every event carries. */
const beaconBase = {
  sessionId: z.uuid(),
  seq: zMs,
  time: z
    .number()
    .int()
    .min(BEACON_TIME_RANGE.min, 'must be epoch milliseconds')
    .lt(BEACON_TIME_RANGE.max, 'must be epoch milliseconds before the year 2100')
    .describe(
      'Box clock, epoch ms; a request is taken when every time is 7 days before to 10 min after the server clock',
    ),
  channelId: zText(64).min(1),
  /**
   * The player app's version (a QoE dimension, `app_version`); when absent, the one in the device token. Optional,
   * so boxes that never sent it keep working; at most 128 characters, like every dimension.
   */
  appVersion: zLabel.optional(),
  /**
   * The delivery edge that served this session's media (a CDN PoP or origin host, e.g. `edge-ams-1`): the QoE
   * page's "edge" dimension (`cdn_edge`). Optional; at most 128 characters.
   */
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
    errorCode: zText(64).min(1),
    errorLayer: zText(32).min(1),
    fatal: z.boolean(),
  }),
  /** playingMs = playing time since the previous heartbeat (a delta, so sums add up). */
  z.strictObject({ ...beaconBase, type: z.literal('heartbeat'), playingMs: zMs }),
  /** fatal: the session ended by the fatal error it already reported. */
  z.strictObject({ ...beaconBase, type: z.literal('end'), playingMs: zMs, fatal: z.boolean().optional() }),
]);
export type TBeaconEvent = z.infer<typeof ZBeaconEventSchema>;

/** Why `time` is outside the window around `now`, or null when it is inside. */
export function beaconTimeProblem(time: number, now: number): string | null {
  if (time < now - BEACON_TIME_WINDOW.pastMs) return 'is more than 7 days before the server clock';
  if (time > now + BEACON_TIME_WINDOW.futureMs) return 'is more than 10 minutes after the server clock';
  return null;
}

/** The request: the window is checked here, against the clock at parse time, so an event alone stays pure. */
export const ZBeaconBatchSchema = z
  .strictObject({
    events: z.array(ZBeaconEventSchema).min(1).max(BEACON_MAX_EVENTS),
  })
  .superRefine((batch, ctx) => {
    const now = Date.now();
    batch.events.forEach((event, index) => {
      const problem = beaconTimeProblem(event.time, now);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['events', index, 'time'] });
    });
  });
export type TBeaconBatch = z.infer<typeof ZBeaconBatchSchema>;

/** 202 body: every event of the batch is durably accepted (see apps/api/src/beacons/README.md). */
export const ZBeaconAcceptedSchema = z.object({ accepted: z.number().int() });
export type TBeaconAccepted = z.infer<typeof ZBeaconAcceptedSchema>;

/**
 * Who sent a beacon batch, resolved from the device token by device auth (never the body); the store's row
 * carries exactly these fields next to the event's. Structurally the device API's TDeviceIdentity.
 */
export const ZBeaconDeviceSchema = z.object({
  deviceId: z.string().min(1),
  subscriberId: z.string(),
  boxModel: z.string(),
  firmware: z.string().nullable(),
  /** The event's own appVersion wins; this one (from the token) is the fallback. */
  appVersion: z.string().nullable(),
  region: z.string().nullable(),
});
export type TBeaconDevice = z.infer<typeof ZBeaconDeviceSchema>;
