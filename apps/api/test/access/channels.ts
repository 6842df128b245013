import type { TRole } from '@keten/contracts';

/** Who may call each channels.* procedure, by design (read by the role matrix test). */
export const CHANNELS_ACCESS: Record<string, readonly TRole[]> = {};
