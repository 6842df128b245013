import { ROLES, type TRole } from '@keten/contracts';

const PRODUCT: readonly TRole[] = ['ADMIN', 'PRODUCT'];

/** Who may call each flags.*, cohorts.*, config.* and rails.* procedure, by design (read by the role matrix test). */
export const FLAGS_ACCESS: Record<string, readonly TRole[]> = {
  // Every role reads what boxes are told (support and NOC explain a box's behaviour); product changes it.
  'flags.list': ROLES,
  'flags.get': ROLES,
  'flags.deviceFacts': ROLES,
  'flags.create': PRODUCT,
  'flags.update': PRODUCT,
  'flags.setKilled': PRODUCT,
  'flags.revert': PRODUCT,
  'flags.schedule': PRODUCT,
  'flags.cancelScheduled': PRODUCT,
  'cohorts.list': ROLES,
  'cohorts.get': ROLES,
  'cohorts.count': ROLES,
  'cohorts.create': PRODUCT,
  'cohorts.update': PRODUCT,
  'cohorts.delete': PRODUCT,
  'config.get': ROLES,
  'config.save': PRODUCT,
  'rails.list': ROLES,
  'rails.get': ROLES,
  'rails.channels': ROLES,
  'rails.preview': ROLES,
  'rails.create': PRODUCT,
  'rails.update': PRODUCT,
  'rails.revert': PRODUCT,
};
