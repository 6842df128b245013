import {
  CHANNEL_STATES,
  GENRES,
  SOURCE_PROTOCOL_LABELS,
  SOURCE_PROTOCOLS,
  type TChannelState,
} from '@keten/contracts';
import type { TBadgeTone } from '@keten/ui';

const title = (word: string) => word.charAt(0) + word.slice(1).toLowerCase();

export const GENRE_OPTIONS = GENRES.map((genre) => ({ value: genre, label: title(genre) }));
export const STATE_OPTIONS = CHANNEL_STATES.map((state) => ({ value: state, label: title(state) }));
/** A new channel starts as a draft or goes live at once; disabling is a confirmed action on an existing one. */
export const CREATE_STATE_OPTIONS = CHANNEL_STATES.filter((state) => state !== 'DISABLED').map((state) => ({
  value: state,
  label: title(state),
}));
export const PROTOCOL_OPTIONS = SOURCE_PROTOCOLS.map((p) => ({ value: p, label: SOURCE_PROTOCOL_LABELS[p] }));

export const STATE_TONES: Record<TChannelState, TBadgeTone> = {
  DRAFT: 'neutral',
  LIVE: 'success',
  DISABLED: 'danger',
};

export const HEALTH_TONES: Record<string, TBadgeTone> = {
  UNKNOWN: 'neutral',
  HEALTHY: 'success',
  DEGRADED: 'warning',
  DOWN: 'danger',
};

export const genreLabel = title;

/** "Primary", "Backup 1", … in the operator's words, by position in the ordered source list. */
export function sourceRole(position: number): string {
  return position === 0 ? 'Primary' : `Backup ${position}`;
}

/** Protocol short names as operators say them. */
export const PROTOCOL_SHORT: Record<string, string> = {
  UDP: 'UDP',
  RTP: 'RTP',
  SRT: 'SRT',
  RTMP: 'RTMP',
  HTTP_TS: 'HTTP TS',
  HLS: 'HLS',
  FILE: 'File',
};
