import {
  ALERT_COMPARATOR_SIGNS,
  ALERT_METRIC_WORDS,
  formatAlertFigure,
  type TAlertComparator,
  type TAlertSeverity,
} from '@keten/contracts';
import type { TBadgeTone } from '@keten/ui';

export const SEVERITY_TONE: Record<TAlertSeverity, TBadgeTone> = {
  INFO: 'info',
  WARNING: 'warning',
  CRITICAL: 'danger',
};

export const STATE_TONE: Record<'PENDING' | 'FIRING' | 'RESOLVED', TBadgeTone> = {
  PENDING: 'neutral',
  FIRING: 'danger',
  RESOLVED: 'success',
};

/** "video start failures > 10.0 % over 5 min, for 2 min, per firmware". */
export function describeCondition(rule: {
  metric: string;
  comparator: string;
  threshold: number;
  clearThreshold: number | null;
  windowSeconds: number;
  forSeconds: number;
  groupBy: string | null;
}): string {
  const sign = ALERT_COMPARATOR_SIGNS[rule.comparator as TAlertComparator] ?? rule.comparator;
  const label = ALERT_METRIC_WORDS[rule.metric]?.label ?? rule.metric;
  const figure = (value: number) => formatAlertFigure(rule.metric, value);
  const parts = [`${label} ${sign} ${figure(rule.threshold)}`, `over ${duration(rule.windowSeconds)}`];
  if (rule.forSeconds > 0) parts.push(`for ${duration(rule.forSeconds)}`);
  if (rule.clearThreshold !== null) parts.push(`clears at ${figure(rule.clearThreshold)}`);
  if (rule.groupBy) parts.push(`per ${rule.groupBy}`);
  return parts.join(', ');
}

export function duration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** "firmware 6.2, region Limburg"; a channel by its name when the alert links to one. */
export function dimensionsText(dimensions: unknown, channel?: { name: string; lcn: number } | null): string {
  if (!dimensions || typeof dimensions !== 'object') return '';
  return Object.entries(dimensions as Record<string, unknown>)
    .map(([key, value]) =>
      key === 'channelId' && channel ? `channel ${channel.lcn} ${channel.name}` : `${key} ${String(value)}`,
    )
    .join(', ');
}
