// The statistics under judgeWave (guardrails.ts): pure numbers in, numbers out. README "Guardrails" says why.

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 on erf, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** An estimate of treatment − control and the variance of that estimate. */
export interface TDifference {
  delta: number;
  variance: number;
}

/**
 * Difference of two proportions with its unpooled variance, Agresti–Caffo adjusted (one success and one failure
 * added to each arm for the variance only), so an arm with no failures yet still has a variance.
 */
export function proportionDifference(tx: number, tn: number, cx: number, cn: number): TDifference {
  const pt = (tx + 1) / (tn + 2);
  const pc = (cx + 1) / (cn + 2);
  return {
    delta: tn > 0 && cn > 0 ? tx / tn - cx / cn : 0,
    variance: (pt * (1 - pt)) / (tn + 2) + (pc * (1 - pc)) / (cn + 2),
  };
}

/** Per-session sums of one arm for a ratio of sums R = Σs / Σd (s = stall ms, d = playing + stall ms). */
export interface TRatioMoments {
  n: number;
  sumS: number;
  sumD: number;
  sumSS: number;
  sumDD: number;
  sumSD: number;
}

/** The ratio of sums and its delta-method variance: Var(R) ≈ Var(s − R·d) / (n · d̄²), sessions as the unit. */
export function ratioOfSums(m: TRatioMoments): { ratio: number; variance: number } {
  if (m.n < 2 || m.sumD <= 0) return { ratio: 0, variance: Number.POSITIVE_INFINITY };
  const ratio = m.sumS / m.sumD;
  const residualSq = m.sumSS - 2 * ratio * m.sumSD + ratio * ratio * m.sumDD;
  const meanD = m.sumD / m.n;
  const residualVariance = Math.max(residualSq, 0) / (m.n - 1);
  return { ratio, variance: residualVariance / (m.n * meanD * meanD) };
}

/** z of H0 "treatment − control ≤ allowed" (one-sided: large z = the treatment worse beyond what is allowed). */
export function zScore(diff: TDifference, allowed: number): number {
  if (!(diff.variance > 0) || !Number.isFinite(diff.variance)) return 0;
  return (diff.delta - allowed) / Math.sqrt(diff.variance);
}

/**
 * Always-valid one-sided p-value of H0 "treatment − control ≤ allowed": the mixture sequential probability ratio
 * test (Johari et al., "Always valid inference", 2017) with a normal mixture of scale `tau` over the excess.
 * P(it ever drops to α under H0) ≤ α however often it is looked at (Ville's inequality), so judging every 30 s
 * through a soak needs no correction for the number of looks. 1 when the estimate is not beyond `allowed`.
 */
export function alwaysValidPValue(diff: TDifference, allowed: number, tau: number): number {
  const v = diff.variance;
  const excess = diff.delta - allowed;
  if (excess <= 0 || !(v > 0) || !Number.isFinite(v)) return 1;
  const t2 = tau * tau;
  const logLambda = 0.5 * Math.log(v / (v + t2)) + (t2 * excess * excess) / (2 * v * (v + t2));
  return Math.min(1, Math.exp(-logLambda));
}
