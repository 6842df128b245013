import type { TRole } from '@keten/contracts';

/** Who may call each packages.* procedure, by design (read by the role matrix test). */
export const PACKAGES_ACCESS: Record<string, readonly TRole[]> = {};
