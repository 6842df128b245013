/** The kinds of things the audit log records changes to, as written in its entity_type, with their names in words. */
export const AUDIT_ENTITY_TYPES = {
  AlertEvent: 'Alert',
  AlertRule: 'Alert rule',
  AlertWebhook: 'Alert webhook',
  AvailabilityWindow: 'On-air window',
  BoxModel: 'Box model',
  CdnEdge: 'CDN edge',
  Channel: 'Channel',
  ChannelSource: 'Channel feed',
  Cohort: 'Cohort',
  ConfigVersion: 'Central configuration',
  Device: 'Box (device)',
  EncodingProfile: 'Encoding profile',
  FeatureFlag: 'Feature flag',
  FirmwareVersion: 'Firmware',
  JobRecord: 'Job',
  Operator: 'Operator',
  Package: 'Package',
  Programme: 'Programme',
  Schedule: 'Schedule import',
  Subscriber: 'Subscriber',
  Subscription: 'Subscription',
} as const satisfies Record<string, string>;

export type TAuditEntityType = keyof typeof AUDIT_ENTITY_TYPES;

/** A known entity type however it was typed ("channel", "CHANNEL" → "Channel"); anything else as it came. */
export function canonicalEntityType(typed: string): string {
  const lower = typed.trim().toLowerCase();
  return Object.keys(AUDIT_ENTITY_TYPES).find((type) => type.toLowerCase() === lower) ?? typed.trim();
}
