import { ROLES, type TRole } from '@keten/contracts';
import { ALERTS_ACCESS } from './alerts';
import { CHANNELS_ACCESS } from './channels';
import { DELIVERY_ACCESS } from './delivery';
import { FIRMWARE_ACCESS } from './firmware';
import { FLAGS_ACCESS } from './flags';
import { JOBS_ACCESS } from './jobs';
import { PACKAGES_ACCESS } from './packages';
import { PROFILES_ACCESS } from './profiles';
import { QOE_ACCESS } from './qoe';
import { ROLLOUTS_ACCESS } from './rollouts';
import { SCHEDULE_ACCESS } from './schedule';
import { STEERING_ACCESS } from './steering';
import { SUBSCRIBERS_ACCESS } from './subscribers';

/**
 * Who may call what, by design, one file per domain. Every procedure of the router must be listed:
 * adding one without deciding its roles fails the role matrix test.
 */
export const ACCESS: Record<string, readonly TRole[]> = {
  'me.get': ROLES,
  'home.summary': ROLES,
  'operators.list': ['ADMIN'],
  'operators.create': ['ADMIN'],
  'operators.update': ['ADMIN'],
  'audit.list': ['ADMIN'],
  ...CHANNELS_ACCESS,
  ...SCHEDULE_ACCESS,
  ...PROFILES_ACCESS,
  ...PACKAGES_ACCESS,
  ...SUBSCRIBERS_ACCESS,
  ...JOBS_ACCESS,
  ...QOE_ACCESS,
  ...DELIVERY_ACCESS,
  ...ALERTS_ACCESS,
  ...FLAGS_ACCESS,
  ...FIRMWARE_ACCESS,
  ...ROLLOUTS_ACCESS,
  ...STEERING_ACCESS,
};
