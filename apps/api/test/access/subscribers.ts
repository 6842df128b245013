import type { TRole } from '@keten/contracts';

const READ: readonly TRole[] = ['ADMIN', 'SUPPORT', 'NOC'];
const WRITE: readonly TRole[] = ['ADMIN', 'SUPPORT'];
// Product managers read the fleet's boxes (to plan flags and firmware), nothing about subscribers.
const FLEET: readonly TRole[] = ['ADMIN', 'SUPPORT', 'NOC', 'PRODUCT'];

/** Who may call each subscribers.* procedure, by design (read by the role matrix test). */
export const SUBSCRIBERS_ACCESS: Record<string, readonly TRole[]> = {
  'subscribers.list': READ,
  'subscribers.get': READ,
  'subscribers.search': READ,
  'subscribers.entitlements': READ,
  'subscribers.packageOptions': READ,
  'subscribers.create': WRITE,
  'subscribers.update': WRITE,
  'subscribers.import': WRITE,
  'subscribers.subscriptions.add': WRITE,
  'subscribers.subscriptions.end': WRITE,
  'subscribers.devices.list': FLEET,
  'subscribers.devices.get': FLEET,
  'subscribers.devices.assign': WRITE,
  'subscribers.devices.issueActivationCode': WRITE,
  'subscribers.devices.revokeToken': WRITE,
  'subscribers.devices.issuePlayerUrls': WRITE,
};
