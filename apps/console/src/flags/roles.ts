import type { TRole } from '@keten/contracts';

/** Who may change flags, cohorts and the central configuration (the API's flags router says the same). */
export const canEditFlags = (role: TRole) => role === 'PRODUCT' || role === 'ADMIN';
