import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seed } from '@keten/db/seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';

type TView = {
  id: string;
  lcn: number;
  name: string;
  sources: { id: string; url: string; priority: number }[];
};

const primary = { protocol: 'UDP', url: 'udp://@239.10.0.1:5000', enabled: true } as const;
const backup = { protocol: 'SRT', url: 'srt://backup.example.nl:9000', enabled: true } as const;
const channelInput = (lcn: number, name: string) => ({
  lcn,
  name,
  genre: 'NEWS',
  language: 'NL',
  state: 'DRAFT',
  sources: [primary, backup],
});

describe('channels over tRPC (real PostgreSQL, seeded lineup)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let seedMedia: string;
  beforeAll(async () => {
    api = await startTestApi();
    seedMedia = await mkdtemp(join(tmpdir(), 'keten-seed-media-'));
    await seed(api.prisma, { mediaRoot: seedMedia, subscribers: 50, epgDaysEachSide: 0 });
  });
  afterAll(async () => {
    await api?.stop();
    if (seedMedia) await rm(seedMedia, { recursive: true, force: true });
  });

  const create = (input: unknown, role: 'CONTENT' | 'SUPPORT' = 'CONTENT') =>
    api.trpc('channels.create', input, { role, kind: 'mutation' });

  it('creates a channel with a primary and a backup source in one audit entry', async () => {
    const response = await create(channelInput(701, 'Nieuws Extra'));
    expect(response.status).toBe(200);
    const created = response.body.result?.data.json as TView & { slug: string; language: string };
    expect(created).toMatchObject({ slug: 'nieuws-extra', language: 'nl' });
    expect(created.sources.map((s) => [s.priority, s.url])).toEqual([
      [1, primary.url],
      [2, backup.url],
    ]);
    const entries = await api.prisma.auditEntry.findMany({ where: { entityId: created.id } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'channel.create', before: null });
    expect(entries[0]?.after).toMatchObject({ sources: [{ url: primary.url }, { url: backup.url }] });
  });

  it('an LCN clash is a CONFLICT on lcn naming the channel that holds it, and writes nothing', async () => {
    const [channels, audits] = [await api.prisma.channel.count(), await api.prisma.auditEntry.count()];
    const response = await create(channelInput(1, 'Another One'));
    expect(response.status).toBe(409);
    expect(response.body.error?.json.data.keten).toEqual({ code: 'CONFLICT', field: 'lcn' });
    expect(response.body.error?.json.message).toBe('LCN 1 is already used by NPO 1.');
    expect(await api.prisma.channel.count()).toBe(channels);
    expect(await api.prisma.auditEntry.count()).toBe(audits);
  });

  const badUrls: [string, string, RegExp][] = [
    ['UDP', 'udp://239.1.1.1', /port/],
    ['UDP', 'http://239.1.1.1:5000', /udp:\/\//],
    ['RTP', 'rtp://:5004', /not a URL|host/],
    ['SRT', 'srt://ingest.example.nl', /port/],
    ['RTMP', 'rtmp://ingest.example.nl/live', /stream key/],
    ['HTTP_TS', 'ftp://feeds.example.nl/a.ts', /http/],
    ['HLS', 'https://feeds.example.nl/channel.ts', /\.m3u8/],
    ['FILE', 'file://relative/loop.ts', /absolute path/],
    ['FILE', '/srv/loop.ts', /not a URL/],
  ];
  for (const [protocol, url, message] of badUrls) {
    it(`refuses ${protocol} source ${url} on the field sources.1.url`, async () => {
      const input = {
        ...channelInput(702, 'Bad Feed'),
        sources: [primary, { protocol, url, enabled: true }],
      };
      const response = await create(input);
      expect(response.status).toBe(400);
      const fields = response.body.error?.json.data.zodError?.fieldErrors ?? {};
      // Exactly that input is named (the top-level 'sources' key is there too, for group-level messages).
      expect(Object.keys(fields).filter((key) => key.includes('.'))).toEqual(['sources.1.url']);
      expect(fields['sources.1.url']?.[0]).toMatch(message);
      expect(await api.prisma.channel.count({ where: { lcn: 702 } })).toBe(0);
    });
  }

  it('accepts each protocol in its usual form', async () => {
    const sources = [
      { protocol: 'UDP', url: 'udp://@239.1.1.1:5000' },
      { protocol: 'RTP', url: 'rtp://10.0.0.5:5004' },
      { protocol: 'SRT', url: 'srt://ingest.example.nl:9000?mode=caller' },
      { protocol: 'RTMP', url: 'rtmp://ingest.example.nl/live/stream' },
      { protocol: 'HTTP_TS', url: 'https://feeds.example.nl/channel.ts' },
      { protocol: 'HLS', url: 'http://feeds.example.nl/a/index.m3u8' },
      { protocol: 'FILE', url: 'file:///srv/media/loop.ts' },
    ];
    const response = await create({ ...channelInput(703, 'Every Protocol'), sources });
    expect(response.status).toBe(200);
  });

  it('an edit that reorders, disables and adds sources keeps ids and records before/after once', async () => {
    const created = (await create(channelInput(704, 'Reorder Me'))).body.result?.data.json as TView;
    const [first, second] = created.sources;
    const response = await api.trpc(
      'channels.update',
      {
        ...channelInput(705, 'Reordered'),
        id: created.id,
        sources: [
          { id: second?.id, ...backup },
          { id: first?.id, ...primary, enabled: false },
          { protocol: 'HLS', url: 'https://cdn.example.nl/r/index.m3u8', enabled: true },
        ],
      },
      { role: 'CONTENT', kind: 'mutation' },
    );
    expect(response.status).toBe(200);
    const updated = response.body.result?.data.json as TView;
    expect(updated.sources.map((s) => s.id).slice(0, 2)).toEqual([second?.id, first?.id]);
    const entries = await api.prisma.auditEntry.findMany({
      where: { entityId: created.id, action: 'channel.update' },
    });
    expect(entries).toHaveLength(1);
    type TSnap = { lcn: number; name: string; sources: { url: string; enabled: boolean }[] };
    const before = entries[0]?.before as TSnap;
    const after = entries[0]?.after as TSnap;
    expect(before).toMatchObject({ lcn: 704, name: 'Reorder Me' });
    expect(before.sources.map((s) => s.url)).toEqual([primary.url, backup.url]);
    expect(after).toMatchObject({ lcn: 705, name: 'Reordered' });
    expect(after.sources.map((s) => [s.url, s.enabled])).toEqual([
      [backup.url, true],
      [primary.url, false],
      ['https://cdn.example.nl/r/index.m3u8', true],
    ]);
  });

  it('an edit onto a taken LCN changes nothing, sources included', async () => {
    const created = (await create(channelInput(706, 'Keep Me'))).body.result?.data.json as TView;
    const response = await api.trpc(
      'channels.update',
      { ...channelInput(2, 'Keep Me'), id: created.id, sources: [backup] },
      { role: 'CONTENT', kind: 'mutation' },
    );
    expect(response.status).toBe(409);
    expect(response.body.error?.json.message).toMatch(/NPO 2/);
    const stored = await api.prisma.channelSource.findMany({ where: { channelId: created.id } });
    expect(stored).toHaveLength(2);
  });

  it('lists server-side: search, filter by state and genre, sort, and on-air "unknown" as null', async () => {
    const list = async (input: Record<string, unknown>) =>
      (await api.trpc('channels.list', input, { role: 'SUPPORT' })).body.result?.data.json as {
        items: (TView & { onAir: unknown; genre: string; state: string })[];
        total: number;
      };
    const byName = await list({ q: 'npo', pageSize: 10 });
    expect(byName.items.map((c) => c.name)).toEqual(expect.arrayContaining(['NPO 1', 'NPO 2', 'NPO 3']));
    const byLcn = await list({ q: '701' });
    expect(byLcn.items.map((c) => c.name)).toEqual(['Nieuws Extra']);
    expect(byLcn.items[0]?.onAir).toBeNull();
    const drafts = await list({ state: 'DRAFT', genre: 'NEWS', sort: 'lcn', dir: 'desc' });
    expect(drafts.items.every((c) => c.state === 'DRAFT' && c.genre === 'NEWS')).toBe(true);
    expect(drafts.items.map((c) => c.lcn)).toEqual([...drafts.items.map((c) => c.lcn)].sort((a, b) => b - a));
    const page2 = await list({ page: 2, pageSize: 10, sort: 'name' });
    expect(page2.items).toHaveLength(10);
    expect(page2.total).toBeGreaterThan(80);
  });

  it('only content managers change channels; support reads them', async () => {
    expect((await create(channelInput(707, 'Nope'), 'SUPPORT')).status).toBe(403);
    expect((await api.trpc('channels.list', {}, { role: 'SUPPORT' })).status).toBe(200);
  });
});
