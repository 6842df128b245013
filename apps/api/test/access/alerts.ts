import type { TRole } from '@keten/contracts';

const NOC: readonly TRole[] = ['ADMIN', 'NOC'];
const ADMIN: readonly TRole[] = ['ADMIN'];

/** Who may call each alerts.* procedure, by design (read by the role matrix test). */
export const ALERTS_ACCESS: Record<string, readonly TRole[]> = {
  // The NOC is paged, acknowledges, mutes and tunes rules; it also reads delivery history (webhook names only).
  'alerts.list': NOC,
  'alerts.unread': NOC,
  'alerts.timeline': NOC,
  'alerts.acknowledge': NOC,
  'alerts.rules.list': NOC,
  'alerts.rules.create': NOC,
  'alerts.rules.update': NOC,
  'alerts.rules.delete': NOC,
  'alerts.rules.mute': NOC,
  'alerts.deliveries': NOC,
  // Webhook URLs and secrets: administrators only.
  'alerts.webhooks.list': ADMIN,
  'alerts.webhooks.create': ADMIN,
  'alerts.webhooks.update': ADMIN,
  'alerts.webhooks.delete': ADMIN,
};
