import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from './harness';

type TPage = { items: Record<string, unknown>[]; total: number };

/** `%`, `_` and `\` in a list search are the characters themselves, never LIKE wildcards. */
describe('list searches take wildcards literally', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  const search = async (path: string, input: Record<string, unknown>, key: string) => {
    const response = await api.trpc(path, input, { role: 'ADMIN' });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const page = response.body.result?.data.json as TPage;
    return page.items.map((item) => String(item[key])).sort();
  };

  beforeAll(async () => {
    api = await startTestApi();
    const { prisma } = api;
    for (const [lcn, name, slug] of [
      [1, '100% Sport', '100-sport'],
      [2, 'Abc TV', 'abc-tv'],
      [3, 'Back\\slash', 'back-slash'],
    ] as const) {
      await prisma.channel.create({ data: { lcn, name, slug, genre: 'GENERAL', language: 'nl' } });
    }
    await prisma.subscriber.createMany({
      data: [
        { accountNumber: 'ACC-100', name: 'Piet_Jansen', region: 'Utrecht' },
        { accountNumber: 'ACC-200', name: 'Piet Jansen', region: 'Utrecht' },
      ],
    });
    const boxModel = await prisma.boxModel.create({
      data: {
        code: 'bm-1',
        vendor: 'Test',
        name: 'Box',
        videoCodecs: ['H264'],
        maxH264Profile: 'high',
        maxH264Level: '4.1',
        maxWidth: 1920,
        maxHeight: 1080,
        maxFps: 50,
      },
    });
    await prisma.device.createMany({
      data: [
        { serial: 'SN_1', mac: 'a4:2b:8c:00:00:01', boxModelId: boxModel.id },
        { serial: 'SNX1', mac: 'a4:2b:8c:00:00:02', boxModelId: boxModel.id },
      ],
    });
    await prisma.jobRecord.createMany({
      data: [
        { queue: 'transcode', kind: 'vod-transcode', input: { outputKey: 'film_2026' } },
        { queue: 'transcode', kind: 'vod-transcode', input: { outputKey: 'filmx2026' } },
      ],
    });
    await prisma.auditEntry.createMany({
      data: [
        { actorEmail: 'a_b@test.keten', action: 'test', entityType: 'Test', entityId: '1' },
        { actorEmail: 'axb@test.keten', action: 'test', entityType: 'Test', entityId: '2' },
      ],
    });
  });
  afterAll(async () => api?.stop());

  it('channels.list and channels.feeds', async () => {
    for (const path of ['channels.list', 'channels.feeds']) {
      expect(await search(path, { q: '%%' }, 'name')).toEqual([]);
      expect(await search(path, { q: '%' }, 'name')).toEqual(['100% Sport']);
      expect(await search(path, { q: '_' }, 'name')).toEqual([]);
      expect(await search(path, { q: '\\' }, 'name')).toEqual(['Back\\slash']);
      expect(await search(path, { q: 'abc' }, 'name')).toEqual(['Abc TV']);
    }
  });

  it('subscribers.list and subscribers.search', async () => {
    expect(await search('subscribers.list', { q: '%%' }, 'name')).toEqual([]);
    expect(await search('subscribers.list', { q: 't_J' }, 'name')).toEqual(['Piet_Jansen']);
    const support = await api.trpc('subscribers.search', { q: 't_J' }, { role: 'ADMIN' });
    const hits = JSON.stringify(support.body.result?.data.json);
    expect(hits).toContain('Piet_Jansen');
    expect(hits).not.toContain('Piet Jansen');
  });

  it('subscribers.devices.list', async () => {
    expect(await search('subscribers.devices.list', { q: 'N_1' }, 'serial')).toEqual(['SN_1']);
    expect(await search('subscribers.devices.list', { q: '%' }, 'serial')).toEqual([]);
  });

  it('jobs.list', async () => {
    const keys = async (q: string) => {
      const response = await api.trpc('jobs.list', { q }, { role: 'ADMIN' });
      const page = response.body.result?.data.json as TPage;
      return page.total;
    };
    expect(await keys('m_2')).toBe(1);
    expect(await keys('%%')).toBe(0);
  });

  it('audit.list', async () => {
    expect(await search('audit.list', { actor: 'a_b' }, 'actorEmail')).toEqual(['a_b@test.keten']);
    expect(await search('audit.list', { actor: '%' }, 'actorEmail')).toEqual([]);
  });
});
