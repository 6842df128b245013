import { describe, expect, it } from 'vitest';
import { formatPoints, formatSoak, wavePlan } from './rollout-format';

describe('rollout wording', () => {
  it('says soak times as people do', () => {
    expect(formatSoak(0)).toBe('at once');
    expect(formatSoak(45)).toBe('45 min');
    expect(formatSoak(90)).toBe('1 h 30 min');
    expect(formatSoak(2 * 1440 + 60)).toBe('2 d 1 h');
  });

  it('gives allowed deltas in percentage points', () => {
    expect(formatPoints(0.005)).toBe('0.5 pp');
    expect(formatPoints(0.001)).toBe('0.1 pp');
    expect(formatPoints(0.02)).toBe('2 pp');
    expect(formatPoints(0.0025)).toBe('0.25 pp');
  });

  it('writes the plan of waves', () => {
    expect(wavePlan([{ percent: 1 }, { percent: 5 }, { percent: 25 }, { percent: 100 }])).toBe(
      '1 % → 5 % → 25 % → 100 %',
    );
  });
});
