import {
  exitBeforeVideoStartRate,
  playbackFailureRate,
  rebufferingRatio,
  videoStartFailureRate,
} from '../qoe/qoe-definitions';
import type { TQoeSums } from './qoe-rollup-read';

/** The page's KPIs of a slice (concurrent plays come from their own rollup); null where nothing was measured. */
export interface TQoeValues {
  attempts: number;
  plays: number;
  videoStartTimeP50: number | null;
  videoStartTimeP95: number | null;
  zapTimeP50: number | null;
  zapTimeP95: number | null;
  rebufferingRatio: number | null;
  vsfRate: number | null;
  ebvsRate: number | null;
  vpfRate: number | null;
}

/** The quantile at `level` of a read's quantiles (levels as read), rounded to whole ms. */
export function quantileAt(quantiles: readonly (number | null)[], levels: readonly number[], level: number) {
  const index = levels.findIndex((candidate) => Math.abs(candidate - level) < 1e-9);
  const value = index === -1 ? null : quantiles[index];
  return value === null || value === undefined ? null : Math.round(value);
}

/** Sums → KPIs, each by its definition in qoe-definitions.ts (DESIGN.md "QoE"). */
export function qoeValues(sums: TQoeSums): TQoeValues {
  const start = (level: number) => quantileAt(sums.videoStartTimeQuantiles, sums.levels, level);
  const zap = (level: number) => quantileAt(sums.zapTimeQuantiles, sums.levels, level);
  return {
    attempts: sums.attempts,
    plays: sums.plays,
    videoStartTimeP50: start(0.5),
    videoStartTimeP95: start(0.95),
    zapTimeP50: zap(0.5),
    zapTimeP95: zap(0.95),
    rebufferingRatio: rebufferingRatio(sums.stallMs, sums.playingMs),
    vsfRate: videoStartFailureRate(sums.videoStartFailures, sums.attempts),
    ebvsRate: exitBeforeVideoStartRate(sums.exitsBeforeVideoStart, sums.attempts),
    vpfRate: playbackFailureRate(sums.playbackFailures, sums.plays),
  };
}
