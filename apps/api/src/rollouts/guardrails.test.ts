import { Random } from '@keten/db/random';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GUARDRAILS, judgeWave, type TArmStats, ZGuardrailConfigSchema } from './guardrails';
import { alwaysValidPValue, normalCdf, proportionDifference, ratioOfSums, zScore } from './guardrails.stats';

/** An arm with `attempts` sessions, `vsf` of them failing to start, every other one playing 100 s without a stall. */
function arm(attempts: number, vsf: number, extra: Partial<TArmStats> = {}): TArmStats {
  const plays = attempts - vsf;
  return {
    attempts,
    videoStartFailures: vsf,
    plays,
    playbackFailures: 0,
    erroredAttempts: vsf,
    rebuffering: { n: plays, sumS: 0, sumD: plays * 100_000, sumSS: 0, sumDD: plays * 1e10, sumSD: 0 },
    devices: 10,
    ...extra,
  };
}

describe('the statistics, against hand computations', () => {
  it('gives the one-sided two-proportion z and always-valid p-value a hand computation gives', () => {
    // 30 of 1000 vs 10 of 1000, 0.5 points allowed. Agresti–Caffo: p̃ = 31/1002 and 11/1002,
    // Var = p̃t(1−p̃t)/1002 + p̃c(1−p̃c)/1002 = 4.0757e-5, z = (0.02 − 0.005)/√Var = 2.3496.
    const diff = proportionDifference(30, 1000, 10, 1000);
    expect(diff.delta).toBeCloseTo(0.02, 12);
    expect(diff.variance).toBeCloseTo(4.0757e-5, 8);
    expect(zScore(diff, 0.005)).toBeCloseTo(2.3496, 3);
    expect(zScore(diff, 0)).toBeCloseTo(3.1328, 3);
    // mSPRT, τ = 0.005: Λ = √(V/(V+τ²))·exp(τ²·0.015²/(2V(V+τ²))) = 2.2485, p = 1/Λ = 0.4447.
    expect(alwaysValidPValue(diff, 0.005, 0.005)).toBeCloseTo(0.4447, 3);
    // Not worse than allowed: nothing to reject.
    expect(alwaysValidPValue(proportionDifference(10, 1000, 10, 1000), 0, 0.005)).toBe(1);
  });

  it('gives the rebuffering ratio of sums and its per-session (delta-method) variance', () => {
    // Sessions (stall ms, playing + stall ms): (0, 100), (10, 100), (20, 200). R = 30/400 = 0.075; residuals
    // s − R·d = −7.5, 2.5, 5 → Σ² 87.5, /(n−1) = 43.75; Var(R) = 43.75 / (3 · 133.33²) = 8.2031e-4.
    const sessions = [
      [0, 100],
      [10, 100],
      [20, 200],
    ] as const;
    const moments = { n: 3, sumS: 0, sumD: 0, sumSS: 0, sumDD: 0, sumSD: 0 };
    for (const [s, d] of sessions) {
      moments.sumS += s;
      moments.sumD += d;
      moments.sumSS += s * s;
      moments.sumDD += d * d;
      moments.sumSD += s * d;
    }
    const { ratio, variance } = ratioOfSums(moments);
    expect(ratio).toBeCloseTo(0.075, 12);
    expect(variance).toBeCloseTo(8.2031e-4, 7);
    expect(ratioOfSums({ ...moments, n: 1 }).variance).toBe(Number.POSITIVE_INFINITY);
  });

  it('has a normal CDF good to 1e-6', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-3.090232)).toBeCloseTo(0.001, 6);
  });
});

