import type { TRole } from '@keten/contracts';

/** Who may call each subscribers.* procedure, by design (read by the role matrix test). */
export const SUBSCRIBERS_ACCESS: Record<string, readonly TRole[]> = {};
