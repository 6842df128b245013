import { LIVE_KIND, LIVE_QUEUE, PROBE_KIND, PROBE_QUEUE } from '@keten/contracts';
import type { SourceHealth } from '@keten/db/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';

type TFeed = {
  id: string;
  lcn: number;
  name: string;
  state: string;
  lastFailoverAt: string | null;
  onAir: { priority: number; position: number; protocol: string; health: string } | null;
  sources: { total: number; down: number; degraded: number };
  live: { jobId: string; state: string } | null;
};
type TPage = { items: TFeed[]; total: number; page: number; pageSize: number };
const dataOf = <T>(response: { body: { result?: { data: { json: unknown } } } }) =>
  response.body.result?.data.json as T;

const MINUTE = 60_000;

describe('channels.feeds over tRPC (real PostgreSQL)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  const feeds = async (input: Record<string, unknown> = {}, role: 'NOC' | 'SUPPORT' = 'NOC') => {
    const response = await api.trpc('channels.feeds', input, { role });
    expect(response.status).toBe(200);
    return dataOf<TPage>(response);
  };
  const lcns = (page: TPage) => page.items.map((item) => item.lcn);

  /** A channel with a primary and a backup; `onAir` is the on-air source's priority. */
  async function channel(
    lcn: number,
    options: {
      health: [SourceHealth, SourceHealth];
      primaryEnabled?: boolean;
      onAir?: 1 | 2;
      failoverMinutesAgo?: number;
    },
  ) {
    const created = await api.prisma.channel.create({
      data: {
        lcn,
        name: `Feed ${lcn}`,
        slug: `feed-${lcn}`,
        genre: 'NEWS',
        language: 'nl',
        state: 'LIVE',
        lastFailoverAt:
          options.failoverMinutesAgo === undefined
            ? null
            : new Date(Date.now() - options.failoverMinutesAgo * MINUTE),
        sources: {
          create: [
            {
              priority: 1,
              protocol: 'UDP',
              url: `udp://@239.0.1.${lcn}:5000`,
              health: options.health[0],
              enabled: options.primaryEnabled ?? true,
            },
            {
              priority: 2,
              protocol: 'SRT',
              url: `srt://backup.example.nl:${9000 + lcn}`,
              health: options.health[1],
            },
          ],
        },
      },
      include: { sources: { orderBy: { priority: 'asc' } } },
    });
    if (options.onAir) {
      await api.prisma.channel.update({
        where: { id: created.id },
        data: { onAirSourceId: created.sources[options.onAir - 1]?.id },
      });
    }
    return created;
  }

  async function liveRecord(
    channelId: string,
    state: 'QUEUED' | 'ACTIVE' | 'FAILED' | 'COMPLETED',
    minutesAgo: number,
  ) {
    return api.prisma.jobRecord.create({
      data: {
        queue: LIVE_QUEUE,
        kind: LIVE_KIND,
        state,
        channelId,
        input: { channelId },
        createdAt: new Date(Date.now() - minutesAgo * MINUTE),
      },
    });
  }

  let activeRecordId: string;
  beforeAll(async () => {
    api = await startTestApi();
    // 11: running, primary healthy on air, backup DOWN, failed over 10 min ago.
    const running = await channel(11, { health: ['HEALTHY', 'DOWN'], onAir: 1, failoverMinutesAgo: 10 });
    await liveRecord(running.id, 'FAILED', 30);
    activeRecordId = (await liveRecord(running.id, 'ACTIVE', 5)).id;
    // 12: all healthy, its live job ended; failed over an hour ago.
    const ended = await channel(12, { health: ['HEALTHY', 'HEALTHY'], onAir: 1, failoverMinutesAgo: 60 });
    await liveRecord(ended.id, 'ACTIVE', 90);
    await liveRecord(ended.id, 'COMPLETED', 20);
    // 13: never started, nothing known, never failed over. A probe record is not a live job.
    const idle = await channel(13, { health: ['UNKNOWN', 'UNKNOWN'] });
    await api.prisma.jobRecord.create({
      data: { queue: PROBE_QUEUE, kind: PROBE_KIND, state: 'ACTIVE', channelId: idle.id, input: {} },
    });
    // 14: waiting live job, on air from a DEGRADED backup; its DOWN primary is switched off.
    const degraded = await channel(14, {
      health: ['DOWN', 'DEGRADED'],
      primaryEnabled: false,
      onAir: 2,
      failoverMinutesAgo: 1,
    });
    await liveRecord(degraded.id, 'QUEUED', 1);
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
  });

  it('lists every channel by LCN with its on-air source, source problems and newest live job', async () => {
    const page = await feeds({}, 'SUPPORT');
    expect(page).toMatchObject({ total: 4, page: 1, pageSize: 50 });
    expect(lcns(page)).toEqual([11, 12, 13, 14]);
    const [running, ended, idle, degraded] = page.items;
    expect(running).toMatchObject({
      name: 'Feed 11',
      state: 'LIVE',
      onAir: { priority: 1, position: 0, protocol: 'UDP', health: 'HEALTHY' },
      sources: { total: 2, down: 1, degraded: 0 },
      live: { jobId: activeRecordId, state: 'ACTIVE' },
    });
    expect(new Date(running?.lastFailoverAt ?? 0).getTime()).toBeGreaterThan(Date.now() - 11 * MINUTE);
    expect(ended).toMatchObject({ sources: { down: 0, degraded: 0 }, live: { state: 'COMPLETED' } });
    expect(idle).toMatchObject({ onAir: null, lastFailoverAt: null, live: null });
    // A switched-off source is not counted as a problem; the on-air backup is position 1.
    expect(degraded).toMatchObject({
      onAir: { priority: 2, position: 1, protocol: 'SRT', health: 'DEGRADED' },
      sources: { total: 2, down: 0, degraded: 1 },
      live: { state: 'QUEUED' },
    });
  });

  it('filters to channels whose live job waits or runs, to channels with a problem, and both', async () => {
    expect(lcns(await feeds({ live: 'running' }))).toEqual([11, 14]);
    expect(lcns(await feeds({ health: 'problem' }))).toEqual([11, 14]);
    const both = await feeds({ live: 'running', health: 'problem', q: 'feed 11' });
    expect(lcns(both)).toEqual([11]);
    expect(both.total).toBe(1);
    expect(lcns(await feeds({ live: 'any', health: 'any', q: '13' }))).toEqual([13]);
  });

  it('sorts by last failover, newest or oldest first, never-failed-over last', async () => {
    expect(lcns(await feeds({ sort: 'lastFailoverAt', dir: 'desc' }))).toEqual([14, 11, 12, 13]);
    expect(lcns(await feeds({ sort: 'lastFailoverAt', dir: 'asc' }))).toEqual([12, 11, 14, 13]);
    expect(lcns(await feeds({ sort: 'name', dir: 'desc' }))).toEqual([14, 13, 12, 11]);
  });

  it('pages, and still counts the total on a page past the end', async () => {
    const second = await feeds({ pageSize: 3, page: 2 });
    expect(second).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(lcns(second)).toEqual([14]);
    const beyond = await feeds({ pageSize: 3, page: 5, health: 'problem' });
    expect(beyond).toMatchObject({ total: 2, items: [] });
  });

  it('refuses an unknown filter value, naming the field', async () => {
    const response = await api.trpc('channels.feeds', { live: 'sometimes' }, { role: 'NOC' });
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.error?.json.data.zodError?.fieldErrors ?? {})).toEqual(['live']);
  });
});
