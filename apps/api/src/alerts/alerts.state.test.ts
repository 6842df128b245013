import { describe, expect, it } from 'vitest';
import { nextStep, type TRuleLevels } from './alerts.state';

const rule: TRuleLevels = {
  comparator: 'GT',
  threshold: 0.1,
  clearThreshold: 0.05,
  forSeconds: 60,
  minSamples: 10,
};
const at = (seconds: number) => new Date(Date.UTC(2026, 11, 3, 12, 0, seconds));
const figure = (value: number, samples = 100) => ({ value, samples });

describe('the alert state machine', () => {
  it('waits in pending for the "for" duration before firing', () => {
    expect(nextStep(rule, null, figure(0.2), at(0))).toEqual({ kind: 'pending' });
    const pending = { state: 'PENDING' as const, pendingAt: at(0), clearingSince: null };
    expect(nextStep(rule, pending, figure(0.2), at(30)).kind).toBe('hold');
    expect(nextStep(rule, pending, figure(0.2), at(60)).kind).toBe('fire');
    // Gone before it fired: forgotten, nobody told.
    expect(nextStep(rule, pending, figure(0.09), at(30)).kind).toBe('drop');
  });

  it('keeps firing between the clear level and the threshold, and resolves after the clear level held', () => {
    const firing = { state: 'FIRING' as const, pendingAt: at(0), clearingSince: null };
    expect(nextStep(rule, firing, figure(0.08), at(90))).toEqual({ kind: 'hold', clearingSince: null });
    expect(nextStep(rule, firing, figure(0.04), at(90))).toEqual({ kind: 'hold', clearingSince: at(90) });
    const clearing = { ...firing, clearingSince: at(90) };
    expect(nextStep(rule, clearing, figure(0.04), at(120)).kind).toBe('hold');
    expect(nextStep(rule, clearing, figure(0.04), at(150)).kind).toBe('resolve');
    // Back above the clear level: the clearing starts over.
    expect(nextStep(rule, clearing, figure(0.07), at(150))).toEqual({ kind: 'hold', clearingSince: null });
  });

  it('never starts an alert on a sample below the minimum', () => {
    expect(nextStep(rule, null, figure(0.9, 9), at(0)).kind).toBe('none');
    expect(nextStep(rule, null, null, at(0)).kind).toBe('none');
  });

  it('reads "below" rules the other way round', () => {
    const below: TRuleLevels = {
      comparator: 'LT',
      threshold: 1,
      clearThreshold: null,
      forSeconds: 0,
      minSamples: 0,
    };
    expect(nextStep(below, null, figure(0), at(0)).kind).toBe('fire');
    const firing = { state: 'FIRING' as const, pendingAt: at(0), clearingSince: null };
    expect(nextStep(below, firing, figure(1), at(30)).kind).toBe('resolve');
  });
});
