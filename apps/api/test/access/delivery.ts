import type { TRole } from '@keten/contracts';

/** Who may call each delivery.* procedure, by design (read by the role matrix test). */
export const DELIVERY_ACCESS: Record<string, readonly TRole[]> = {
  // The NOC watches delivery next to QoE.
  'delivery.view': ['ADMIN', 'NOC'],
  // Support explains a suspicious account to the caller; the NOC sees the same signals.
  'delivery.sharingSignals': ['ADMIN', 'NOC', 'SUPPORT'],
  // Edges hold credentials (their log tokens): administrators only.
  'delivery.edges.list': ['ADMIN'],
  'delivery.edges.create': ['ADMIN'],
  'delivery.edges.rotateToken': ['ADMIN'],
  'delivery.edges.revokeToken': ['ADMIN'],
};
