import { LIVE_QUEUE, type TJobState } from '@keten/contracts';
import { formatDuration } from '../channels/health/health-format';

type TDate = Date | string | null;

export interface TProgressJob {
  queue: string;
  state: TJobState;
  progress: number;
  createdAt: TDate;
  startedAt: TDate;
  finishedAt: TDate;
}

const iso = (value: TDate) => (value === null ? null : new Date(value).toISOString());

/**
 * What the progress column says. A live ingest never "completes", so a percentage means nothing: it shows
 * its state and how long it has been up (or ran) instead; every other job shows its percentage.
 */
export function jobProgress(
  job: TProgressJob,
  now = Date.now(),
): { kind: 'percent'; percent: number } | { kind: 'live'; text: string } {
  if (job.queue !== LIVE_QUEUE) return { kind: 'percent', percent: job.progress };
  const started = iso(job.startedAt);
  const ran = started ? formatDuration(started, iso(job.finishedAt), now) : null;
  switch (job.state) {
    case 'QUEUED':
      return { kind: 'live', text: 'Waiting for a worker' };
    case 'ACTIVE':
      return { kind: 'live', text: ran ? `On air · up ${ran}` : 'Starting' };
    case 'FAILED':
      return { kind: 'live', text: ran ? `Failed after ${ran}` : 'Failed to start' };
    default:
      return { kind: 'live', text: ran ? `Stopped after ${ran}` : 'Stopped before it started' };
  }
}
