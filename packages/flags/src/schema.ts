import { zText } from '@keten/contracts';
import { z } from 'zod';

/** Keys boxes read (flag keys, variant keys, cohort keys): lower-case, digits, dots, dashes and underscores. */
export const zKey = (what = 'key') =>
  zText(64)
    .min(1, 'is required')
    .regex(/^[a-z][a-z0-9._-]*$/, {
      message: `must be a ${what} like "new-epg.grid": lower-case letters, digits, ".", "-" or "_", starting with a letter`,
    });

/** A share of devices in percent, to a hundredth (the bucket resolution). */
export const zPercent = () =>
  z
    .number({ error: 'must be a number' })
    .min(0, 'must be between 0 and 100')
    .max(100, 'must be between 0 and 100')
    .refine((value) => Math.abs(Math.round(value * 100) - value * 100) < 1e-9, {
      message: 'may have at most two decimals',
    });

const zValues = (max: number) => z.array(zText(100).min(1, 'must not be empty')).max(max).default([]);

/**
 * Who is in a cohort. Every criterion given must hold (within one criterion any listed value will do);
 * `percent` then keeps a sticky share of those devices (bucket of the cohort's key and the device id).
 * Devices in `deviceIds` are always in. A rule with nothing but `deviceIds` holds exactly those devices;
 * an empty rule holds every device.
 */
export const ZCohortRuleSchema = z.object({
  boxModels: zValues(100),
  firmware: zValues(200),
  appVersions: zValues(200),
  regions: zValues(100),
  packages: zValues(100),
  deviceIds: zValues(1000),
  percent: zPercent().nullable().default(null),
});
export type TCohortRule = z.infer<typeof ZCohortRuleSchema>;
export type TCohortRuleInput = z.input<typeof ZCohortRuleSchema>;

export const FLAG_TYPES = ['boolean', 'string', 'number', 'json'] as const;
export const ZFlagTypeSchema = z.enum(FLAG_TYPES);
export type TFlagType = z.infer<typeof ZFlagTypeSchema>;

/** A JSON value as boxes receive it (bounded, so one flag cannot bloat every /v1/config answer). */
export type TJsonValue = string | number | boolean | null | TJsonValue[] | { [key: string]: TJsonValue };
export const ZJsonValueSchema: z.ZodType<TJsonValue> = z.lazy(() =>
  z.union([
    zText(2000),
    z.number().refine(Number.isFinite, 'must be a finite number'),
    z.boolean(),
    z.null(),
    z.array(ZJsonValueSchema).max(200),
    z.record(zText(100), ZJsonValueSchema),
  ]),
);

export const ZFlagVariantSchema = z.object({
  key: zKey('variant key'),
  value: ZJsonValueSchema,
});

export const ZFlagRuleSchema = z.object({
  /** Stable across edits, so the preview and the audit can name the rule. */
  id: zKey('rule id'),
  /** null: every device. */
  cohortId: zText(100).min(1).nullable(),
  /** Sticky share of the matching devices (bucket of the flag's key and the device id). */
  percent: zPercent().default(100),
  variant: zKey('variant key'),
});
export type TFlagRule = z.infer<typeof ZFlagRuleSchema>;

const SIZE_LIMIT = 16_000;

/**
 * What a flag serves, as one versioned document: its variants, the ordered targeting rules (the first that
 * matches wins), the default, and the kill switch (killed: everyone gets `offVariant`, rules ignored).
 */
export const ZFlagDefinitionSchema = z
  .object({
    type: ZFlagTypeSchema,
    variants: z.array(ZFlagVariantSchema).min(1, 'needs at least one variant').max(20),
    defaultVariant: zKey('variant key'),
    offVariant: zKey('variant key'),
    killed: z.boolean().default(false),
    rules: z.array(ZFlagRuleSchema).max(50).default([]),
  })
  .superRefine((definition, ctx) => {
    const keys = new Set<string>();
    definition.variants.forEach((variant, index) => {
      if (keys.has(variant.key))
        ctx.addIssue({ code: 'custom', path: ['variants', index, 'key'], message: 'is used twice' });
      keys.add(variant.key);
      const problem = valueProblem(definition.type, variant.value);
      if (problem) ctx.addIssue({ code: 'custom', path: ['variants', index, 'value'], message: problem });
    });
    for (const field of ['defaultVariant', 'offVariant'] as const) {
      if (!keys.has(definition[field]))
        ctx.addIssue({ code: 'custom', path: [field], message: 'must name one of the variants' });
    }
    const ruleIds = new Set<string>();
    definition.rules.forEach((rule, index) => {
      if (!keys.has(rule.variant))
        ctx.addIssue({
          code: 'custom',
          path: ['rules', index, 'variant'],
          message: 'must name one of the variants',
        });
      if (ruleIds.has(rule.id))
        ctx.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: 'is used twice' });
      ruleIds.add(rule.id);
    });
    if (JSON.stringify(definition).length > SIZE_LIMIT)
      ctx.addIssue({ code: 'custom', path: ['variants'], message: `must be under ${SIZE_LIMIT} characters` });
  });
export type TFlagDefinition = z.infer<typeof ZFlagDefinitionSchema>;
export type TFlagDefinitionInput = z.input<typeof ZFlagDefinitionSchema>;

/** Why a value does not fit the flag's type, or null. */
export function valueProblem(type: TFlagType, value: TJsonValue): string | null {
  switch (type) {
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false for a boolean flag';
    case 'string':
      return typeof value === 'string' ? null : 'must be text for a string flag';
    case 'number':
      return typeof value === 'number' ? null : 'must be a number for a number flag';
    case 'json':
      return null;
  }
}

/** A settings object (the central configuration and its overrides). */
export const ZSettingsSchema = z.record(zText(100).min(1), ZJsonValueSchema);
export type TSettings = z.infer<typeof ZSettingsSchema>;

/**
 * The central configuration boxes receive, one versioned document: base settings, then per-cohort overrides
 * merged over them in order (objects merge key by key, anything else replaces).
 */
export const ZConfigDocumentSchema = z
  .object({
    settings: ZSettingsSchema,
    overrides: z
      .array(z.object({ cohortId: zText(100).min(1, 'choose a cohort'), settings: ZSettingsSchema }))
      .max(50)
      .default([]),
  })
  .superRefine((document, ctx) => {
    if (JSON.stringify(document).length > 64_000)
      ctx.addIssue({ code: 'custom', path: ['settings'], message: 'must be under 64,000 characters' });
  });
export type TConfigDocument = z.infer<typeof ZConfigDocumentSchema>;
