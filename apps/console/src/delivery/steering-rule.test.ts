import { STEERING_RULE_DEFAULTS, ZSteeringRuleSchema } from '@keten/contracts';
import { describe, expect, it } from 'vitest';
import { displayValue, RULE_FIELDS, ruleFromForm, valueInWords } from './steering-rule';

const field = (name: string) => RULE_FIELDS.find((candidate) => candidate.name === name)!;

function formOf(values: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(values)) form.set(name, value);
  return form;
}

describe('steering rule fields', () => {
  it('covers every figure of the rule once', () => {
    expect(RULE_FIELDS.map((candidate) => candidate.name).sort()).toEqual(
      Object.keys(ZSteeringRuleSchema.shape).sort(),
    );
  });

  it('shows shares as percents and the rest as they are, with their unit', () => {
    expect(displayValue(field('maxErrorRate'), 0.07)).toBe('7');
    expect(displayValue(field('maxRebufferingRatio'), 0.075)).toBe('7.5');
    expect(displayValue(field('probePercent'), 5)).toBe('5');
    expect(valueInWords(field('maxTtfbP95Ms'), 1000)).toBe('1,000 ms');
    expect(valueInWords(field('maxSessionFailureRate'), 0.1)).toBe('10 %');
    expect(valueInWords(field('minRequests'), 200)).toBe('200 requests');
  });

  it('sends only the fields typed, in the API’s units, and the defaults pass the API’s schema', () => {
    const rule = ruleFromForm(
      formOf({ maxErrorRate: ' 7.5 ', maxTtfbP95Ms: '800', holdSeconds: '', probePercent: '0' }),
    );
    expect(rule).toEqual({ maxErrorRate: 0.075, maxTtfbP95Ms: 800, probePercent: 0 });
    expect(ZSteeringRuleSchema.partial().safeParse(rule).success).toBe(true);
    const defaults = Object.fromEntries(
      RULE_FIELDS.map((candidate) => [
        candidate.name,
        displayValue(candidate, STEERING_RULE_DEFAULTS[candidate.name]),
      ]),
    );
    expect(ruleFromForm(formOf(defaults))).toEqual(STEERING_RULE_DEFAULTS);
  });

  it('lets the API refuse what is not a number, next to its field', () => {
    const rule = ruleFromForm(formOf({ maxErrorRate: 'lots', windowSeconds: '150 %' }));
    expect(rule.maxErrorRate).toBeNaN();
    const refused = ZSteeringRuleSchema.partial().safeParse(rule);
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'maxErrorRate',
      'windowSeconds',
    ]);
  });
});
