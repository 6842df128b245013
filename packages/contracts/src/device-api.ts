import { z } from 'zod';
import { INSTANT_RANGE_MESSAGE, instantInRange } from './bounds';
import { zText } from './text';

// Device REST API (/v1) contracts: shared by apps/api, the fleet simulator and the player library.

const ZMacSchema = zText(32)
  .trim()
  .toLowerCase()
  .regex(/^([0-9a-f]{2}[:-]?){5}[0-9a-f]{2}$/i, 'must be a MAC address like a4:2b:8c:01:02:03')
  .transform((mac) => (mac.replace(/[:-]/g, '').match(/../g) ?? []).join(':'));

export const ZActivateByCodeSchema = z.object({
  activationCode: zText(32)
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{4}-?[A-Z0-9]{4}$/i, 'must look like ABCD-EF23'),
});

export const ZActivateBySerialSchema = z.object({
  serial: zText(64).trim().min(1, 'is required'),
  mac: ZMacSchema,
  provisioningSecret: zText(256).min(1, 'is required'),
});

/** Either the code support read out, or serial + MAC + the factory provisioning secret. */
export const ZActivateSchema = z.union([ZActivateByCodeSchema, ZActivateBySerialSchema]);

/** The branch a body means, so a 400 names a field of that branch instead of "body". */
export function activateSchemaFor(body: unknown) {
  const keys = typeof body === 'object' && body !== null ? Object.keys(body) : [];
  return keys.some((key) => key in ZActivateBySerialSchema.shape)
    ? ZActivateBySerialSchema
    : ZActivateByCodeSchema;
}
export type TActivateInput = z.infer<typeof ZActivateSchema>;

export const ZRefreshSchema = z.object({
  refreshToken: zText(200).min(20, 'is not a refresh token'),
});
export type TRefreshInput = z.infer<typeof ZRefreshSchema>;

export const ZDeviceTokenPairSchema = z.object({
  tokenType: z.literal('Bearer'),
  accessToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int(),
  refreshToken: z.string(),
  refreshExpiresIn: z.number().int(),
  device: z.object({ id: z.string(), boxModel: z.string(), firmware: z.string().nullable() }),
});
export type TDeviceTokenPair = z.infer<typeof ZDeviceTokenPairSchema>;

export const ZLineupRungSchema = z.object({
  ordinal: z.number().int(),
  codec: z.enum(['H264', 'HEVC']),
  profile: z.string(),
  level: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  fps: z.number(),
  bitrateKbps: z.number().int(),
});

export const ZLineupChannelSchema = z.object({
  id: z.string(),
  slug: z.string(),
  lcn: z.number().int(),
  name: z.string(),
  genre: z.string(),
  language: z.string(),
  logoUrl: z.string().nullable(),
  /** Signed media URL of the channel's master playlist (it counts toward the concurrent-stream limit). */
  streamUrl: z.string(),
  /** The channel has a picture now: a worker runs its live job and has a source on air. */
  onAir: z.boolean(),
  rungs: z.array(ZLineupRungSchema),
});
export type TLineupChannel = z.infer<typeof ZLineupChannelSchema>;

export const ZLineupSchema = z.object({ channels: z.array(ZLineupChannelSchema) });
export type TLineup = z.infer<typeof ZLineupSchema>;

/** The longest guide window a box may ask for in one call. */
export const EPG_MAX_WINDOW_HOURS = 48;

// A window far in the past or future is refused here, not by PostgreSQL (year 0 or 10000 gave a 500).
const ZEpgInstantSchema = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time' })
  .max(40)
  .refine((text) => instantInRange(new Date(text)), { message: INSTANT_RANGE_MESSAGE });

export const ZEpgQuerySchema = z
  .object({
    from: ZEpgInstantSchema.optional(),
    to: ZEpgInstantSchema.optional(),
  })
  .transform((query, ctx) => {
    const from = query.from === undefined ? undefined : new Date(query.from);
    const to = query.to === undefined ? undefined : new Date(query.to);
    // Default window starts at the top of the hour, so repeated polls get the same body (and ETag).
    const start = from ?? new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const end = to ?? new Date(start.getTime() + 24 * 3_600_000);
    if (end <= start) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    if (end.getTime() - start.getTime() > EPG_MAX_WINDOW_HOURS * 3_600_000) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `must be within ${EPG_MAX_WINDOW_HOURS} h of from`,
      });
    }
    return { from: start, to: end };
  });
export type TEpgQuery = z.infer<typeof ZEpgQuerySchema>;

export const ZEpgProgrammeSchema = z.object({
  start: z.string(),
  end: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  category: z.string().nullable(),
  season: z.number().int().nullable(),
  episode: z.number().int().nullable(),
  episodeTitle: z.string().nullable(),
  ageRating: z.string().nullable(),
});

export const ZEpgSchema = z.object({
  from: z.string(),
  to: z.string(),
  channels: z.array(z.object({ id: z.string(), slug: z.string(), programmes: z.array(ZEpgProgrammeSchema) })),
});
export type TEpg = z.infer<typeof ZEpgSchema>;

/** RFC 9457 problem document as the device API sends it. */
export const ZDeviceProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  message: z.string(),
  field: z.string().optional(),
});