describe('judgeWave', () => {
  it('halts a wave whose start failures are clearly worse, and says so in words', () => {
    const { verdict, checks } = judgeWave(arm(5000, 250), arm(10_000, 100), DEFAULT_GUARDRAILS);
    expect(verdict).toBe('halt');
    const vsf = checks.find((check) => check.metric === 'vsf');
    expect(vsf).toMatchObject({ breached: true, treatment: 0.05, control: 0.01, threshold: 0.005 });
    expect(vsf?.delta).toBeCloseTo(0.04, 12);
    expect(vsf?.reason).toMatch(
      /^Video start failures worse: 5\.00 % on the new firmware vs 1\.00 % on the others, more than the allowed 0\.50 points/,
    );
    expect(checks.map((check) => check.metric)).toEqual(['vsf', 'vpf', 'rebufferingRatio', 'errorRate']);
  });

  it('passes a wave within its allowed delta, and keeps the words for it', () => {
    const { verdict, checks } = judgeWave(arm(5000, 60), arm(10_000, 100), DEFAULT_GUARDRAILS);
    expect(verdict).toBe('pass');
    expect(checks.every((check) => !check.breached && check.sufficient)).toBe(true);
    expect(checks[0]?.reason).toBe(
      'Video start failures within bounds: 1.20 % on the new firmware vs 1.00 % on the others (allowed up to 0.50 points worse).',
    );
  });

  it('says insufficient below the minimum samples, however bad the wave looks', () => {
    const config = { ...DEFAULT_GUARDRAILS, minAttempts: 300, minPlays: 300 };
    const below = judgeWave(arm(299, 150), arm(10_000, 100), config);
    expect(below.verdict).toBe('insufficient');
    expect(below.checks[0]).toMatchObject({ sufficient: false, breached: false, pValue: 1 });
    expect(below.checks[0]?.reason).toBe(
      'Video start failures: not enough data yet (299 attempts on the new firmware, 10000 on the others; 300 each needed).',
    );
    // The control arm counts too.
    expect(judgeWave(arm(10_000, 100), arm(299, 3), config).verdict).toBe('insufficient');
    // At the minimum the same failure rate halts.
    expect(judgeWave(arm(300, 150), arm(10_000, 100), config).verdict).toBe('halt');
  });

  it('halts a firmware that never starts a picture on its start failures, though it has no plays to judge', () => {
    const { verdict, checks } = judgeWave(arm(400, 400), arm(10_000, 100), DEFAULT_GUARDRAILS);
    expect(verdict).toBe('halt');
    expect(checks.find((check) => check.metric === 'vpf')).toMatchObject({
      sufficient: false,
      treatment: null,
    });
  });

  it('halts on rebuffering when the wave stalls more across its sessions', () => {
    const rng = new Random('rebuffering');
    const sessions = (n: number, stallShare: number) => {
      const m = { n, sumS: 0, sumD: 0, sumSS: 0, sumDD: 0, sumSD: 0 };
      for (let i = 0; i < n; i++) {
        const play = rng.exponential(180_000);
        const stall = rng.chance(0.3) ? (play * stallShare) / 0.3 : 0;
        const d = play + stall;
        m.sumS += stall;
        m.sumD += d;
        m.sumSS += stall * stall;
        m.sumDD += d * d;
        m.sumSD += stall * d;
      }
      return m;
    };
    const treatment = arm(2000, 0, { rebuffering: sessions(2000, 0.005) });
    const control = arm(4000, 0, { rebuffering: sessions(4000, 0.001) });
    const check = judgeWave(treatment, control, DEFAULT_GUARDRAILS).checks.find(
      (c) => c.metric === 'rebufferingRatio',
    );
    expect(check?.breached).toBe(true);
    expect(check?.reason).toMatch(
      /^Rebuffering ratio worse: 0\.\d\d % on the new firmware vs 0\.1\d % on the others/,
    );
  });
});

describe('many looks at identical arms', () => {
  // 200 soaks of 60 looks each: both arms drawn from the same boxes' distribution, 40 more sessions per arm per look,
  // judged with no allowed delta at all (the strictest setting). The guarantee: P(ever halted) ≤ alpha = 1 %.
  it('halts no more than alpha of the soaks, though each is judged at every look', () => {
    const rng = new Random('identical-arms');
    const config = ZGuardrailConfigSchema.parse({
      maxVsfDelta: 0,
      maxVpfDelta: 0,
      maxRebufferingRatioDelta: 0,
      maxErrorRateDelta: 0,
      minAttempts: 100,
      minPlays: 100,
    });
    const grow = (a: TArmStats, sessions: number) => {
      for (let i = 0; i < sessions; i++) {
        a.attempts++;
        const errored = rng.chance(0.03);
        if (errored) a.erroredAttempts++;
        if (rng.chance(0.01)) {
          a.videoStartFailures++;
          continue;
        }
        a.plays++;
        if (rng.chance(0.01)) a.playbackFailures++;
        const play = rng.exponential(180_000);
        const stall = rng.chance(0.1) ? rng.logNormal(1500, 0.6) : 0;
        const d = play + stall;
        const m = a.rebuffering;
        m.n++;
        m.sumS += stall;
        m.sumD += d;
        m.sumSS += stall * stall;
        m.sumDD += d * d;
        m.sumSD += stall * d;
      }
    };
    const empty = (): TArmStats => ({
      ...arm(0, 0),
      rebuffering: { n: 0, sumS: 0, sumD: 0, sumSS: 0, sumDD: 0, sumSD: 0 },
    });
    let halted = 0;
    let naiveHalted = 0;
    for (let soak = 0; soak < 200; soak++) {
      const treatment = empty();
      const control = empty();
      let naive = false;
      for (let look = 0; look < 60; look++) {
        grow(treatment, 40);
        grow(control, 40);
        const { verdict, checks } = judgeWave(treatment, control, config);
        // What a fixed z at the same per-metric level (1 − Φ(z) ≤ alpha/4) would have done at this look.
        if (checks.some((check) => check.sufficient && 1 - normalCdf(check.z) <= config.alpha / 4))
          naive = true;
        if (verdict === 'halt') {
          halted++;
          break;
        }
      }
      if (naive) naiveHalted++;
    }
    console.log(
      `identical arms, 200 soaks × 60 looks: always-valid halted ${halted}, fixed z ${naiveHalted}`,
    );
    expect(halted).toBeLessThanOrEqual(2);
  });
});

describe('the guardrail config', () => {
  it('fills defaults and names the field of a bad value', () => {
    expect(ZGuardrailConfigSchema.parse({ minAttempts: 1000 })).toMatchObject({
      minAttempts: 1000,
      minPlays: 300,
      maxVsfDelta: 0.005,
      alpha: 0.01,
    });
    const bad = ZGuardrailConfigSchema.safeParse({ maxRebufferingRatioDelta: -0.1 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['maxRebufferingRatioDelta']);
  });
});
