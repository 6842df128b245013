import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seed } from '@keten/db/seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';

type TView = {
  id: string;
  state: string;
  encodingProfileVersion: { id: string; version: number; profile: { code: string } } | null;
};
type TKeten = { code: string; field: string; details?: { boxModels: { code: string }[] } };
const dataOf = <T>(response: { body: { result?: { data: { json: unknown } } } }) =>
  response.body.result?.data.json as T;
const ketenOf = (response: { body: { error?: { json: { data: { keten?: unknown } } } } }) =>
  response.body.error?.json.data.keten as TKeten | undefined;

const sources = [{ protocol: 'UDP', url: 'udp://@239.20.0.1:5000', enabled: true }];
const fields = (lcn: number, name: string) => ({ lcn, name, genre: 'NEWS', language: 'nl', sources });

describe('a channel chooses its ladder and comes back from disabled (real PostgreSQL, seeded)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let seedMedia: string;
  const versions: Record<string, string> = {};
  const mutate = (path: string, input: unknown, role: 'CONTENT' | 'SUPPORT' = 'CONTENT') =>
    api.trpc(path, input, { role, kind: 'mutation' });
  const audits = (entityId: string, action: string) =>
    api.prisma.auditEntry.findMany({ where: { entityId, action }, orderBy: { at: 'asc' } });
  const npo1 = () =>
    api.prisma.channel.findUniqueOrThrow({
      where: { lcn: 1 },
      select: { id: true, state: true, encodingProfileVersionId: true, name: true },
    });
  const editOf = async (id: string) => {
    const view = dataOf<TView & Record<string, unknown>>(
      await api.trpc('channels.get', { id }, { role: 'CONTENT' }),
    );
    const { lcn, name, slug, genre, language } = view;
    const kept = (view.sources as { id: string; protocol: string; url: string; enabled: boolean }[]).map(
      ({ id: sourceId, protocol, url, enabled }) => ({ id: sourceId, protocol, url, enabled }),
    );
    return { id, lcn, name, slug, genre, language, sources: kept };
  };

  beforeAll(async () => {
    api = await startTestApi();
    seedMedia = await mkdtemp(join(tmpdir(), 'keten-seed-media-'));
    await seed(api.prisma, { mediaRoot: seedMedia, subscribers: 200, epgDaysEachSide: 0 });
    for (const version of await api.prisma.encodingProfileVersion.findMany({
      select: { id: true, version: true, profile: { select: { code: true } } },
    })) {
      versions[`${version.profile.code} v${version.version}`] = version.id;
    }
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    if (seedMedia) await rm(seedMedia, { recursive: true, force: true });
  });

  it('creates a channel on a chosen profile version; the audit names profile and version', async () => {
    const response = await mutate('channels.create', {
      ...fields(801, 'Ladder Nieuws'),
      encodingProfileVersionId: versions['hd-h264 v1'],
    });
    expect(response.status).toBe(200);
    const created = dataOf<TView>(response);
    expect(created.encodingProfileVersion).toMatchObject({ version: 1, profile: { code: 'hd-h264' } });
    const [entry] = await audits(created.id, 'channel.create');
    expect(entry?.after).toMatchObject({ encodingProfileVersion: { profile: 'hd-h264', version: 1 } });
  });

  it('refuses a version that does not exist, next to the version field, and writes nothing', async () => {
    const [channels, entries] = [await api.prisma.channel.count(), await api.prisma.auditEntry.count()];
    const response = await mutate('channels.create', {
      ...fields(802, 'Ghost Ladder'),
      encodingProfileVersionId: 'no-such-version',
    });
    expect(response.status).toBe(404);
    expect(ketenOf(response)).toMatchObject({ code: 'NOT_FOUND', field: 'encodingProfileVersionId' });
    expect([await api.prisma.channel.count(), await api.prisma.auditEntry.count()]).toEqual([
      channels,
      entries,
    ]);
  });

  it('an edit onto a ladder entitled boxes cannot play is refused until confirmed, then audited as confirmed', async () => {
    const before = await npo1();
    const edit = { ...(await editOf(before.id)), encodingProfileVersionId: versions['uhd-hevc v1'] };
    const refused = await mutate('channels.update', edit);
    expect(refused.status).toBe(409);
    const keten = ketenOf(refused);
    expect(keten).toMatchObject({ code: 'COMPATIBILITY_REFUSED', field: 'encodingProfileVersionId' });
    expect(keten?.details?.boxModels.map((m) => m.code)).toEqual(
      expect.arrayContaining(['arris-vip1113', 'amino-a140']),
    );
    expect(await npo1()).toEqual(before);

    const confirmed = await mutate('channels.update', { ...edit, confirmIncompatible: true });
    expect(confirmed.status).toBe(200);
    expect(dataOf<TView>(confirmed).encodingProfileVersion?.profile.code).toBe('uhd-hevc');
    const [entry] = await audits(before.id, 'channel.update');
    expect(entry?.before).toMatchObject({ encodingProfileVersion: { profile: 'hd-h264' } });
    expect(entry?.after).toMatchObject({
      encodingProfileVersion: { profile: 'uhd-hevc', version: 1 },
      confirmedIncompatible: true,
    });

    // Back onto a ladder every box plays: no question asked. Leaving the version out keeps it, state too.
    const back = await mutate('channels.update', {
      ...edit,
      encodingProfileVersionId: versions['hd-h264 v2'],
    });
    expect(back.status).toBe(200);
    const { encodingProfileVersionId: _left, ...withoutLadder } = edit;
    expect((await mutate('channels.update', { ...withoutLadder, name: 'NPO 1' })).status).toBe(200);
    expect(await npo1()).toMatchObject({ state: 'LIVE', encodingProfileVersionId: versions['hd-h264 v2'] });
  });

  it('says who a state change reaches: the packages carrying the channel and their households and boxes', async () => {
    const { id } = await npo1();
    const reach = dataOf<{ packages: { name: string }[]; subscribers: number; devices: number }>(
      await api.trpc('channels.reach', { id }, { role: 'CONTENT' }),
    );
    expect(reach.packages.map((p) => p.name)).toContain('Basis');
    expect(reach.subscribers).toBeGreaterThan(0);
    expect(reach.devices).toBeGreaterThanOrEqual(reach.subscribers);
    expect((await api.trpc('channels.reach', { id }, { role: 'SUPPORT' })).status).toBe(403);
  });

  it('disable, then re-enable straight to live: each one audit entry; asking for the same state writes none', async () => {
    const { id } = await npo1();
    expect(dataOf<TView>(await mutate('channels.setState', { id, state: 'DISABLED' })).state).toBe(
      'DISABLED',
    );
    expect(dataOf<TView>(await mutate('channels.setState', { id, state: 'DISABLED' })).state).toBe(
      'DISABLED',
    );
    expect(dataOf<TView>(await mutate('channels.setState', { id, state: 'LIVE' })).state).toBe('LIVE');
    const entries = await audits(id, 'channel.state');
    expect(entries.map((e) => [(e.before as TView).state, (e.after as TView).state])).toEqual([
      ['LIVE', 'DISABLED'],
      ['DISABLED', 'LIVE'],
    ]);
    expect((await mutate('channels.setState', { id, state: 'DISABLED' }, 'SUPPORT')).status).toBe(403);
    expect((await npo1()).state).toBe('LIVE');
  });

  it('coming back from disabled re-checks the ladder it was moved to while off the air', async () => {
    const { id } = await npo1();
    await mutate('channels.setState', { id, state: 'DISABLED' });
    // While disabled it reaches no box, so this move asks nothing.
    const moved = await mutate('channels.update', {
      ...(await editOf(id)),
      encodingProfileVersionId: versions['uhd-hevc v1'],
    });
    expect(moved.status).toBe(200);
    const refused = await mutate('channels.setState', { id, state: 'LIVE' });
    expect(refused.status).toBe(409);
    expect(ketenOf(refused)).toMatchObject({ code: 'COMPATIBILITY_REFUSED', field: 'state' });
    expect((await npo1()).state).toBe('DISABLED');
    const confirmed = await mutate('channels.setState', { id, state: 'LIVE', confirmIncompatible: true });
    expect(dataOf<TView>(confirmed).state).toBe('LIVE');
    expect((await audits(id, 'channel.state')).at(-1)?.after).toMatchObject({
      state: 'LIVE',
      confirmedIncompatible: true,
    });
  });
});
