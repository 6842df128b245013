// 95 % confidence intervals for the ranked QoE metrics: how far a row's figure could be from its true value
// given how many samples stand behind it.
const Z95 = 1.959964;

export type TInterval = { low: number; high: number };

/** Wilson score interval of a rate `part / whole` (VSF, EBVS, VPF): sound near 0 % and with small samples. */
export function rateInterval(part: number, whole: number): TInterval | null {
  if (whole <= 0) return null;
  const p = part / whole;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * whole)) / (1 + z2 / whole);
  const half = (Z95 * Math.sqrt((p * (1 - p)) / whole + z2 / (4 * whole * whole))) / (1 + z2 / whole);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Distribution-free interval of the `level` quantile from n samples: the quantiles at the ranks level ± z·√(p(1−p)/n)
 * (binomial order statistics), read from `quantiles` measured at `levels` (every percent) and interpolated.
 */
export function quantileInterval(
  quantiles: readonly (number | null)[],
  levels: readonly number[],
  level: number,
  samples: number,
): TInterval | null {
  if (samples <= 0) return null;
  const spread = Z95 * Math.sqrt((level * (1 - level)) / samples);
  const low = quantileBetween(quantiles, levels, level - spread);
  const high = quantileBetween(quantiles, levels, level + spread);
  return low === null || high === null ? null : { low: Math.round(low), high: Math.round(high) };
}

function quantileBetween(quantiles: readonly (number | null)[], levels: readonly number[], level: number) {
  const first = levels[0] ?? 0;
  const last = levels.at(-1) ?? 1;
  const clamped = Math.min(last, Math.max(first, level));
  const upper = levels.findIndex((candidate) => candidate >= clamped - 1e-12);
  const high = quantiles[upper];
  if (high === null || high === undefined) return null;
  const lower = Math.max(0, upper - 1);
  const low = quantiles[lower];
  const [from, to] = [levels[lower] ?? clamped, levels[upper] ?? clamped];
  if (low === null || low === undefined || to === from) return high;
  return low + ((high - low) * (clamped - from)) / (to - from);
}

/**
 * Rebuffering ratio: the stall count is taken as Poisson (its relative error ≈ 1/√stalls) and the stall length as
 * the row's mean. With no stall at all, the upper bound is "3 stalls" (rule of three) of `typicalStallMs`.
 */
export function rebufferingInterval(
  stalls: number,
  stallMs: number,
  playingMs: number,
  typicalStallMs: number,
): TInterval | null {
  if (playingMs + stallMs <= 0) return null;
  const ratioWith = (ms: number) => ms / (playingMs + ms);
  if (stalls === 0) return { low: 0, high: ratioWith(3 * typicalStallMs) };
  const mean = stallMs / stalls;
  const spread = Z95 * Math.sqrt(stalls);
  return { low: ratioWith(Math.max(0, stalls - spread) * mean), high: ratioWith((stalls + spread) * mean) };
}
