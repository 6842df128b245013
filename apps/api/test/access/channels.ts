import { ROLES, type TRole } from '@keten/contracts';

const CONTENT: readonly TRole[] = ['ADMIN', 'CONTENT'];
const LIVE: readonly TRole[] = ['ADMIN', 'CONTENT', 'NOC'];

/** Who may call each channels.* procedure, by design (read by the role matrix test). */
export const CHANNELS_ACCESS: Record<string, readonly TRole[]> = {
  // Every role reads the lineup (NOC watches feeds, support explains entitlements); only content changes it.
  'channels.list': ROLES,
  'channels.get': ROLES,
  'channels.create': CONTENT,
  'channels.update': CONTENT,
  'channels.setState': CONTENT,
  // Asked by content's state-change confirmations: which packages and how many households a change reaches.
  'channels.reach': CONTENT,
  'channels.setLogo': CONTENT,
  // Every role reads a channel's feed health; content and the NOC run live ingest, probes and QC thresholds.
  'channels.health': ROLES,
  // Every role reads the feeds overview (the NOC's list of channels with their on-air source and live job).
  'channels.feeds': ROLES,
  'channels.live.start': LIVE,
  'channels.live.stop': LIVE,
  'channels.sources.probe': LIVE,
  'channels.qc.update': LIVE,
};
