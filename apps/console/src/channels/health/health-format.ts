import { QC_KINDS, type TIngestEventKind, type TSourceProbe } from '@keten/contracts';
import type { TBadgeTone } from '@keten/ui';
import type { TRouterOutputs } from '../../trpc/types';

export type TChannelHealth = TRouterOutputs['channels']['health'];
export type THealthSource = TChannelHealth['sources'][number];
export type TIngestEventRow = NonNullable<TChannelHealth['timeline']>['events'][number];

/** Refresh while the page is visible (TanStack Query pauses interval refetches in a background tab). */
export const HEALTH_POLL_MS = 5_000;

/** Timeline rows, top to bottom, with the operator's word and a colour per kind. */
export const KIND_ROWS: readonly {
  kind: TIngestEventKind;
  label: string;
  color: string;
  tone: TBadgeTone;
}[] = [
  { kind: 'black', label: 'Black', color: '#0f172a', tone: 'danger' },
  { kind: 'freeze', label: 'Freeze', color: '#0369a1', tone: 'danger' },
  { kind: 'silence', label: 'Silence', color: '#7c3aed', tone: 'warning' },
  { kind: 'loudness', label: 'Too loud', color: '#d97706', tone: 'warning' },
  { kind: 'failover', label: 'Failover', color: '#e11d48', tone: 'danger' },
  { kind: 'return', label: 'Return', color: '#059669', tone: 'success' },
  { kind: 'source_down', label: 'Source down', color: '#be123c', tone: 'danger' },
  { kind: 'source_up', label: 'Source up', color: '#16a34a', tone: 'success' },
  { kind: 'on_air', label: 'On air', color: '#0284c7', tone: 'info' },
  { kind: 'probe', label: 'Probe', color: '#64748b', tone: 'neutral' },
];
export const KIND_BY_NAME = new Map(KIND_ROWS.map((row, index) => [row.kind, { ...row, index }]));

/** "just now", "4 min ago", "3 h ago", "2 days ago". */
export function formatAgo(value: Date | string | null, now = Date.now()): string {
  if (!value) return 'never';
  const seconds = Math.round((now - new Date(value).getTime()) / 1000);
  if (seconds < 45) return 'just now';
  if (seconds < 3_600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3_600)} h ago`;
  return `${Math.round(seconds / 86_400)} days ago`;
}

/** A finding's length: "2.4 s", "3 min 5 s", "1 h 2 min"; ongoing ones count to now. */
export function formatDuration(startedAt: string, endedAt: string | null, now = Date.now()): string {
  const ms = (endedAt ? new Date(endedAt).getTime() : now) - new Date(startedAt).getTime();
  const seconds = Math.max(0, ms / 1000);
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

// The operator's clock (schedules are in Amsterdam time too), whatever zone the browser runs in.
const TIME = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZone: 'Europe/Amsterdam',
});

/** Clock time with seconds, e.g. "14:03:27", for events within the last days. */
export function formatClock(value: string | number | Date): string {
  return TIME.format(new Date(value));
}

/** "h264 High 1920×1080 25 fps · aac 2 ch 48 kHz", or the probe's error. */
export function probeSummary(probe: TSourceProbe | null): string {
  if (!probe) return 'Not probed yet';
  if (!probe.ok) return `Probe failed: ${probe.error ?? 'no reason given'}`;
  const video = probe.video
    ? [
        probe.video.codec,
        probe.video.profile,
        `${probe.video.width}×${probe.video.height}`,
        probe.video.fps ? `${Number(probe.video.fps.toFixed(2))} fps` : null,
      ]
        .filter(Boolean)
        .join(' ')
    : 'no video';
  const audio = probe.audio
    ? `${probe.audio.codec} ${probe.audio.channels} ch ${probe.audio.sampleRate / 1000} kHz`
    : 'no audio';
  return `${video} · ${audio}`;
}

/** QC findings last (start → end); the other kinds are instants. */
export function isQcKind(kind: string): boolean {
  return (QC_KINDS as readonly string[]).includes(kind);
}

const TICK_STEPS_MS = [5, 15, 30, 60, 120, 360, 720, 1_440].map((minutes) => minutes * 60_000);

/** Round clock times across [from, to] for a time axis, about six of them. */
export function timeTicks(from: number, to: number): number[] {
  const step = TICK_STEPS_MS.find((ms) => (to - from) / ms <= 8) ?? (TICK_STEPS_MS.at(-1) as number);
  const ticks: number[] = [];
  for (let tick = Math.ceil(from / step) * step; tick <= to; tick += step) ticks.push(tick);
  return ticks;
}

/** "15 minutes", "hour", "6 hours": the timeline window in words, for "the last …". */
export function windowLabel(from: string | Date, to: string | Date): string {
  const minutes = Math.round((new Date(to).getTime() - new Date(from).getTime()) / 60_000);
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours === 1 ? 'hour' : `${hours} hours`;
}
