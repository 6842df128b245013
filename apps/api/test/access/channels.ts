import { ROLES, type TRole } from '@keten/contracts';

const CONTENT: readonly TRole[] = ['ADMIN', 'CONTENT'];

/** Who may call each channels.* procedure, by design (read by the role matrix test). */
export const CHANNELS_ACCESS: Record<string, readonly TRole[]> = {
  // Every role reads the lineup (NOC watches feeds, support explains entitlements); only content changes it.
  'channels.list': ROLES,
  'channels.get': ROLES,
  'channels.create': CONTENT,
  'channels.update': CONTENT,
  'channels.setState': CONTENT,
  'channels.setLogo': CONTENT,
};
