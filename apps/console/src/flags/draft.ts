import {
  type TFlagDefinition,
  type TFlagDefinitionInput,
  type TFlagType,
  type TJsonValue,
  ZFlagDefinitionSchema,
} from '@keten/flags';

/** A flag definition as the editor holds it: values as typed, percentages as text. */
export interface TDraft {
  type: TFlagType;
  variants: { key: string; text: string }[];
  defaultVariant: string;
  offVariant: string;
  killed: boolean;
  rules: { id: string; cohortId: string | null; percent: string; variant: string }[];
}

export const textOf = (type: TFlagType, value: TJsonValue): string =>
  type === 'string' && typeof value === 'string' ? value : JSON.stringify(value);

export function draftOf(definition: TFlagDefinition): TDraft {
  return {
    type: definition.type,
    variants: definition.variants.map((variant) => ({
      key: variant.key,
      text: textOf(definition.type, variant.value),
    })),
    defaultVariant: definition.defaultVariant,
    offVariant: definition.offVariant,
    killed: definition.killed,
    rules: definition.rules.map((rule) => ({ ...rule, percent: String(rule.percent) })),
  };
}

/** A new flag's starting variants, by type. */
export function starterDraft(type: TFlagType): TDraft {
  const variants: Record<TFlagType, TDraft['variants']> = {
    boolean: [
      { key: 'on', text: 'true' },
      { key: 'off', text: 'false' },
    ],
    string: [
      { key: 'control', text: 'classic' },
      { key: 'treatment', text: 'new' },
    ],
    number: [
      { key: 'low', text: '10' },
      { key: 'high', text: '30' },
    ],
    json: [
      { key: 'control', text: '{}' },
      { key: 'treatment', text: '{"enabled": true}' },
    ],
  };
  const [first] = variants[type];
  return {
    type,
    variants: variants[type],
    defaultVariant: type === 'boolean' ? 'off' : (first?.key ?? ''),
    offVariant: type === 'boolean' ? 'off' : (first?.key ?? ''),
    killed: false,
    rules: [],
  };
}

function readValue(type: TFlagType, text: string): { value: TJsonValue } | { error: string } {
  if (type === 'string') return { value: text };
  if (type === 'number') {
    const number = Number(text);
    return text.trim() !== '' && Number.isFinite(number) ? { value: number } : { error: 'Must be a number' };
  }
  if (type === 'boolean') {
    return text === 'true' || text === 'false'
      ? { value: text === 'true' }
      : { error: 'Must be true or false' };
  }
  try {
    return { value: JSON.parse(text) as TJsonValue };
  } catch {
    return { error: 'Must be valid JSON, e.g. {"rows": 3}' };
  }
}

/** The definition the draft stands for, checked by the API's own schema; errors keyed by field path. */
export function readDraft(
  draft: TDraft,
): { ok: true; definition: TFlagDefinition } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const variants = draft.variants.map((variant, index) => {
    const read = readValue(draft.type, variant.text);
    if ('error' in read) errors[`variants.${index}.value`] = read.error;
    return { key: variant.key, value: 'value' in read ? read.value : null };
  });
  const rules = draft.rules.map((rule, index) => {
    const percent = Number(rule.percent);
    if (rule.percent.trim() === '' || !Number.isFinite(percent))
      errors[`rules.${index}.percent`] = 'Must be a number from 0 to 100';
    return { ...rule, percent: Number.isFinite(percent) ? percent : 0 };
  });
  const input: TFlagDefinitionInput = { ...draft, variants, rules };
  const parsed = ZFlagDefinitionSchema.safeParse(input);
  for (const issue of parsed.error?.issues ?? []) {
    errors[issue.path.join('.')] ??= issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, definition: parsed.data };
}

/** A rule id not used yet in the draft ("rule-3"). */
export function nextRuleId(draft: { rules: readonly { id: string }[] }): string {
  const used = new Set(draft.rules.map((rule) => rule.id));
  let n = draft.rules.length + 1;
  while (used.has(`rule-${n}`)) n++;
  return `rule-${n}`;
}
