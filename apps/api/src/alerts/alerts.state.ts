import type { TAlertComparator } from '@keten/contracts';

/** What the state machine needs of a rule. */
export interface TRuleLevels {
  comparator: TAlertComparator;
  threshold: number;
  /** Hysteresis: a firing alert clears only past this level (null: the threshold). */
  clearThreshold: number | null;
  forSeconds: number;
  minSamples: number;
}

/** One group's figure in a cycle: null when the group had no data at all. */
export interface TFigure {
  value: number | null;
  samples: number;
}

/** An open alert of the group (PENDING or FIRING). */
export interface TOpenAlert {
  state: 'PENDING' | 'FIRING';
  pendingAt: Date;
  clearingSince: Date | null;
}

export type TStep =
  | { kind: 'none' }
  | { kind: 'pending' }
  | { kind: 'fire' }
  /** Still pending or firing: refresh its value; `clearingSince` as it now stands. */
  | { kind: 'hold'; clearingSince: Date | null }
  /** A pending alert whose condition went away before it fired: forgotten, nobody was told. */
  | { kind: 'drop' }
  | { kind: 'resolve' };

export function crosses(comparator: TAlertComparator, value: number, level: number): boolean {
  switch (comparator) {
    case 'GT':
      return value > level;
    case 'GTE':
      return value >= level;
    case 'LT':
      return value < level;
    case 'LTE':
      return value <= level;
  }
}

/**
 * One group, one cycle: pending → firing after the condition held `forSeconds`; firing → resolved after the value
 * stayed past the clear level (hysteresis) for `forSeconds`. A group too small to judge (fewer than `minSamples`)
 * neither starts an alert nor keeps one breaching: it counts as clear.
 */
export function nextStep(
  rule: TRuleLevels,
  open: TOpenAlert | null,
  figure: TFigure | null,
  now: Date,
): TStep {
  const judged = figure !== null && figure.value !== null && figure.samples >= rule.minSamples;
  const value = figure?.value ?? 0;
  const breaching = judged && crosses(rule.comparator, value, rule.threshold);
  const forMs = rule.forSeconds * 1000;
  if (open === null) {
    if (!breaching) return { kind: 'none' };
    return forMs === 0 ? { kind: 'fire' } : { kind: 'pending' };
  }
  if (open.state === 'PENDING') {
    if (!breaching) return { kind: 'drop' };
    return now.getTime() - open.pendingAt.getTime() >= forMs
      ? { kind: 'fire' }
      : { kind: 'hold', clearingSince: null };
  }
  const clear = !judged || !crosses(rule.comparator, value, rule.clearThreshold ?? rule.threshold);
  if (!clear) return { kind: 'hold', clearingSince: null };
  const since = open.clearingSince ?? now;
  return now.getTime() - since.getTime() >= forMs
    ? { kind: 'resolve' }
    : { kind: 'hold', clearingSince: since };
}
