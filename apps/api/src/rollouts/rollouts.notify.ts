import type { Prisma } from '@keten/db/client';
import { notifyTransition } from '../alerts/alerts.notify';

/**
 * Rollout state changes reach the NOC through the alert notifications: each one is an alert of the system rule
 * "Firmware rollouts" (disabled, so the evaluator never touches it; muting it mutes these messages), posted to the
 * webhooks by the alerts runtime's delivery worker: the same signed JSON, retries and delivery history.
 */
export const ROLLOUT_RULE_NAME = 'Firmware rollouts';
export const ROLLOUT_RULE_METRIC = 'rolloutTransition';

export interface TRolloutNotice {
  rolloutId: string;
  severity: 'INFO' | 'WARNING' | 'CRITICAL';
  /** The headline, e.g. "Rollout Kaon 2.0.0 halted by its guardrails at wave 2 (10 %): …". */
  message: string;
  dimensions: Record<string, string>;
  /** Reached share of the cohort after the change, in percent (the alert's value). */
  percent: number;
  /** A halt stays open (FIRING, in the bell) until the rollout resumes or rolls back; other changes are closed at once. */
  open: boolean;
}

/** Writes the alert and the deliveries it owes inside the transition's transaction; returns the deliveries to queue. */
export async function notifyRolloutChange(
  tx: Prisma.TransactionClient,
  notice: TRolloutNotice,
  now: Date,
): Promise<string[]> {
  const rule = await tx.alertRule.upsert({
    where: { name: ROLLOUT_RULE_NAME },
    create: {
      name: ROLLOUT_RULE_NAME,
      description:
        'System rule: firmware rollout state changes (started, waves, halts, resumes, rollbacks) are posted through it. Never evaluated; mute it to silence them.',
      source: 'PLATFORM',
      metric: ROLLOUT_RULE_METRIC,
      comparator: 'GT',
      threshold: 0,
      windowSeconds: 30,
      enabled: false,
      severity: 'INFO',
    },
    update: {},
    select: { id: true, mutedUntil: true },
  });
  // A halt's alert closes when the rollout moves on: its own message says what happened next.
  await tx.alertEvent.updateMany({
    where: { ruleId: rule.id, groupKey: notice.rolloutId, state: 'FIRING' },
    data: { state: 'RESOLVED', resolvedAt: now, lastEvaluatedAt: now },
  });
  const event = await tx.alertEvent.create({
    data: {
      ruleId: rule.id,
      groupKey: notice.rolloutId,
      state: notice.open ? 'FIRING' : 'RESOLVED',
      severity: notice.severity,
      value: notice.percent,
      peakValue: notice.percent,
      samples: 0,
      threshold: 0,
      dimensions: notice.dimensions,
      message: notice.message,
      pendingAt: now,
      firedAt: now,
      resolvedAt: notice.open ? null : now,
      lastEvaluatedAt: now,
    },
    select: { id: true },
  });
  return notifyTransition(
    tx,
    { severity: notice.severity, mutedUntil: rule.mutedUntil },
    event.id,
    'FIRING',
    now,
  );
}
