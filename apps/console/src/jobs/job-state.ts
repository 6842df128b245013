import type { TJobState } from '@keten/contracts';
import type { TBadgeTone } from '@keten/ui';

/** Operator words for a job's state: BullMQ's "waiting" reads better than our QUEUED. */
export const JOB_STATE_LABELS: Record<TJobState, string> = {
  QUEUED: 'Waiting',
  ACTIVE: 'Running',
  COMPLETED: 'Completed',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
};

export const JOB_STATE_TONES: Record<TJobState, TBadgeTone> = {
  QUEUED: 'info',
  ACTIVE: 'warning',
  COMPLETED: 'success',
  FAILED: 'danger',
  CANCELLED: 'neutral',
};

/** While something waits or runs, the page polls fast enough for progress bars to move. */
export const LIVE_POLL_MS = 1_500;
export const IDLE_POLL_MS = 15_000;
