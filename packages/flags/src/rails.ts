import { zText } from '@keten/contracts';
import { z } from 'zod';
import { pickRule, type TCohort, type TDeviceFacts, type TRulePick } from './engine';
import { ZFlagRuleSchema, zKey } from './schema';

// ───────────── what a rail is ─────────────

const zChannelId = () => zText(100).min(1, 'choose a channel');

/** A web address or an app deeplink (`keten://…`, `myapp:/…`): a scheme, then something. */
const zTargetUrl = () =>
  zText(500)
    .min(1, 'is required')
    .regex(/^[a-z][a-z0-9+.-]*:\S+$/i, { message: 'must be a URL or deeplink like https://… or keten://…' });

const zImageUrl = () =>
  zText(500)
    .min(1, 'is required')
    .regex(/^(https?:\/\/\S+|\/\S*)$/, { message: 'must be an https:// URL or a path like /media/…' });

/** An ISO 8601 instant with its offset, or null (open-ended). Kept as text: the definition is JSON. */
const zWhen = () =>
  z.iso
    .datetime({ offset: true, error: 'must be a date-time like 2026-12-24T18:00:00Z' })
    .max(40)
    .nullable()
    .default(null);

export const ZPromotionTargetSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('channel'), channelId: zChannelId() }),
  z.object({ type: z.literal('link'), url: zTargetUrl() }),
]);
export type TPromotionTarget = z.infer<typeof ZPromotionTargetSchema>;

export const ZRailItemSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('channel'), channelId: zChannelId() }),
  z.object({
    type: z.literal('promotion'),
    /** Stable across edits: boxes report clicks by it. */
    id: zKey('promotion id'),
    title: zText(100).min(1, 'is required'),
    imageUrl: zImageUrl(),
    target: ZPromotionTargetSchema,
    validFrom: zWhen(),
    validTo: zWhen(),
  }),
]);
export type TRailItem = z.infer<typeof ZRailItemSchema>;
export type TRailItemInput = z.input<typeof ZRailItemSchema>;

const SIZE_LIMIT = 32_000;

/**
 * A rail as one versioned document: its title and place on the home screen, its variants (each an ordered list
 * of channels and promotions), the ordered targeting rules (the flag's, first match wins), the default variant
 * (null: boxes no rule picks get no rail) and the kill switch (killed: no box gets the rail).
 */
export const ZRailDefinitionSchema = z
  .object({
    title: zText(100).min(1, 'is required'),
    /** Rails are shown by position, lowest first (then by key). */
    position: z.number().int('must be a whole number').min(0).max(1000).default(100),
    variants: z
      .array(z.object({ key: zKey('variant key'), items: z.array(ZRailItemSchema).max(100) }))
      .min(1, 'needs at least one variant')
      .max(10),
    defaultVariant: zKey('variant key').nullable(),
    killed: z.boolean().default(false),
    rules: z.array(ZFlagRuleSchema).max(50).default([]),
  })
  .superRefine((definition, ctx) => {
    const keys = new Set<string>();
    definition.variants.forEach((variant, index) => {
      if (keys.has(variant.key))
        ctx.addIssue({ code: 'custom', path: ['variants', index, 'key'], message: 'is used twice' });
      keys.add(variant.key);
      const promotions = new Set<string>();
      variant.items.forEach((item, at) => {
        if (item.type !== 'promotion') return;
        const path = ['variants', index, 'items', at];
        if (promotions.has(item.id))
          ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: 'is used twice' });
        promotions.add(item.id);
        if (item.validFrom && item.validTo && Date.parse(item.validTo) <= Date.parse(item.validFrom))
          ctx.addIssue({ code: 'custom', path: [...path, 'validTo'], message: 'must be after valid from' });
      });
    });
    if (definition.defaultVariant !== null && !keys.has(definition.defaultVariant))
      ctx.addIssue({ code: 'custom', path: ['defaultVariant'], message: 'must name one of the variants' });
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
export type TRailDefinition = z.infer<typeof ZRailDefinitionSchema>;
export type TRailDefinitionInput = z.input<typeof ZRailDefinitionSchema>;

/** The channels a rail's items name (for checks that they exist, and what a box may watch). */
export function railChannelIds(definition: TRailDefinition): string[] {
  const ids = new Set<string>();
  for (const variant of definition.variants)
    for (const item of variant.items) {
      if (item.type === 'channel') ids.add(item.channelId);
      else if (item.target.type === 'channel') ids.add(item.target.channelId);
    }
  return [...ids];
}

