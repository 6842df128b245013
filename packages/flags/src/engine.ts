import { bucketOf, inShare } from './bucket';
import type {
  TCohortRule,
  TConfigDocument,
  TFlagDefinition,
  TFlagRule,
  TJsonValue,
  TSettings,
} from './schema';

/** What the engine knows about a box: from its token and its row, never from what the box says. */
export interface TDeviceFacts {
  id: string;
  boxModel: string;
  firmware: string | null;
  appVersion: string | null;
  region: string | null;
  /** Codes of the packages the box's subscriber holds now. */
  packages: readonly string[];
}

export interface TCohort {
  id: string;
  /** The rollout key of the cohort's percentage bucket. */
  key: string;
  name: string;
  rule: TCohortRule;
}

export type TCriterion = 'boxModels' | 'firmware' | 'appVersions' | 'regions' | 'packages' | 'percent';

export interface TCohortMatch {
  matched: boolean;
  /** DEVICE_LIST: named in deviceIds; RULE: every criterion held; null: not in. */
  via: 'DEVICE_LIST' | 'RULE' | null;
  /** The criteria the device failed (empty when matched). */
  failed: TCriterion[];
  /** The device's bucket for the cohort's key, when the rule has a percentage. */
  bucket: number | null;
}

const LIST_CRITERIA = [
  ['boxModels', 'boxModel'],
  ['firmware', 'firmware'],
  ['appVersions', 'appVersion'],
  ['regions', 'region'],
] as const;

/** Whether the rule says anything besides its device list. */
export function hasCriteria(rule: TCohortRule): boolean {
  return (
    rule.percent !== null ||
    LIST_CRITERIA.some(([criterion]) => rule[criterion].length > 0) ||
    rule.packages.length > 0
  );
}

/** Is this device in the cohort, and if not, which criteria kept it out. */
export function matchCohort(cohort: Pick<TCohort, 'key' | 'rule'>, device: TDeviceFacts): TCohortMatch {
  const { rule } = cohort;
  const bucket = rule.percent === null ? null : bucketOf(cohort.key, device.id);
  if (rule.deviceIds.includes(device.id)) return { matched: true, via: 'DEVICE_LIST', failed: [], bucket };
  if (rule.deviceIds.length > 0 && !hasCriteria(rule))
    return { matched: false, via: null, failed: [], bucket };
  const failed: TCriterion[] = [];
  for (const [criterion, fact] of LIST_CRITERIA) {
    const wanted = rule[criterion];
    const value = device[fact];
    if (wanted.length > 0 && (value === null || !wanted.includes(value))) failed.push(criterion);
  }
  if (rule.packages.length > 0 && !rule.packages.some((code) => device.packages.includes(code)))
    failed.push('packages');
  if (rule.percent !== null && bucket !== null && !inShare(bucket, rule.percent)) failed.push('percent');
  return failed.length === 0
    ? { matched: true, via: 'RULE', failed, bucket }
    : { matched: false, via: null, failed, bucket };
}

export interface TFlag {
  key: string;
  definition: TFlagDefinition;
}

export type TRuleSkip =
  | { ruleId: string; why: 'COHORT_MISSING'; cohortId: string }
  | { ruleId: string; why: 'NOT_IN_COHORT'; cohortId: string; match: TCohortMatch }
  | { ruleId: string; why: 'OUTSIDE_PERCENT'; bucket: number; percent: number };

export interface TFlagEvaluation {
  key: string;
  value: TJsonValue;
  variant: string;
  /** KILLED: the kill switch is on; RULE: a targeting rule matched; DEFAULT: none did. */
  reason: 'KILLED' | 'RULE' | 'DEFAULT';
  /** The rule that matched, with its position (0-based) and cohort. */
  rule: { index: number; id: string; cohortId: string | null; cohortMatch: TCohortMatch | null } | null;
  /** The device's bucket for the flag's key (0–9999): decides every rule's percentage. */
  bucket: number;
  /** The rules before the matching one (or all of them), and why each did not apply. */
  skipped: TRuleSkip[];
}

function variantValue(definition: TFlagDefinition, variant: string): TJsonValue {
  return definition.variants.find((candidate) => candidate.key === variant)?.value ?? null;
}

