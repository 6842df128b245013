import { describe, expect, it } from 'vitest';
import { bucketOf, inShare } from './bucket';
import { diffJson } from './diff';
import {
  evaluateFlag,
  matchCohort,
  mergeSettings,
  resolveConfig,
  type TCohort,
  type TDeviceFacts,
} from './engine';
import {
  type TCohortRuleInput,
  type TConfigDocument,
  type TFlagDefinitionInput,
  ZCohortRuleSchema,
  ZFlagDefinitionSchema,
} from './schema';

const box = (overrides: Partial<TDeviceFacts> = {}): TDeviceFacts => ({
  id: 'dev-1',
  boxModel: 'kaon-kstb6077',
  firmware: '3.1.0',
  appVersion: '2.4.0',
  region: 'Utrecht',
  packages: ['basis'],
  ...overrides,
});

const cohort = (id: string, rule: TCohortRuleInput): TCohort => ({
  id,
  key: id,
  name: id,
  rule: ZCohortRuleSchema.parse(rule),
});

const flag = (definition: TFlagDefinitionInput) => ({
  key: 'new-epg',
  definition: ZFlagDefinitionSchema.parse(definition),
});

const onOff = (rest: Partial<TFlagDefinitionInput> = {}): TFlagDefinitionInput => ({
  type: 'boolean',
  variants: [
    { key: 'on', value: true },
    { key: 'off', value: false },
  ],
  defaultVariant: 'off',
  offVariant: 'off',
  ...rest,
});

describe('matchCohort', () => {
  it('holds every device when the rule is empty', () => {
    expect(matchCohort(cohort('all', {}), box()).matched).toBe(true);
  });

  it('needs every criterion given, any value within one', () => {
    const utrechtKaon = cohort('c', { boxModels: ['kaon-kstb6077', 'nokia-sb8000'], regions: ['Utrecht'] });
    expect(matchCohort(utrechtKaon, box()).matched).toBe(true);
    expect(matchCohort(utrechtKaon, box({ region: 'Limburg' }))).toMatchObject({
      matched: false,
      failed: ['regions'],
    });
    expect(matchCohort(utrechtKaon, box({ boxModel: 'x', region: null })).failed).toEqual([
      'boxModels',
      'regions',
    ]);
  });

  it('reads firmware, app version and packages', () => {
    const rule = cohort('c', { firmware: ['3.1.0'], appVersions: ['2.4.0'], packages: ['sport', 'basis'] });
    expect(matchCohort(rule, box()).matched).toBe(true);
    expect(matchCohort(rule, box({ firmware: null })).failed).toEqual(['firmware']);
    expect(matchCohort(rule, box({ packages: ['film'] })).failed).toEqual(['packages']);
  });

  it('always holds listed devices; a list alone holds only them', () => {
    const listOnly = cohort('beta', { deviceIds: ['dev-7'] });
    expect(matchCohort(listOnly, box({ id: 'dev-7' }))).toMatchObject({ matched: true, via: 'DEVICE_LIST' });
    expect(matchCohort(listOnly, box()).matched).toBe(false);
    const listPlusRegion = cohort('c', { deviceIds: ['dev-7'], regions: ['Limburg'] });
    expect(matchCohort(listPlusRegion, box({ id: 'dev-7' })).matched).toBe(true);
    expect(matchCohort(listPlusRegion, box({ region: 'Limburg' })).via).toBe('RULE');
  });

  it('keeps a sticky share by the cohort key’s bucket', () => {
    const tenth = cohort('ten-percent', { percent: 10 });
    const ids = Array.from({ length: 20_000 }, (_, i) => `d${i}`);
    const inside = ids.filter((id) => matchCohort(tenth, box({ id })).matched);
    expect(inside.length / ids.length).toBeGreaterThan(0.09);
    expect(inside.length / ids.length).toBeLessThan(0.11);
    for (const id of ids.slice(0, 200)) {
      const match = matchCohort(tenth, box({ id }));
      expect(match.bucket).toBe(bucketOf('ten-percent', id));
      expect(match.matched).toBe(inShare(bucketOf('ten-percent', id), 10));
    }
  });
});

