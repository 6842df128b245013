import { describe, expect, it } from 'vitest';
import { BUCKETS, bucketOf, inShare, murmur3 } from './bucket';

// Pearson's chi-square statistic of observed counts against a uniform expectation.
function chiSquare(counts: number[], total: number) {
  const expected = total / counts.length;
  return counts.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
}

// Upper 0.1 % points of the chi-square distribution (99 and 9,999 degrees of freedom).
const CHI2_999_DF99 = 148.23;
const CHI2_999_DF9999 = 10_331;

const sequentialIds = Array.from({ length: 100_000 }, (_, i) => `dev-${String(i).padStart(6, '0')}`);
// cuid-like ids: a fixed pseudo-random sequence, so the test is reproducible.
let seed = 42;
const next = () => {
  seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
  return seed;
};
const cuidIds = Array.from({ length: 100_000 }, () =>
  `c${next().toString(36)}${next().toString(36)}`.slice(0, 25),
);

describe('bucketOf', () => {
  it('matches MurmurHash3 x86_32 reference values', () => {
    expect(murmur3('')).toBe(0);
    expect(murmur3('', 1)).toBe(0x514e28b7);
    expect(murmur3('hello')).toBe(0x248bfa47);
    expect(murmur3('The quick brown fox jumps over the lazy dog')).toBe(0x2e4ff723);
  });

  it('is deterministic: the same key and device always give the same bucket', () => {
    for (const id of sequentialIds.slice(0, 1000)) {
      expect(bucketOf('new-epg', id)).toBe(bucketOf('new-epg', id));
    }
    expect(bucketOf('new-epg', 'dev-000001')).toBe(6811); // pinned: a change of hash would reshuffle every running rollout;
  });

  for (const [label, ids] of [
    ['sequential ids', sequentialIds],
    ['cuid-like ids', cuidIds],
  ] as const) {
    it(`is uniform over 100,000 ${label} (chi-square, 100 and 10,000 bins, p = 0.001)`, () => {
      const percentBins = new Array<number>(100).fill(0);
      const fineBins = new Array<number>(BUCKETS).fill(0);
      for (const id of ids) {
        const bucket = bucketOf('rollout-key', id);
        percentBins[Math.floor(bucket / 100)]! += 1;
        fineBins[bucket]! += 1;
      }
      expect(chiSquare(percentBins, ids.length)).toBeLessThan(CHI2_999_DF99);
      expect(chiSquare(fineBins, ids.length)).toBeLessThan(CHI2_999_DF9999);
    });
  }

  it('gives independent buckets for different rollout keys', () => {
    // A device in the first 10 % of one flag is in the first 10 % of another about 10 % of the time.
    const inBoth = sequentialIds.filter(
      (id) => inShare(bucketOf('flag-a', id), 10) && inShare(bucketOf('flag-b', id), 10),
    ).length;
    expect(inBoth / sequentialIds.length).toBeGreaterThan(0.009);
    expect(inBoth / sequentialIds.length).toBeLessThan(0.011);
  });

  it('is sticky when a share grows: everyone in 5 % is still in 25 %', () => {
    const in5 = sequentialIds.filter((id) => inShare(bucketOf('fw', id), 5));
    expect(in5.every((id) => inShare(bucketOf('fw', id), 25))).toBe(true);
    expect(in5.length / sequentialIds.length).toBeCloseTo(0.05, 2);
  });

  it('reads shares to a hundredth of a percent', () => {
    expect(inShare(0, 0)).toBe(false);
    expect(inShare(0, 0.01)).toBe(true);
    expect(inShare(1, 0.01)).toBe(false);
    expect(inShare(9999, 100)).toBe(true);
    expect(inShare(9999, 99.99)).toBe(false);
  });
});
