import { ROLES, type TRole } from '@keten/contracts';

const CHANGE: readonly TRole[] = ['ADMIN', 'CONTENT'];

/** Who may call each profiles.* procedure, by design (read by the role matrix test). */
export const PROFILES_ACCESS: Record<string, readonly TRole[]> = {
  // Every role reads ladders and the matrix: NOC and support explain playback, product plans firmware.
  'profiles.list': ROLES,
  'profiles.get': ROLES,
  'profiles.compatibility': ROLES,
  'profiles.boxModels.list': ROLES,
  'profiles.create': CHANGE,
  'profiles.saveVersion': CHANGE,
  'profiles.rollback': CHANGE,
  'profiles.pinChannels': CHANGE,
  'profiles.boxModels.updateCapabilities': CHANGE,
};