describe('evaluateFlag', () => {
  const cohorts = new Map([
    ['beta', cohort('beta', { deviceIds: ['dev-1'] })],
    ['utrecht', cohort('utrecht', { regions: ['Utrecht'] })],
  ]);

  it('serves the default when no rule matches', () => {
    const result = evaluateFlag(flag(onOff()), box(), cohorts);
    expect(result).toMatchObject({
      value: false,
      variant: 'off',
      reason: 'DEFAULT',
      rule: null,
      skipped: [],
    });
  });

  it('takes the first matching rule, in order (precedence)', () => {
    const definition = onOff({
      type: 'string',
      variants: [
        { key: 'grid', value: 'grid' },
        { key: 'list', value: 'list' },
        { key: 'classic', value: 'classic' },
      ],
      defaultVariant: 'classic',
      offVariant: 'classic',
      rules: [
        { id: 'beta-testers', cohortId: 'beta', variant: 'grid' },
        { id: 'utrecht', cohortId: 'utrecht', variant: 'list' },
      ],
    });
    expect(evaluateFlag(flag(definition), box(), cohorts)).toMatchObject({
      value: 'grid',
      reason: 'RULE',
      rule: { index: 0, id: 'beta-testers', cohortId: 'beta', cohortMatch: { via: 'DEVICE_LIST' } },
    });
    // Not in beta: falls to the second rule, and says why the first did not apply.
    const other = evaluateFlag(flag(definition), box({ id: 'dev-2' }), cohorts);
    expect(other).toMatchObject({ value: 'list', rule: { index: 1, id: 'utrecht' } });
    expect(other.skipped).toEqual([
      { ruleId: 'beta-testers', why: 'NOT_IN_COHORT', cohortId: 'beta', match: expect.any(Object) },
    ]);
    // Swapping the rules swaps the answer for the box in both cohorts.
    const swapped = { ...definition, rules: [...(definition.rules ?? [])].reverse() };
    expect(evaluateFlag(flag(swapped), box(), cohorts).value).toBe('list');
    expect(evaluateFlag(flag(definition), box({ id: 'dev-3', region: 'Limburg' }), cohorts)).toMatchObject({
      value: 'classic',
      reason: 'DEFAULT',
    });
  });

  it('kill switch: everyone gets the off variant, whatever the rules say', () => {
    const definition = onOff({ defaultVariant: 'on', rules: [{ id: 'all', cohortId: null, variant: 'on' }] });
    expect(evaluateFlag(flag(definition), box(), cohorts).value).toBe(true);
    const killed = evaluateFlag(flag({ ...definition, killed: true }), box(), cohorts);
    expect(killed).toMatchObject({ value: false, variant: 'off', reason: 'KILLED', rule: null });
  });

  it('rolls a rule out to a sticky share by the flag key’s bucket', () => {
    const definition = onOff({ rules: [{ id: 'quarter', cohortId: null, percent: 25, variant: 'on' }] });
    const ids = Array.from({ length: 10_000 }, (_, i) => `box-${i}`);
    const on = ids.filter((id) => evaluateFlag(flag(definition), box({ id }), cohorts).value === true);
    expect(on.length / ids.length).toBeGreaterThan(0.23);
    expect(on.length / ids.length).toBeLessThan(0.27);
    const wider = onOff({ rules: [{ id: 'quarter', cohortId: null, percent: 50, variant: 'on' }] });
    expect(on.every((id) => evaluateFlag(flag(wider), box({ id }), cohorts).value === true)).toBe(true);
    const outside = ids.find((id) => !on.includes(id))!;
    expect(evaluateFlag(flag(definition), box({ id: outside }), cohorts).skipped[0]).toMatchObject({
      why: 'OUTSIDE_PERCENT',
      percent: 25,
    });
  });

  it('skips a rule whose cohort is gone', () => {
    const definition = onOff({ rules: [{ id: 'gone', cohortId: 'deleted', variant: 'on' }] });
    expect(evaluateFlag(flag(definition), box(), cohorts)).toMatchObject({
      reason: 'DEFAULT',
      skipped: [{ why: 'COHORT_MISSING', cohortId: 'deleted' }],
    });
  });

  it('serves number and JSON variants as they are', () => {
    const json = onOff({
      type: 'json',
      variants: [
        { key: 'a', value: { rows: 3, rails: ['news'] } },
        { key: 'b', value: null },
      ],
      defaultVariant: 'a',
      offVariant: 'b',
    });
    expect(evaluateFlag(flag(json), box(), cohorts).value).toEqual({ rows: 3, rails: ['news'] });
    const number = onOff({
      type: 'number',
      variants: [{ key: 'ten', value: 10 }],
      defaultVariant: 'ten',
      offVariant: 'ten',
    });
    expect(evaluateFlag(flag(number), box(), cohorts).value).toBe(10);
  });
});

