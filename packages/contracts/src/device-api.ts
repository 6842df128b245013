import { z } from 'zod';
import { INSTANT_RANGE_MESSAGE, instantInRange } from './bounds';
import { zText } from './text';

// Device REST API (/v1) contracts: shared by apps/api, the fleet simulator and the player library.

// Each pattern checks the text as sent (it is what the OpenAPI document publishes); normalising comes after.
// Either case, `:` or `-` or no separators, spaces or tabs around it; stored as a4:2b:8c:01:02:03.
const MAC_AS_SENT = /^[ \t]*([0-9A-Fa-f]{2}[:-]?){5}[0-9A-Fa-f]{2}[ \t]*$/;
// Either case, with or without the dash, spaces or tabs around it; looked up as ABCD-EF23.
const ACTIVATION_CODE_AS_SENT = /^[ \t]*[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}[ \t]*$/;
// Something other than white space: a serial is trimmed, and nothing left is no serial.
const NOT_BLANK = /\S/;

const ZMacSchema = zText(32)
  .regex(MAC_AS_SENT, 'must be a MAC address like a4:2b:8c:01:02:03')
  .trim()
  .toLowerCase()
  .transform((mac) => (mac.replace(/[:-]/g, '').match(/../g) ?? []).join(':'));

export const ZActivateBySerialSchema = z.object({
  serial: zText(64).regex(NOT_BLANK, 'is required').trim(),
  mac: ZMacSchema,
  provisioningSecret: zText(256).min(1, 'is required'),
});

// A body with any serial field is read as serial activation (activateSchemaFor), so the code form has none.
const notSerial = {
  serial: z.never().optional(),
  mac: z.never().optional(),
  provisioningSecret: z.never().optional(),
};

export const ZActivateByCodeSchema = z.object({
  activationCode: zText(32).regex(ACTIVATION_CODE_AS_SENT, 'must look like ABCD-EF23').trim().toUpperCase(),
  ...notSerial,
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

/** RFC 9457 problem document as the device API sends it: `code` is stable, `field` names the input that caused it. */
export const ZProblemSchema = z.strictObject({
  /** https://keten.dev/problems/<code in lower case> */
  type: z.url(),
  /** The same words as `message` (RFC 9457's member). */
  title: z.string(),
  status: z.number().int().min(400).max(599),
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  message: z.string(),
  field: z.string().optional(),
});

/** INVALID_INPUT from a schema: every issue, the first of which is `field` and `message`. */
export const ZInvalidInputProblemSchema = ZProblemSchema.extend({
  issues: z.array(z.strictObject({ field: z.string(), message: z.string() })).optional(),
});

/** INTERNAL: nothing about the cause, only the id of the log line that has it (also the X-Request-Id header). */
export const ZInternalProblemSchema = ZProblemSchema.extend({ requestId: z.string() });

/** A JSON value in a box's configuration (any JSON; the console's editors bound its size). */
const ZConfigValueSchema = z.unknown().meta({ description: 'Any JSON value' });

/** A channel on a rail: enough to draw its tile; `streamUrl` is where the box asks to play it (POST, /v1/play). */
const ZRailChannelSchema = z.object({
  id: z.string(),
  slug: z.string(),
  lcn: z.number().int(),
  name: z.string(),
  logoUrl: z.string().nullable(),
  streamUrl: z.string(),
});

const ZRailItemSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('channel'), channel: ZRailChannelSchema }),
  z.object({
    type: z.literal('promotion'),
    id: z.string().meta({ description: 'Stable id of the promotion (report clicks by it)' }),
    title: z.string(),
    imageUrl: z.string(),
    target: z.discriminatedUnion('type', [
      z.object({ type: z.literal('channel'), channel: ZRailChannelSchema }),
      z.object({
        type: z.literal('link'),
        url: z.string().meta({ description: 'A URL or an app deeplink' }),
      }),
    ]),
    validTo: z
      .string()
      .nullable()
      .meta({ description: 'When the promotion ends (ISO 8601); hide it then even before the next poll' }),
  }),
]);

/** One home-screen rail as a box receives it. */
export const ZDeviceRailSchema = z.object({
  key: z.string(),
  title: z.string(),
  variant: z
    .string()
    .meta({ description: 'Which variant of the rail the box got (for QoE and clicks per variant)' }),
  items: z.array(ZRailItemSchema).meta({ description: 'Channels and promotions, in the order to show them' }),
});
export type TDeviceRail = z.infer<typeof ZDeviceRailSchema>;

/** What GET /v1/config answers a box (apps/api/src/flags/README.md). */
export const ZDeviceConfigSchema = z
  .object({
    configVersion: z
      .number()
      .int()
      .min(0)
      .meta({ description: 'Version of the central configuration in force (0: none saved yet)' }),
    settings: z.record(z.string(), ZConfigValueSchema).meta({
      description:
        'The central configuration for this box: base settings with its cohorts’ overrides merged in',
    }),
    flags: z
      .record(
        z.string(),
        z.object({
          value: ZConfigValueSchema,
          variant: z.string().meta({ description: 'Which variant the box got (for QoE per variant)' }),
        }),
      )
      .meta({ description: 'Every feature flag by key, evaluated for this box' }),
    rails: z.array(ZDeviceRailSchema).meta({
      description:
        'Server-driven content: the home-screen rails this box gets, in order (empty: keep the built-in home screen). ' +
        'Each rail’s variant is chosen by its targeting rules over cohorts, like a flag; it holds only channels this ' +
        'box may watch now (its packages and decoder, as in /v1/lineup) and promotions live now. A change moves the ETag.',
    }),
    delivery: z
      .object({
        edge: z.string().meta({ description: 'The CDN edge this box fetches media from, e.g. "edge-ams-1"' }),
        baseUrl: z.string().meta({
          description:
            'Put this in front of media paths (/media/…); /v1/play already returns URLs on it. Signatures are unchanged.',
        }),
        steeredFrom: z.string().optional().meta({
          description:
            'Present when the box was moved off its usual edge (that edge breaches its steering rule)',
        }),
        reason: z
          .string()
          .optional()
          .meta({ description: 'Why its usual edge is avoided, in words with figures' }),
      })
      .strict()
      .nullable()
      .meta({
        description:
          'The CDN edge this box uses now (edge steering: it changes when an edge is avoided or returns). null: no edge ' +
          'is configured, the box plays the URLs /v1/play gives it from the origin.',
      }),
    pollAfterSeconds: z
      .number()
      .int()
      .min(1)
      .meta({ description: 'Ask again after this many seconds (with If-None-Match: a 304 is cheap)' }),
  })
  .strict();
export type TDeviceConfig = z.infer<typeof ZDeviceConfigSchema>;
