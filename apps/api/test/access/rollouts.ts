import type { TRole } from '@keten/contracts';

const READ: readonly TRole[] = ['ADMIN', 'NOC', 'PRODUCT'];
const CHANGE: readonly TRole[] = ['ADMIN', 'PRODUCT'];

/** Who may call each rollouts.* procedure, by design (read by the role matrix test). */
export const ROLLOUTS_ACCESS: Record<string, readonly TRole[]> = {
  // Product managers run firmware rollouts; the NOC watches them (halts also reach its bell and webhooks).
  'rollouts.list': READ,
  'rollouts.get': READ,
  'rollouts.compare': READ,
  'rollouts.create': CHANGE,
  'rollouts.start': CHANGE,
  'rollouts.halt': CHANGE,
  'rollouts.resume': CHANGE,
  'rollouts.rollback': CHANGE,
};
