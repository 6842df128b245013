import { z } from 'zod';

const UINT32_MAX = 4_294_967_295;

/**
 * What a box reports, one playback session (one attempt on one channel) at a time:
 * - attempt: the box asks to play a channel (tune, zap or app start); one per session.
 * - first_frame: first frame shown; `startMs` = attempt → first frame.
 * - zap: a channel change finished; `zapMs` = key press → first frame of the new channel.
 * - stall_start / stall_end: rebuffering; `stallMs` on stall_end is that stall's length.
 * - heartbeat / end: `playingMs` = playing time since the previous heartbeat (a delta, so sums add up).
 * - error: `errorCode` + `errorLayer`; `fatal` when playback stopped.
 * `beforeFirstFrame` on error/end tells a start failure (VSF) or exit before start (EBVS) from a later one;
 * an end with `fatal` closes a session that already reported its fatal error.
 */
export const QOE_EVENT_TYPES = [
  'attempt',
  'first_frame',
  'stall_start',
  'stall_end',
  'zap',
  'error',
  'heartbeat',
  'end',
] as const;

const zTimestamp = z
  .union([z.date(), z.iso.datetime({ offset: true }).transform((text) => new Date(text))])
  .refine(
    (date) => date.getUTCFullYear() >= 2000 && date.getUTCFullYear() < 2100,
    'must be a year 2000–2099',
  );
const zDimension = z.string().max(128).default('');
const zUInt32 = z.number().int().min(0).max(UINT32_MAX);
const zMs = zUInt32.default(0);

export const ZQoeEventSchema = z
  .strictObject({
    eventTime: zTimestamp,
    receivedAt: zTimestamp.optional(),
    eventType: z.enum(QOE_EVENT_TYPES),
    sessionId: z.string().min(1).max(128),
    seq: zUInt32,
    deviceId: z.string().min(1).max(128),
    subscriberId: zDimension,
    boxModel: zDimension,
    firmware: zDimension,
    appVersion: zDimension,
    channelId: zDimension,
    packageCode: zDimension,
    region: zDimension,
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
/** A validated QoE event. */
export type TQoeEvent = z.output<typeof ZQoeEventSchema>;
