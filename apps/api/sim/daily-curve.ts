import type { Random } from '@keten/db/random';

/**
 * Share of boxes watching at each local hour (Europe/Amsterdam), 0–23: night near empty, a breakfast bump,
 * a quiet afternoon, prime time 20–22 h. Shaped after published Dutch TV-viewing-by-hour curves, rounded.
 */
export const WATCHING_BY_HOUR = [
  0.08, 0.05, 0.03, 0.02, 0.02, 0.03, 0.06, 0.1, 0.1, 0.08, 0.08, 0.09, 0.11, 0.11, 0.11, 0.12, 0.14, 0.2,
  0.3, 0.4, 0.52, 0.58, 0.45, 0.22,
] as const;

const hourFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Amsterdam',
  hour: 'numeric',
  hourCycle: 'h23',
});
// The local hour changes only on the hour (Amsterdam's offsets are whole hours): cache per UTC hour.
let cachedHour = { utcHour: Number.NaN, local: 0 };

/** Local hour (0–23) in Amsterdam at epoch ms `at`. */
export function amsterdamHour(at: number): number {
  const utcHour = Math.floor(at / 3_600_000);
  if (utcHour !== cachedHour.utcHour) {
    cachedHour = { utcHour, local: Number(hourFormat.format(at)) % 24 };
  }
  return cachedHour.local;
}

/** Share of boxes watching at `at`. */
export const watchingAt = (at: number) => WATCHING_BY_HOUR[amsterdamHour(at)] ?? 0.1;

const PEAK = Math.max(...WATCHING_BY_HOUR);

/**
 * When a box that just switched off switches on again. Switch-ons form a Poisson process whose rate follows
 * the curve (rate = w / ((1 − w) · spell), so the share of boxes watching is w when a viewing spell lasts
 * `spellMs` on average); drawn by thinning: candidates at the peak rate, each kept with probability
 * rate(t) / peak rate.
 */
export function nextSwitchOn(rng: Random, from: number, spellMs: number): number {
  const rate = (w: number) => w / ((1 - w) * spellMs);
  const peakRate = rate(PEAK);
  let t = from;
  for (;;) {
    t += rng.exponential(1 / peakRate);
    if (rng.chance(rate(watchingAt(t)) / peakRate)) return t;
  }
}
