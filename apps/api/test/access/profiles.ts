import type { TRole } from '@keten/contracts';

/** Who may call each profiles.* procedure, by design (read by the role matrix test). */
export const PROFILES_ACCESS: Record<string, readonly TRole[]> = {};
