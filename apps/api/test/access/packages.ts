import { ROLES, type TRole } from '@keten/contracts';

const CONTENT: readonly TRole[] = ['ADMIN', 'CONTENT'];

/** Who may call each packages.* procedure, by design (read by the role matrix test). */
export const PACKAGES_ACCESS: Record<string, readonly TRole[]> = {
  // Reading packages and lineups helps every role (support explains entitlements); only content edits them.
  'packages.list': ROLES,
  'packages.get': ROLES,
  'packages.lineup': ROLES,
  'packages.create': CONTENT,
  'packages.update': CONTENT,
  'packages.setMembership': CONTENT,
};
