import type { TRole } from '@keten/contracts';

/** Who may add firmware and edit its notes (the API's firmware router says the same). */
export const canEditFirmware = (role: TRole) => role === 'PRODUCT' || role === 'ADMIN';
