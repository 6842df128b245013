import type { TRole } from '@keten/contracts';

const READ: readonly TRole[] = ['ADMIN', 'PRODUCT', 'NOC', 'SUPPORT'];
const CHANGE: readonly TRole[] = ['ADMIN', 'PRODUCT'];

/** Who may call each firmware.* procedure, by design (read by the role matrix test). */
export const FIRMWARE_ACCESS: Record<string, readonly TRole[]> = {
  // NOC and support read which firmware boxes run; product managers add versions and edit their notes.
  'firmware.list': READ,
  'firmware.create': CHANGE,
  'firmware.updateNotes': CHANGE,
};
