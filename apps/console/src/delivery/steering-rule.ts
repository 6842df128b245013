import type { TSteeringRule } from '@keten/contracts';

type TRuleName = keyof TSteeringRule;

export interface TRuleField {
  name: TRuleName;
  label: string;
  /** The unit people type, in words next to the number. */
  unit: '%' | 'ms' | 's' | 'requests' | 'sessions';
  /** Shares (0.05) in the API are typed as percents (5). */
  share: boolean;
  hint: string;
}

/** The rule's figures in the order an operator reads them: what breaches, how much evidence, how it comes back. */
export const RULE_FIELDS: readonly TRuleField[] = [
  {
    name: 'maxErrorRate',
    label: 'Error rate above',
    unit: '%',
    share: true,
    hint: 'Requests with status ≥ 400',
  },
  { name: 'maxTtfbP95Ms', label: 'TTFB p95 above', unit: 'ms', share: false, hint: 'Time to first byte' },
  {
    name: 'maxSessionFailureRate',
    label: 'Sessions failing above',
    unit: '%',
    share: true,
    hint: 'Share of its sessions with a fatal error',
  },
  {
    name: 'maxRebufferingRatio',
    label: 'Rebuffering ratio above',
    unit: '%',
    share: true,
    hint: 'Stall time of its sessions',
  },
  {
    name: 'minRequests',
    label: 'Judge requests from',
    unit: 'requests',
    share: false,
    hint: 'Fewer: error rate and TTFB are not judged',
  },
  {
    name: 'minSessions',
    label: 'Judge sessions from',
    unit: 'sessions',
    share: false,
    hint: 'Fewer: failures and rebuffering are not judged',
  },
  {
    name: 'windowSeconds',
    label: 'Over the last',
    unit: 's',
    share: false,
    hint: 'The window every figure covers',
  },
  {
    name: 'holdSeconds',
    label: 'Returned after healthy for',
    unit: 's',
    share: false,
    hint: 'Within every maximum this long',
  },
  {
    name: 'probePercent',
    label: 'Probe boxes kept on it',
    unit: '%',
    share: false,
    hint: 'So its own records show the recovery',
  },
];

// 0.07 * 100 is 7.000000000000001: round to what a person typed.
const tidy = (value: number) => Number(value.toFixed(6));

/** A rule value as typed in its field ("5" for an error rate of 0.05). */
export function displayValue(field: TRuleField, value: number): string {
  return String(tidy(field.share ? value * 100 : value));
}

/** A rule value in words with its unit: "5 %", "1,000 ms", "200 requests". */
export function valueInWords(field: TRuleField, value: number): string {
  const shown = tidy(field.share ? value * 100 : value).toLocaleString('en-US', { maximumFractionDigits: 4 });
  return `${shown} ${field.unit}`;
}

/**
 * The overrides an administrator typed: an empty field keeps the default (left out), a number becomes the API's
 * unit; anything else is sent as NaN so the API refuses it next to its field, in its own words.
 */
export function ruleFromForm(form: FormData): Partial<TSteeringRule> {
  const rule: Partial<TSteeringRule> = {};
  for (const field of RULE_FIELDS) {
    const text = String(form.get(field.name) ?? '').trim();
    if (text === '') continue;
    const typed = Number(text);
    rule[field.name] = Number.isFinite(typed) && field.share ? tidy(typed / 100) : typed;
  }
  return rule;
}