describe('ZFlagDefinitionSchema', () => {
  const issues = (input: TFlagDefinitionInput) =>
    ZFlagDefinitionSchema.safeParse(input).error?.issues.map((issue) => [
      issue.path.join('.'),
      issue.message,
    ]);

  it('names the field and the reason', () => {
    expect(issues(onOff({ defaultVariant: 'maybe' }))).toEqual([
      ['defaultVariant', 'must name one of the variants'],
    ]);
    expect(
      issues(onOff({ variants: [{ key: 'on', value: 'yes' }], defaultVariant: 'on', offVariant: 'on' })),
    ).toEqual([['variants.0.value', 'must be true or false for a boolean flag']]);
    expect(issues(onOff({ rules: [{ id: 'r', cohortId: null, percent: 12.345, variant: 'on' }] }))).toEqual([
      ['rules.0.percent', 'may have at most two decimals'],
    ]);
    expect(
      issues(
        onOff({
          rules: [
            { id: 'r', cohortId: null, variant: 'on' },
            { id: 'r', cohortId: null, variant: 'x' },
          ],
        }),
      ),
    ).toEqual([
      ['rules.1.variant', 'must name one of the variants'],
      ['rules.1.id', 'is used twice'],
    ]);
  });
});

describe('resolveConfig', () => {
  it('merges matching cohorts’ overrides over the base, in order', () => {
    const cohorts = new Map([
      ['utrecht', cohort('utrecht', { regions: ['Utrecht'] })],
      ['limburg', cohort('limburg', { regions: ['Limburg'] })],
      ['beta', cohort('beta', { deviceIds: ['dev-1'] })],
    ]);
    const document: TConfigDocument = {
      settings: { player: { bufferSeconds: 10, abr: 'throughput' }, epgDays: 7 },
      overrides: [
        { cohortId: 'utrecht', settings: { player: { bufferSeconds: 20 } } },
        { cohortId: 'limburg', settings: { epgDays: 3 } },
        { cohortId: 'beta', settings: { player: { bufferSeconds: 30 } } },
      ],
    };
    expect(resolveConfig(document, box(), cohorts)).toEqual({
      settings: { player: { bufferSeconds: 30, abr: 'throughput' }, epgDays: 7 },
      appliedCohortIds: ['utrecht', 'beta'],
    });
    expect(resolveConfig(document, box({ id: 'x', region: 'Drenthe' }), cohorts).settings).toEqual(
      document.settings,
    );
  });

  it('replaces arrays and scalars, merges objects', () => {
    expect(mergeSettings({ a: [1, 2], b: { c: 1, d: 2 } }, { a: [3], b: { d: 5 } })).toEqual({
      a: [3],
      b: { c: 1, d: 5 },
    });
  });
});

describe('diffJson', () => {
  it('lists each changed leaf with before and after', () => {
    expect(
      diffJson(
        { killed: false, rules: [{ percent: 5 }], defaultVariant: 'off' },
        { killed: true, rules: [{ percent: 25 }, { percent: 1 }], defaultVariant: 'off' },
      ),
    ).toEqual([
      { path: 'killed', before: false, after: true },
      { path: 'rules.0.percent', before: 5, after: 25 },
      { path: 'rules.1', before: undefined, after: { percent: 1 } },
    ]);
  });
});