/** The targeting part shared by flags and rails: ordered rules over cohorts, each with a sticky percentage. */
export interface TTargeting {
  rules: readonly TFlagRule[];
}

export interface TRulePick {
  /** The device's bucket for the key (0–9999): decides every rule's percentage. */
  bucket: number;
  /** The rule that applied, or null (none did). */
  rule: TFlagEvaluation['rule'];
  skipped: TRuleSkip[];
}

/**
 * The rules in order, the first that applies wins: its cohort must hold the device (or it has none) and the
 * device's bucket of `key` must fall in its percentage. Flags and rails both pick their variant with this.
 */
export function pickRule(
  key: string,
  targeting: TTargeting,
  device: TDeviceFacts,
  cohorts: ReadonlyMap<string, Pick<TCohort, 'key' | 'rule'>>,
): TRulePick {
  const bucket = bucketOf(key, device.id);
  const skipped: TRuleSkip[] = [];
  for (const [index, rule] of targeting.rules.entries()) {
    let cohortMatch: TCohortMatch | null = null;
    if (rule.cohortId !== null) {
      const cohort = cohorts.get(rule.cohortId);
      if (!cohort) {
        skipped.push({ ruleId: rule.id, why: 'COHORT_MISSING', cohortId: rule.cohortId });
        continue;
      }
      cohortMatch = matchCohort(cohort, device);
      if (!cohortMatch.matched) {
        skipped.push({ ruleId: rule.id, why: 'NOT_IN_COHORT', cohortId: rule.cohortId, match: cohortMatch });
        continue;
      }
    }
    if (!inShare(bucket, rule.percent)) {
      skipped.push({ ruleId: rule.id, why: 'OUTSIDE_PERCENT', bucket, percent: rule.percent });
      continue;
    }
    return { bucket, rule: { index, id: rule.id, cohortId: rule.cohortId, cohortMatch }, skipped };
  }
  return { bucket, rule: null, skipped };
}

/**
 * The one evaluation: kill switch, then the rules in order (cohort, then the sticky percentage of the flag's
 * key), then the default. Pure: the same flag, cohorts and device always give the same answer.
 */
export function evaluateFlag(
  flag: TFlag,
  device: TDeviceFacts,
  cohorts: ReadonlyMap<string, Pick<TCohort, 'key' | 'rule'>>,
): TFlagEvaluation {
  const { definition } = flag;
  const answer = (variant: string, reason: TFlagEvaluation['reason'], pick: TRulePick) => ({
    key: flag.key,
    value: variantValue(definition, variant),
    variant,
    reason,
    rule: pick.rule,
    bucket: pick.bucket,
    skipped: pick.skipped,
  });
  if (definition.killed)
    return answer(definition.offVariant, 'KILLED', {
      bucket: bucketOf(flag.key, device.id),
      rule: null,
      skipped: [],
    });
  const pick = pickRule(flag.key, definition, device, cohorts);
  const matched = definition.rules[pick.rule?.index ?? -1];
  return matched ? answer(matched.variant, 'RULE', pick) : answer(definition.defaultVariant, 'DEFAULT', pick);
}

const isObject = (value: unknown): value is Record<string, TJsonValue> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Objects merge key by key (deeply); anything else in `over` replaces what is under it. */
export function mergeSettings(base: TSettings, over: TSettings): TSettings {
  const merged: TSettings = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const under = merged[key];
    merged[key] = isObject(under) && isObject(value) ? mergeSettings(under, value) : value;
  }
  return merged;
}

export interface TResolvedConfig {
  settings: TSettings;
  /** The cohorts whose overrides applied, in order. */
  appliedCohortIds: string[];
}

/** The settings one box receives: the base, with each matching cohort's overrides merged over it in order. */
export function resolveConfig(
  document: TConfigDocument,
  device: TDeviceFacts,
  cohorts: ReadonlyMap<string, Pick<TCohort, 'key' | 'rule'>>,
): TResolvedConfig {
  let settings = document.settings;
  const appliedCohortIds: string[] = [];
  for (const override of document.overrides) {
    const cohort = cohorts.get(override.cohortId);
    if (!cohort || !matchCohort(cohort, device).matched) continue;
    settings = mergeSettings(settings, override.settings);
    appliedCohortIds.push(override.cohortId);
  }
  return { settings, appliedCohortIds };
}
