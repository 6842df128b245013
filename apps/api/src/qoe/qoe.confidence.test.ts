import { QOE_LADDER_LEVELS } from '@keten/db/clickhouse';
import { describe, expect, it } from 'vitest';
import { quantileInterval, rateInterval, rebufferingInterval } from './qoe.confidence';

describe('confidence intervals', () => {
  it('rates: Wilson 95 %, never outside 0–1, narrower with more samples', () => {
    expect(rateInterval(0, 10)?.low).toBe(0);
    expect(rateInterval(0, 10)?.high).toBeCloseTo(0.2775, 4);
    expect(rateInterval(5, 10)?.low).toBeCloseTo(0.2366, 4);
    expect(rateInterval(500, 1000)?.high).toBeCloseTo(0.5309, 4);
    expect(rateInterval(10, 10)?.high).toBeCloseTo(1, 12);
    expect(rateInterval(0, 0)).toBeNull();
  });

  it('quantiles: the ranks p ± 1.96·√(p(1−p)/n) read from the percent ladder', () => {
    // Quantile at level l = 1000·l ms: the interval is the ranks themselves, in ms.
    const ladder = QOE_LADDER_LEVELS.map((level) => level * 1000);
    const p50 = quantileInterval(ladder, QOE_LADDER_LEVELS, 0.5, 100);
    expect(p50).toEqual({ low: 402, high: 598 });
    const few = quantileInterval(ladder, QOE_LADDER_LEVELS, 0.95, 4);
    // 0.95 + 0.21 is beyond the ladder: clamped to its last level.
    expect(few).toEqual({ low: 736, high: 990 });
    expect(quantileInterval(ladder, QOE_LADDER_LEVELS, 0.5, 0)).toBeNull();
  });

  it('rebuffering: Poisson on the stall count; no stall gives an upper bound of three typical stalls', () => {
    const some = rebufferingInterval(100, 100_000, 9_900_000, 1000);
    expect(some?.low).toBeCloseTo((80.4 * 1000) / (9_900_000 + 80_400), 3);
    expect(some?.high).toBeCloseTo((119.6 * 1000) / (9_900_000 + 119_600), 3);
    expect(rebufferingInterval(0, 0, 1_000_000, 1000)).toEqual({ low: 0, high: 3000 / 1_003_000 });
    expect(rebufferingInterval(0, 0, 0, 1000)).toBeNull();
  });
});
