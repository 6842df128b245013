import type { TBadgeTone } from '@keten/ui';
import type { TWithheldReason } from './types';

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

/** Why a box does not get a channel (the lineup rule's reasons), in the order the card lists them. */
export const WITHHELD_REASONS: Record<TWithheldReason, { label: string; tone: TBadgeTone }> = {
  ACCOUNT: { label: 'Account', tone: 'danger' },
  SUBSCRIPTION: { label: 'Subscription', tone: 'neutral' },
  CHANNEL_STATUS: { label: 'Channel status', tone: 'warning' },
  POP_UP_WINDOW: { label: 'Pop-up window', tone: 'info' },
  DECODER: { label: 'Decoder', tone: 'warning' },
};
