import type { TRole } from '@keten/contracts';

/** Who may call each schedule.* procedure, by design (read by the role matrix test). */
export const SCHEDULE_ACCESS: Record<string, readonly TRole[]> = {};
