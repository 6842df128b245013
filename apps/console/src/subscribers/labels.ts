import type { TBadgeTone } from '@keten/ui';

export const STATUS_TONE: Record<string, TBadgeTone> = {
  ACTIVE: 'success',
  SUSPENDED: 'warning',
  CANCELLED: 'neutral',
  PENDING_ACTIVATION: 'info',
  IN_STOCK: 'neutral',
  RETIRED: 'neutral',
  REVOKED: 'danger',
  NONE: 'neutral',
};

/** "PENDING_ACTIVATION" → "Pending activation". */
export function humanize(value: string): string {
  const text = value.toLowerCase().replaceAll('_', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const MATCH_LABELS: Record<string, string> = {
  accountNumber: 'account number',
  name: 'name',
  email: 'email',
  serial: 'box serial',
  mac: 'box MAC',
};
