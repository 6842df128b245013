import { formatAmsterdam, parseAmsterdamTime } from '@keten/contracts';
import {
  type TRailDefinition,
  type TRailDefinitionInput,
  type TRailItemInput,
  ZRailDefinitionSchema,
} from '@keten/flags';

/** A rail item as the editor holds it: times as typed (Amsterdam), both target kinds kept while switching. */
export type TItemDraft =
  | { type: 'channel'; channelId: string }
  | {
      type: 'promotion';
      id: string;
      title: string;
      imageUrl: string;
      targetType: 'channel' | 'link';
      targetChannelId: string;
      targetUrl: string;
      validFrom: string;
      validTo: string;
    };

export interface TRailDraft {
  title: string;
  position: string;
  killed: boolean;
  /** '' : boxes no rule picks get no rail. */
  defaultVariant: string;
  variants: { key: string; items: TItemDraft[] }[];
  rules: { id: string; cohortId: string | null; percent: string; variant: string }[];
}

const localOf = (iso: string | null) => (iso ? formatAmsterdam(new Date(iso)).replace(' ', 'T') : '');

export function railDraftOf(definition: TRailDefinition): TRailDraft {
  return {
    title: definition.title,
    position: String(definition.position),
    killed: definition.killed,
    defaultVariant: definition.defaultVariant ?? '',
    variants: definition.variants.map((variant) => ({
      key: variant.key,
      items: variant.items.map(
        (item): TItemDraft =>
          item.type === 'channel'
            ? item
            : {
                type: 'promotion',
                id: item.id,
                title: item.title,
                imageUrl: item.imageUrl,
                targetType: item.target.type,
                targetChannelId: item.target.type === 'channel' ? item.target.channelId : '',
                targetUrl: item.target.type === 'link' ? item.target.url : '',
                validFrom: localOf(item.validFrom),
                validTo: localOf(item.validTo),
              },
      ),
    })),
    rules: definition.rules.map((rule) => ({ ...rule, percent: String(rule.percent) })),
  };
}

/** A new rail: one variant for everyone, empty, for the editor to fill. */
export const STARTER_RAIL: TRailDefinitionInput = {
  title: 'New rail',
  position: 100,
  variants: [{ key: 'everyone', items: [] }],
  defaultVariant: 'everyone',
  rules: [],
};

const capital = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

/** The definition the draft stands for, checked by the API's own schema; errors keyed by field path. */
export function readRailDraft(
  draft: TRailDraft,
): { ok: true; definition: TRailDefinition } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const instant = (text: string, path: string) => {
    if (text.trim() === '') return null;
    const read = parseAmsterdamTime(text);
    if (read.ok) return read.instant.toISOString();
    errors[path] = capital(read.message);
    return null;
  };
  const variants = draft.variants.map((variant, v) => ({
    key: variant.key,
    items: variant.items.map((item, i): TRailItemInput => {
      if (item.type === 'channel') return item;
      const path = `variants.${v}.items.${i}`;
      return {
        type: 'promotion',
        id: item.id,
        title: item.title,
        imageUrl: item.imageUrl,
        target:
          item.targetType === 'channel'
            ? { type: 'channel', channelId: item.targetChannelId }
            : { type: 'link', url: item.targetUrl },
        validFrom: instant(item.validFrom, `${path}.validFrom`),
        validTo: instant(item.validTo, `${path}.validTo`),
      };
    }),
  }));
  const position = Number(draft.position);
  if (draft.position.trim() === '' || !Number.isInteger(position)) errors.position = 'Must be a whole number';
  const rules = draft.rules.map((rule, index) => {
    const percent = Number(rule.percent);
    if (rule.percent.trim() === '' || !Number.isFinite(percent))
      errors[`rules.${index}.percent`] = 'Must be a number from 0 to 100';
    return { ...rule, percent: Number.isFinite(percent) ? percent : 0 };
  });
  const input: TRailDefinitionInput = {
    title: draft.title,
    position: Number.isInteger(position) ? position : 0,
    killed: draft.killed,
    defaultVariant: draft.defaultVariant || null,
    variants,
    rules,
  };
  const parsed = ZRailDefinitionSchema.safeParse(input);
  for (const issue of parsed.error?.issues ?? []) errors[issue.path.join('.')] ??= capital(issue.message);
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, definition: parsed.data };
}

/** A promotion id not used yet in the variant ("promo-2"). */
export function nextPromotionId(items: readonly TItemDraft[]): string {
  const used = new Set(items.flatMap((item) => (item.type === 'promotion' ? [item.id] : [])));
  let n = used.size + 1;
  while (used.has(`promo-${n}`)) n++;
  return `promo-${n}`;
}
