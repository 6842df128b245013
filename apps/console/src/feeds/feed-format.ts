import type { TJobState } from '@keten/contracts';
import type { TBadgeTone } from '@keten/ui';
import type { TRouterOutputs } from '../trpc/types';

export type TFeedsPage = TRouterOutputs['channels']['feeds'];
export type TFeedRow = TFeedsPage['items'][number];

/** The feeds table refreshes this often while the tab is visible (TanStack Query pauses it in the background). */
export const FEEDS_POLL_MS = 10_000;

/** The live ingest job in the words the channel health page uses. */
export const LIVE_STATES: Record<TJobState, { label: string; tone: TBadgeTone }> = {
  QUEUED: { label: 'Queued', tone: 'info' },
  ACTIVE: { label: 'Running', tone: 'success' },
  COMPLETED: { label: 'Stopped', tone: 'neutral' },
  CANCELLED: { label: 'Stopped', tone: 'neutral' },
  FAILED: { label: 'Failed', tone: 'danger' },
};

/** "1 down, 1 degraded", or null when every enabled source is fine. */
export function sourceProblems(sources: TFeedRow['sources']): string | null {
  const parts = [
    sources.down > 0 ? `${sources.down} down` : null,
    sources.degraded > 0 ? `${sources.degraded} degraded` : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : null;
}
