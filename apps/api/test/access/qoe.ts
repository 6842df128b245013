import type { TRole } from '@keten/contracts';

const NOC: readonly TRole[] = ['ADMIN', 'NOC'];

/** Who may call each qoe.* procedure, by design (read by the role matrix test). */
export const QOE_ACCESS: Record<string, readonly TRole[]> = {
  // The Live QoE page and box/firmware insight: the NOC (and administrators).
  'qoe.kpis': NOC,
  'qoe.series': NOC,
  'qoe.breakdown': NOC,
  'qoe.errorCodes': NOC,
  'qoe.ranking': NOC,
  'qoe.annotations': NOC,
  // Channel names for the ids QoE rows carry (the sessions timeline names them too).
  'qoe.channelNames': ['ADMIN', 'NOC', 'SUPPORT'],
  // Which box model a firmware version belongs to, for the rows and chips that show one.
  'qoe.firmwareModels': ['ADMIN', 'NOC', 'SUPPORT'],
  // A box's or subscriber's last sessions: support explains them to the caller, the NOC drills down to them.
  'qoe.sessions': ['ADMIN', 'NOC', 'SUPPORT'],
};
