import type { TGuardrailMetric, TRolloutEventKind, TRolloutState, TWaveState } from '@keten/contracts';
import type { TBadgeTone } from '@keten/ui';

export const STATE_LABELS: Record<TRolloutState, { label: string; tone: TBadgeTone }> = {
  DRAFT: { label: 'Draft', tone: 'neutral' },
  RUNNING: { label: 'Running', tone: 'info' },
  HALTED: { label: 'Halted', tone: 'warning' },
  COMPLETED: { label: 'Completed', tone: 'success' },
  ROLLED_BACK: { label: 'Rolled back', tone: 'danger' },
};

export const WAVE_STATE_LABELS: Record<TWaveState, { label: string; tone: TBadgeTone }> = {
  PENDING: { label: 'waiting', tone: 'neutral' },
  RUNNING: { label: 'soaking', tone: 'info' },
  COMPLETED: { label: 'done', tone: 'success' },
  HALTED: { label: 'halted', tone: 'warning' },
};

/** The guardrail metrics in a product manager's words (DESIGN.md's definitions). */
export const GUARDRAIL_LABELS: Record<TGuardrailMetric, { label: string; short: string }> = {
  vsf: { label: 'Video start failures (VSF)', short: 'VSF' },
  vpf: { label: 'Playback failures (VPF)', short: 'VPF' },
  rebufferingRatio: { label: 'Rebuffering ratio', short: 'Rebuffering' },
  errorRate: { label: 'Error rate (attempts meeting an error)', short: 'Error rate' },
};

export const EVENT_LABELS: Record<TRolloutEventKind, string> = {
  CREATED: 'Created',
  STARTED: 'Started',
  WAVE_STARTED: 'Wave started',
  WAVE_COMPLETED: 'Wave completed',
  HALTED: 'Halted',
  RESUMED: 'Resumed',
  ROLLED_BACK: 'Rolled back',
  COMPLETED: 'Completed',
};

/** "1 h 30 min", "45 min", "2 d", "at once". */
export function formatSoak(minutes: number): string {
  if (minutes === 0) return 'at once';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return [days ? `${days} d` : '', hours ? `${hours} h` : '', rest ? `${rest} min` : '']
    .filter(Boolean)
    .join(' ');
}

/** A share as percentage points: 0.005 → "0.5 pp" (how the guardrails' allowed deltas read). */
export function formatPoints(share: number): string {
  const points = share * 100;
  return `${Number(points.toFixed(points < 1 ? 2 : 1))} pp`;
}

/** "4 % → 25 %": the waves' cumulative percents. */
export const wavePlan = (waves: readonly { percent: number }[]) =>
  waves.map((wave) => `${wave.percent} %`).join(' → ');
