// A wave's guardrails: its boxes' QoE against the not-yet-updated boxes of the same model over the same window.
// Pure: the arms come from guardrails.query.ts; README "Guardrails" explains the tests and the significance level.
import {
  DEFAULT_ROLLOUT_GUARDRAILS,
  GUARDRAIL_METRICS,
  type TGuardrailMetric,
  type TRolloutGuardrails,
  type TRolloutGuardrailsInput,
  ZRolloutGuardrailsSchema,
} from '@keten/contracts';
import {
  alwaysValidPValue,
  proportionDifference,
  ratioOfSums,
  type TDifference,
  type TRatioMoments,
  zScore,
} from './guardrails.stats';

/** One arm's sums over a window (sessions whose attempt falls in it). Definitions: DESIGN.md "QoE". */
export interface TArmStats {
  /** Sessions (one attempt each) started in the window. */
  attempts: number;
  /** VSF: attempts that ended in a fatal error before a first frame. */
  videoStartFailures: number;
  /** Plays: attempts that showed a first frame. */
  plays: number;
  /** VPF: plays that ended in a fatal error. */
  playbackFailures: number;
  /** Attempts that met any error (fatal or not, before or after the first frame). */
  erroredAttempts: number;
  /** Rebuffering per session, over sessions that played or stalled after their first frame. */
  rebuffering: TRatioMoments;
  /** Distinct boxes in the arm. */
  devices: number;
}

/** A rollout's guardrails (FirmwareRollout.guardrails): one schema, in the contracts, with every default. */
export const ZGuardrailConfigSchema = ZRolloutGuardrailsSchema;
export type TGuardrailConfig = TRolloutGuardrails;
export type TGuardrailConfigInput = TRolloutGuardrailsInput;
export const DEFAULT_GUARDRAILS: TGuardrailConfig = DEFAULT_ROLLOUT_GUARDRAILS;
export { GUARDRAIL_METRICS, type TGuardrailMetric };

export interface TGuardrailCheck {
  metric: TGuardrailMetric;
  /** The metric's value in each arm (a fraction), null before anything was measured. */
  treatment: number | null;
  control: number | null;
  /** treatment − control (positive = the wave is worse). */
  delta: number | null;
  /** Always-valid one-sided p-value of "no worse than allowed" (1 when not judged). */
  pValue: number;
  /** The z of the same question at this look (for the record; the decision uses pValue). */
  z: number;
  /** The allowed delta. */
  threshold: number;
  /** Enough samples in both arms to judge this metric. */
  sufficient: boolean;
  breached: boolean;
  /** What happened, in words a product manager reads. */
  reason: string;
}

export type TGuardrailVerdict = 'pass' | 'halt' | 'insufficient';

export interface TWaveJudgement {
  verdict: TGuardrailVerdict;
  checks: TGuardrailCheck[];
}

const LABEL: Record<TGuardrailMetric, string> = {
  vsf: 'Video start failures',
  vpf: 'Playback failures',
  rebufferingRatio: 'Rebuffering ratio',
  errorRate: 'Sessions with errors',
};

/** Mixture scale per metric when the allowed delta is 0: the size of regression worth finding quickly. */
const MIN_TAU: Record<TGuardrailMetric, number> = {
  vsf: 0.005,
  vpf: 0.005,
  rebufferingRatio: 0.001,
  errorRate: 0.01,
};

const pct = (value: number) => `${(value * 100).toFixed(2)} %`;
const points = (value: number) => `${(value * 100).toFixed(2)} points`;
const pText = (p: number) => (p < 0.0001 ? 'p < 0.0001' : `p = ${p.toPrecision(2)}`);

interface TMetricInput {
  metric: TGuardrailMetric;
  treatment: number | null;
  control: number | null;
  diff: TDifference;
  threshold: number;
  sample: { treatment: number; control: number; min: number; unit: string };
}

