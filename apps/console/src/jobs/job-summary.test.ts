import { describe, expect, it } from 'vitest';
import { jobSummary } from './job-summary';

const base = {
  inputFile: null,
  outputKey: null,
  profileVersionId: null,
  channel: null,
  sourceId: null,
  sourcePriority: null,
};
const channel = { id: 'c1', name: 'NPO 1', lcn: 1 };

describe('jobSummary', () => {
  it('names a live job by its channel', () => {
    expect(jobSummary({ queue: 'live', kind: 'live-ingest', input: { ...base, channel } })).toEqual({
      title: 'Live ingest of NPO 1 (LCN 1)',
      detail: null,
    });
  });

  it('names a probe by channel and source priority, or falls back to the source id', () => {
    const probe = { queue: 'probe', kind: 'source-probe' };
    expect(
      jobSummary({ ...probe, input: { ...base, channel, sourceId: 's2', sourcePriority: 2 } }).title,
    ).toBe('Probe of NPO 1 (LCN 1) source 2');
    expect(jobSummary({ ...probe, input: { ...base, sourceId: 's9' } })).toEqual({
      title: 'Probe of a removed source',
      detail: 's9',
    });
  });

  it('keeps a transcode’s output key and source file', () => {
    const input = { ...base, outputKey: 'film-1', inputFile: 'film.mp4' };
    expect(jobSummary({ queue: 'transcode', kind: 'vod-transcode', input })).toEqual({
      title: 'film-1',
      detail: 'film.mp4',
    });
  });
});
