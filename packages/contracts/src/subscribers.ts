import { z } from 'zod';
import { zId, zInstant } from './bounds';
import { listInputSchema } from './list';
import { zText } from './text';

export const SUBSCRIBER_STATUSES = ['ACTIVE', 'SUSPENDED', 'CANCELLED'] as const;
export const ZSubscriberStatusSchema = z.enum(SUBSCRIBER_STATUSES);
export type TSubscriberStatus = z.infer<typeof ZSubscriberStatusSchema>;

/** The twelve Dutch provinces: a subscriber's region and the QoE region dimension. */
export const REGIONS = [
  'Drenthe',
  'Flevoland',
  'Friesland',
  'Gelderland',
  'Groningen',
  'Limburg',
  'Noord-Brabant',
  'Noord-Holland',
  'Overijssel',
  'Utrecht',
  'Zeeland',
  'Zuid-Holland',
] as const;
export const ZRegionSchema = z.enum(REGIONS, { error: 'must be a Dutch province, e.g. Utrecht' });

const zOptionalText = (max: number) =>
  zText(max)
    .trim()
    .transform((value) => (value === '' ? null : value))
    .nullish();

export const ZSubscriberFieldsSchema = z.object({
  accountNumber: zText(32)
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9-]{3,32}$/, 'must be 3–32 letters, digits or dashes'),
  name: zText(200).trim().min(1, 'is required'),
  email: z
    .union([z.literal(''), z.email('must be an email address').max(254).trim().toLowerCase()])
    .transform((value) => (value === '' ? null : value))
    .nullish(),
  region: ZRegionSchema,
  city: zOptionalText(120),
  postcode: zOptionalText(16),
  status: ZSubscriberStatusSchema,
  maxConcurrentStreams: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(10, 'must be at most 10'),
});
export const ZSubscriberCreateSchema = ZSubscriberFieldsSchema.extend({
  status: ZSubscriberStatusSchema.default('ACTIVE'),
  maxConcurrentStreams: ZSubscriberFieldsSchema.shape.maxConcurrentStreams.default(2),
});
export type TSubscriberCreateInput = z.infer<typeof ZSubscriberCreateSchema>;

// Built from the default-free fields: a partial update must not reset status or stream limit.
export const ZSubscriberUpdateSchema = ZSubscriberFieldsSchema.omit({ accountNumber: true })
  .partial()
  .extend({ id: zId() });
export type TSubscriberUpdateInput = z.infer<typeof ZSubscriberUpdateSchema>;

export const SUBSCRIBER_SORTS = ['accountNumber', 'name', 'email', 'region', 'status', 'createdAt'] as const;
export const ZSubscriberListSchema = listInputSchema(SUBSCRIBER_SORTS).extend({
  status: ZSubscriberStatusSchema.optional(),
  region: ZRegionSchema.optional(),
});
export type TSubscriberListInput = z.infer<typeof ZSubscriberListSchema>;

export const ZSubscriptionAddSchema = z
  .object({
    subscriberId: zId(),
    packageId: zId('choose a package'),
    startsAt: zInstant(),
    endsAt: zInstant().nullish(),
  })
  .refine((input) => !input.endsAt || input.endsAt > input.startsAt, {
    message: 'must be after the start',
    path: ['endsAt'],
  });
export type TSubscriptionAddInput = z.infer<typeof ZSubscriptionAddSchema>;

export const ZSubscriptionEndSchema = z.object({
  subscriptionId: zId(),
  endsAt: zInstant().optional(),
});
export type TSubscriptionEndInput = z.infer<typeof ZSubscriptionEndSchema>;

/** CSV file content, up to 5 MB; a dry run validates and reports without writing. */
export const ZSubscriberImportSchema = z.object({
  csv: z
    .string()
    .min(1, 'choose a CSV file')
    .max(5_000_000, 'must be at most 5 MB')
    .pipe(zText(5_000_000, { multiline: true })),
  dryRun: z.boolean().default(true),
});
export type TSubscriberImportInput = z.infer<typeof ZSubscriberImportSchema>;

/** The longest support search: more than any name, e-mail, serial or MAC a caller can read out. */
export const SUPPORT_SEARCH_MAX_LENGTH = 100;
export const ZSupportSearchSchema = z.object({
  q: z
    .string()
    .max(SUPPORT_SEARCH_MAX_LENGTH, `must be at most ${SUPPORT_SEARCH_MAX_LENGTH} characters`)
    .pipe(zText(SUPPORT_SEARCH_MAX_LENGTH).trim().min(2, 'type at least 2 characters')),
  limit: z.number().int().min(1).max(50).default(20),
});
export type TSupportSearchInput = z.infer<typeof ZSupportSearchSchema>;

export const DEVICE_STATUSES = ['IN_STOCK', 'PENDING_ACTIVATION', 'ACTIVE', 'SUSPENDED', 'RETIRED'] as const;
export const TOKEN_STATES = ['NONE', 'ACTIVE', 'REVOKED'] as const;
export const DEVICE_SORTS = ['serial', 'mac', 'lastSeenAt', 'status'] as const;
export const ZDeviceListSchema = listInputSchema(DEVICE_SORTS).extend({
  status: z.enum(DEVICE_STATUSES).optional(),
  tokenState: z.enum(TOKEN_STATES).optional(),
  subscriberId: zId().optional(),
});
export type TDeviceListInput = z.infer<typeof ZDeviceListSchema>;

export const ZDeviceAssignSchema = z.object({
  deviceId: zId(),
  accountNumber: zText(32).trim().toUpperCase().min(1, 'is required'),
});
export type TDeviceAssignInput = z.infer<typeof ZDeviceAssignSchema>;

export const ZDeviceIdSchema = z.object({ deviceId: zId() });
export type TDeviceIdInput = z.infer<typeof ZDeviceIdSchema>;

/** Accepts `aa:bb`, `AA-BB`, `aa.bb` or `aabb`: the hex digits of a (partial) MAC, lower-case, or null. */
export function macDigits(input: string): string | null {
  const digits = input
    .trim()
    .toLowerCase()
    .replace(/[\s:.-]/g, '');
  return /^[0-9a-f]{2,12}$/.test(digits) ? digits : null;
}
