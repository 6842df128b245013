import { describe, expect, it } from 'vitest';
import { jobProgress, type TProgressJob } from './job-progress';

const NOW = Date.parse('2026-12-02T14:00:00Z');
const live: TProgressJob = {
  queue: 'live',
  state: 'ACTIVE',
  progress: 0,
  createdAt: '2026-12-02T11:00:00Z',
  startedAt: '2026-12-02T11:47:00Z',
  finishedAt: null,
};

describe('jobProgress', () => {
  it('shows a running live job as on air with its uptime, not 0 %', () => {
    expect(jobProgress(live, NOW)).toEqual({ kind: 'live', text: 'On air · up 2 h 13 min' });
  });

  it('says how long an ended live job ran, and that a queued one waits', () => {
    expect(jobProgress({ ...live, state: 'CANCELLED', finishedAt: '2026-12-02T12:00:30Z' }, NOW)).toEqual({
      kind: 'live',
      text: 'Stopped after 13 min 30 s',
    });
    expect(jobProgress({ ...live, state: 'FAILED', startedAt: null }, NOW).kind).toBe('live');
    expect(jobProgress({ ...live, state: 'QUEUED', startedAt: null }, NOW)).toEqual({
      kind: 'live',
      text: 'Waiting for a worker',
    });
  });

  it('keeps the percentage for transcodes', () => {
    expect(jobProgress({ ...live, queue: 'transcode', progress: 42 }, NOW)).toEqual({
      kind: 'percent',
      percent: 42,
    });
  });
});
