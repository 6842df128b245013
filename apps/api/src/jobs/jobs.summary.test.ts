import { LIVE_KIND, LIVE_QUEUE, PROBE_KIND, PROBE_QUEUE } from '@keten/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';

type TSummary = {
  outputKey: string | null;
  channel: { id: string; name: string; lcn: number } | null;
  sourceId: string | null;
  sourcePriority: number | null;
};
type TJob = { id: string; queue: string; input: TSummary };
const dataOf = <T>(response: { body: { result?: { data: { json: unknown } } } }) =>
  response.body.result?.data.json as T;

describe('the jobs list names the channel of live and probe jobs (real PostgreSQL)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  beforeAll(async () => {
    api = await startTestApi();
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
  });

  it('gives a live row its channel and a probe row its channel and source priority', async () => {
    const channel = await api.prisma.channel.create({
      data: {
        lcn: 21,
        name: 'Nieuws 21',
        slug: 'nieuws-21',
        genre: 'NEWS',
        language: 'nl',
        sources: {
          create: [
            { priority: 1, protocol: 'UDP', url: 'udp://@239.0.2.1:5000' },
            { priority: 2, protocol: 'SRT', url: 'srt://backup.example.nl:9021' },
          ],
        },
      },
      include: { sources: { orderBy: { priority: 'asc' } } },
    });
    const backup = channel.sources[1]?.id ?? '';
    const live = await api.prisma.jobRecord.create({
      data: { queue: LIVE_QUEUE, kind: LIVE_KIND, channelId: channel.id, input: { channelId: channel.id } },
    });
    const probe = await api.prisma.jobRecord.create({
      data: {
        queue: PROBE_QUEUE,
        kind: PROBE_KIND,
        channelId: channel.id,
        input: { sourceId: backup, url: 'srt://backup.example.nl:9021' },
      },
    });
    // A probe of a source that was removed since: the id is all there is.
    const gone = await api.prisma.jobRecord.create({
      data: { queue: PROBE_QUEUE, kind: PROBE_KIND, input: { sourceId: 'removed-source' } },
    });

    const page = dataOf<{ items: TJob[] }>(await api.trpc('jobs.list', {}, { role: 'NOC' }));
    const byId = new Map(page.items.map((job) => [job.id, job.input]));
    const named = { id: channel.id, name: 'Nieuws 21', lcn: 21 };
    expect(byId.get(live.id)).toMatchObject({ channel: named, sourceId: null, sourcePriority: null });
    expect(byId.get(probe.id)).toMatchObject({ channel: named, sourceId: backup, sourcePriority: 2 });
    expect(byId.get(gone.id)).toMatchObject({
      channel: null,
      sourceId: 'removed-source',
      sourcePriority: null,
    });

    const detail = dataOf<TJob>(await api.trpc('jobs.get', { id: probe.id }, { role: 'NOC' }));
    expect(detail.input).toMatchObject({ channel: named, sourcePriority: 2 });
  });
});