// ───────────── what a box gets ─────────────

export interface TRail {
  key: string;
  definition: TRailDefinition;
}

/** Why an item of the chosen variant is not on the box's home screen. */
export type TDropReason =
  /** The box may not watch the channel (its packages or its decoder), or the channel is gone. */
  | 'NOT_WATCHABLE'
  /** A promotion whose target channel the box may not watch. */
  | 'TARGET_NOT_WATCHABLE'
  /** A promotion before its valid-from. */
  | 'NOT_YET'
  /** A promotion at or after its valid-to. */
  | 'ENDED';

export interface TRailEvaluation {
  key: string;
  title: string;
  position: number;
  /** The variant the box gets, or null (no rail for it). */
  variant: string | null;
  /** KILLED: the kill switch is on; RULE: a targeting rule matched; DEFAULT: none did; NO_DEFAULT: none did and there is no default. */
  reason: 'KILLED' | 'RULE' | 'DEFAULT' | 'NO_DEFAULT';
  rule: TRulePick['rule'];
  bucket: number | null;
  skipped: TRulePick['skipped'];
  /** The variant's items this box gets, in order. */
  items: TRailItem[];
  /** The variant's items left out, with why (position in the variant, 0-based). */
  dropped: { index: number; item: TRailItem; why: TDropReason }[];
}

export interface TRailContext {
  now: Date;
  /** Ids of the channels this box may watch now (its lineup). */
  watchable: ReadonlySet<string>;
}

function dropReason(item: TRailItem, context: TRailContext): TDropReason | null {
  if (item.type === 'channel') return context.watchable.has(item.channelId) ? null : 'NOT_WATCHABLE';
  const now = context.now.getTime();
  if (item.validFrom && Date.parse(item.validFrom) > now) return 'NOT_YET';
  if (item.validTo && Date.parse(item.validTo) <= now) return 'ENDED';
  if (item.target.type === 'channel' && !context.watchable.has(item.target.channelId))
    return 'TARGET_NOT_WATCHABLE';
  return null;
}

/**
 * What one rail gives one box: the variant chosen like a flag's (kill switch, the rules in order with their
 * cohorts and the sticky percentage of the rail's key, the default), then only the items the box may watch and
 * the promotions live at `now`. Pure.
 */
export function evaluateRail(
  rail: TRail,
  device: TDeviceFacts,
  cohorts: ReadonlyMap<string, Pick<TCohort, 'key' | 'rule'>>,
  context: TRailContext,
): TRailEvaluation {
  const { definition } = rail;
  const base = { key: rail.key, title: definition.title, position: definition.position };
  if (definition.killed)
    return {
      ...base,
      variant: null,
      reason: 'KILLED',
      rule: null,
      bucket: null,
      skipped: [],
      items: [],
      dropped: [],
    };
  const pick = pickRule(rail.key, definition, device, cohorts);
  const matched = pick.rule ? definition.rules[pick.rule.index] : undefined;
  const variant = matched ? matched.variant : definition.defaultVariant;
  const reason = matched ? 'RULE' : variant === null ? 'NO_DEFAULT' : 'DEFAULT';
  const items: TRailItem[] = [];
  const dropped: TRailEvaluation['dropped'] = [];
  const chosen = definition.variants.find((candidate) => candidate.key === variant)?.items ?? [];
  chosen.forEach((item, index) => {
    const why = dropReason(item, context);
    if (why) dropped.push({ index, item, why });
    else items.push(item);
  });
  return {
    ...base,
    variant,
    reason,
    rule: pick.rule,
    bucket: pick.bucket,
    skipped: pick.skipped,
    items,
    dropped,
  };
}

/** Every rail for one box, in home-screen order (position, then key); rails it gets nothing of included. */
export function evaluateRails(
  rails: readonly TRail[],
  device: TDeviceFacts,
  cohorts: ReadonlyMap<string, Pick<TCohort, 'key' | 'rule'>>,
  context: TRailContext,
): TRailEvaluation[] {
  return rails
    .map((rail) => evaluateRail(rail, device, cohorts, context))
    .sort((a, b) => a.position - b.position || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Whether any live rail names a channel (so a caller knows whether it needs the box's lineup at all). */
export function railsNeedLineup(rails: readonly TRail[]): boolean {
  return rails.some((rail) => !rail.definition.killed && railChannelIds(rail.definition).length > 0);
}