function check(input: TMetricInput, alphaPerMetric: number): TGuardrailCheck {
  const { metric, treatment, control, diff, threshold, sample } = input;
  const label = LABEL[metric];
  const sufficient = sample.treatment >= sample.min && sample.control >= sample.min;
  const base = { metric, treatment, control, threshold, sufficient };
  if (!sufficient || treatment === null || control === null) {
    return {
      ...base,
      delta: treatment !== null && control !== null ? treatment - control : null,
      pValue: 1,
      z: 0,
      breached: false,
      reason: `${label}: not enough data yet (${sample.treatment} ${sample.unit} on the new firmware, ${sample.control} on the others; ${sample.min} each needed).`,
    };
  }
  const pValue = alwaysValidPValue(diff, threshold, Math.max(threshold, MIN_TAU[metric]));
  const breached = pValue <= alphaPerMetric;
  const compared = `${pct(treatment)} on the new firmware vs ${pct(control)} on the others`;
  const reason = breached
    ? `${label} worse: ${compared}, more than the allowed ${points(threshold)} and not by chance (${pText(pValue)}).`
    : diff.delta > threshold
      ? `${label} looks worse (${compared}) but not yet beyond chance (${pText(pValue)}, halts at p ≤ ${alphaPerMetric}).`
      : `${label} within bounds: ${compared} (allowed up to ${points(threshold)} worse).`;
  return { ...base, delta: diff.delta, pValue, z: zScore(diff, threshold), breached, reason };
}

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** Judge one look at a wave: halt when any metric is worse than control beyond its allowed delta, beyond chance. */
export function judgeWave(
  treatment: TArmStats,
  control: TArmStats,
  config: TGuardrailConfig,
): TWaveJudgement {
  const alphaPerMetric = config.alpha / GUARDRAIL_METRICS.length;
  const attempts = {
    treatment: treatment.attempts,
    control: control.attempts,
    min: config.minAttempts,
    unit: 'attempts',
  };
  const plays = { treatment: treatment.plays, control: control.plays, min: config.minPlays, unit: 'plays' };
  const rt = ratioOfSums(treatment.rebuffering);
  const rc = ratioOfSums(control.rebuffering);
  const checks = [
    check(
      {
        metric: 'vsf',
        treatment: rate(treatment.videoStartFailures, treatment.attempts),
        control: rate(control.videoStartFailures, control.attempts),
        diff: proportionDifference(
          treatment.videoStartFailures,
          treatment.attempts,
          control.videoStartFailures,
          control.attempts,
        ),
        threshold: config.maxVsfDelta,
        sample: attempts,
      },
      alphaPerMetric,
    ),
    check(
      {
        metric: 'vpf',
        treatment: rate(treatment.playbackFailures, treatment.plays),
        control: rate(control.playbackFailures, control.plays),
        diff: proportionDifference(
          treatment.playbackFailures,
          treatment.plays,
          control.playbackFailures,
          control.plays,
        ),
        threshold: config.maxVpfDelta,
        sample: plays,
      },
      alphaPerMetric,
    ),
    check(
      {
        metric: 'rebufferingRatio',
        treatment: treatment.rebuffering.sumD > 0 ? rt.ratio : null,
        control: control.rebuffering.sumD > 0 ? rc.ratio : null,
        diff: { delta: rt.ratio - rc.ratio, variance: rt.variance + rc.variance },
        threshold: config.maxRebufferingRatioDelta,
        sample: plays,
      },
      alphaPerMetric,
    ),
    check(
      {
        metric: 'errorRate',
        treatment: rate(treatment.erroredAttempts, treatment.attempts),
        control: rate(control.erroredAttempts, control.attempts),
        diff: proportionDifference(
          treatment.erroredAttempts,
          treatment.attempts,
          control.erroredAttempts,
          control.attempts,
        ),
        threshold: config.maxErrorRateDelta,
        sample: attempts,
      },
      alphaPerMetric,
    ),
  ];
  const verdict: TGuardrailVerdict = checks.some((c) => c.breached)
    ? 'halt'
    : checks.every((c) => c.sufficient)
      ? 'pass'
      : 'insufficient';
  return { verdict, checks };
}

/** An arm's four guardrail metrics (fractions), null where nothing was measured: what the charts draw. */
export function armValues(arm: TArmStats): Record<TGuardrailMetric, number | null> {
  return {
    vsf: rate(arm.videoStartFailures, arm.attempts),
    vpf: rate(arm.playbackFailures, arm.plays),
    rebufferingRatio: rate(arm.rebuffering.sumS, arm.rebuffering.sumD),
    errorRate: rate(arm.erroredAttempts, arm.attempts),
  };
}
