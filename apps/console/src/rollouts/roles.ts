import type { TRole } from '@keten/contracts';

/** Who may create, start, halt, resume and roll back rollouts (the API's rollouts router says the same). */
export const canRunRollouts = (role: TRole) => role === 'PRODUCT' || role === 'ADMIN';
