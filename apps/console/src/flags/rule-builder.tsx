'use client';

import { Button, SelectField, TextField } from '@keten/ui';
import { nextRuleId, type TDraft } from './draft';
import type { TCohortRow } from './types';

/** What the rule builder edits: a flag's draft, or a rail's (rules over cohorts picking one of its variants). */
type TTargetingDraft = { variants: readonly { key: string }[]; rules: TDraft['rules'] };

interface TProps<T extends TTargetingDraft> {
  draft: T;
  cohorts: readonly TCohortRow[];
  errors: Record<string, string>;
  disabled: boolean;
  onChange: (draft: T) => void;
  /** What a box outside every rule gets, in words. */
  noRules?: string;
}

/** The ordered targeting rules: the first that applies to a box decides what it gets. */
export function RuleBuilder<T extends TTargetingDraft>({
  draft,
  cohorts,
  errors,
  disabled,
  onChange,
  noRules = 'No rules: every box gets the default.',
}: TProps<T>) {
  const variantOptions = draft.variants.map((variant) => ({ value: variant.key, label: variant.key }));
  const cohortOptions = [
    { value: '', label: 'Every box' },
    ...cohorts.map((cohort) => ({ value: cohort.id, label: cohort.name })),
  ];
  const setRule = (index: number, patch: Partial<TDraft['rules'][number]>) =>
    onChange({ ...draft, rules: draft.rules.map((rule, i) => (i === index ? { ...rule, ...patch } : rule)) });
  const move = (index: number, by: -1 | 1) => {
    const rules = [...draft.rules];
    const [rule] = rules.splice(index, 1);
    if (rule) rules.splice(index + by, 0, rule);
    onChange({ ...draft, rules });
  };
  return (
    <div className="space-y-3">
      {draft.rules.length === 0 ? <p className="text-sm text-slate-600">{noRules}</p> : null}
      <ol className="space-y-3">
        {draft.rules.map((rule, index) => (
          <li
            key={rule.id}
            className="rounded-md border border-slate-200 p-3"
            aria-label={`Rule ${index + 1}`}
          >
            <div className="mb-2 flex items-center justify-between gap-2">
              <span className="text-sm font-medium text-slate-800">
                Rule {index + 1} <span className="font-mono text-xs text-slate-500">{rule.id}</span>
              </span>
              <span className="flex gap-1">
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={disabled || index === 0}
                  aria-label={`Move rule ${index + 1} up`}
                  onClick={() => move(index, -1)}
                >
                  ↑
                </Button>
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={disabled || index === draft.rules.length - 1}
                  aria-label={`Move rule ${index + 1} down`}
                  onClick={() => move(index, 1)}
                >
                  ↓
                </Button>
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={disabled}
                  aria-label={`Remove rule ${index + 1}`}
                  onClick={() => onChange({ ...draft, rules: draft.rules.filter((_, i) => i !== index) })}
                >
                  Remove
                </Button>
              </span>
            </div>
            <div className="grid gap-3 sm:grid-cols-3">
              <SelectField
                label={`Rule ${index + 1} cohort`}
                options={cohortOptions}
                value={rule.cohortId ?? ''}
                disabled={disabled}
                error={errors[`rules.${index}.cohortId`]}
                onChange={(event) => setRule(index, { cohortId: event.target.value || null })}
              />
              <TextField
                label={`Rule ${index + 1} share (%)`}
                inputMode="decimal"
                value={rule.percent}
                disabled={disabled}
                error={errors[`rules.${index}.percent`]}
                hint="Sticky per box"
                onChange={(event) => setRule(index, { percent: event.target.value })}
              />
              <SelectField
                label={`Rule ${index + 1} serves`}
                options={variantOptions}
                value={rule.variant}
                disabled={disabled}
                error={errors[`rules.${index}.variant`]}
                onChange={(event) => setRule(index, { variant: event.target.value })}
              />
            </div>
          </li>
        ))}
      </ol>
      <Button
        size="sm"
        variant="secondary"
        disabled={disabled}
        onClick={() =>
          onChange({
            ...draft,
            rules: [
              ...draft.rules,
              {
                id: nextRuleId(draft),
                cohortId: cohorts[0]?.id ?? null,
                percent: '100',
                variant: draft.variants[0]?.key ?? '',
              },
            ],
          })
        }
      >
        Add rule
      </Button>
    </div>
  );
}
