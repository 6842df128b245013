import { ALERT_SEVERITIES, type TAlertSeverity } from '@keten/contracts';
import type { AlertRule, Prisma } from '@keten/db/client';

const rank = (severity: string) => ALERT_SEVERITIES.indexOf(severity as TAlertSeverity);

/**
 * The webhook messages a transition owes, written as PENDING deliveries in the transition's own transaction (so a
 * crash between the two cannot lose or invent one). A muted rule owes none; a resolution is owed only where the firing
 * was sent. Returns the deliveries' ids to queue.
 */
export async function notifyTransition(
  tx: Prisma.TransactionClient,
  rule: Pick<AlertRule, 'severity' | 'mutedUntil'>,
  eventId: string,
  transition: 'FIRING' | 'RESOLVED',
  now: Date,
): Promise<string[]> {
  if (rule.mutedUntil && rule.mutedUntil > now) return [];
  // A resolution goes only where the firing went (a rule muted when it fired tells nobody it resolved).
  const webhooks = await tx.alertWebhook.findMany({
    where: {
      enabled: true,
      ...(transition === 'RESOLVED' ? { deliveries: { some: { eventId, transition: 'FIRING' } } } : {}),
    },
    select: { id: true, minSeverity: true },
  });
  const due = webhooks.filter((webhook) => rank(rule.severity) >= rank(webhook.minSeverity));
  const ids: string[] = [];
  for (const webhook of due) {
    const delivery = await tx.alertDelivery.create({
      data: { webhookId: webhook.id, eventId, transition },
      select: { id: true },
    });
    ids.push(delivery.id);
  }
  return ids;
}
