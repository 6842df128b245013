import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seed } from '@keten/db/seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';

type TLineup = {
  channels: { lcn: number; name: string; from: { code: string }[] }[];
  hasBase: boolean;
};

describe('packages over tRPC (real PostgreSQL, seeded lineup)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let seedMedia: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    api = await startTestApi();
    seedMedia = await mkdtemp(join(tmpdir(), 'keten-seed-media-'));
    await seed(api.prisma, { mediaRoot: seedMedia, subscribers: 50, epgDaysEachSide: 0 });
    for (const p of await api.prisma.package.findMany()) ids[p.code] = p.id;
  });
  afterAll(async () => {
    await api?.stop();
    if (seedMedia) await rm(seedMedia, { recursive: true, force: true });
  });

  const mutate = (path: string, input: unknown) =>
    api.trpc(path, input, { role: 'CONTENT', kind: 'mutation' });

  it('creates an add-on package (code upper-cased) and refuses a duplicate code on the code field', async () => {
    const created = await mutate('packages.create', { code: 'kids-plus', name: 'Kids Plus', kind: 'ADDON' });
    expect(created.status).toBe(200);
    const pkg = created.body.result?.data.json as { id: string; code: string };
    expect(pkg.code).toBe('KIDS-PLUS');
    ids['KIDS-PLUS'] = pkg.id;
    const dup = await mutate('packages.create', { code: 'KIDS-PLUS', name: 'Again', kind: 'ADDON' });
    expect(dup.status).toBe(409);
    expect(dup.body.error?.json.data.keten).toEqual({ code: 'CONFLICT', field: 'code' });
    const entries = await api.prisma.auditEntry.findMany({ where: { entityId: pkg.id } });
    expect(entries.map((e) => e.action)).toEqual(['package.create']);
  });

  it('edits a package with before/after in one audit entry', async () => {
    const response = await mutate('packages.update', {
      id: ids['KIDS-PLUS'],
      code: 'KIDS-PLUS',
      name: 'Kids Extra',
      kind: 'ADDON',
      description: 'Cartoons all day.',
    });
    expect(response.status).toBe(200);
    const entry = await api.prisma.auditEntry.findFirstOrThrow({
      where: { entityId: ids['KIDS-PLUS'], action: 'package.update' },
    });
    expect(entry.before).toMatchObject({ name: 'Kids Plus' });
    expect(entry.after).toMatchObject({ name: 'Kids Extra', description: 'Cartoons all day.' });
  });

  it('adds and removes many channels in one mutation with one audit entry of the membership', async () => {
    const kids = await api.prisma.channel.findMany({ where: { genre: 'KIDS' }, orderBy: { lcn: 'asc' } });
    expect(kids.length).toBeGreaterThan(2);
    const audits = await api.prisma.auditEntry.count();
    const first = await mutate('packages.setMembership', {
      packageId: ids['KIDS-PLUS'],
      add: kids.map((c) => c.id),
    });
    expect(first.body.result?.data.json).toEqual({ added: kids.length, removed: 0, total: kids.length });
    const [dropped, ...kept] = kids;
    const second = await mutate('packages.setMembership', {
      packageId: ids['KIDS-PLUS'],
      remove: [dropped?.id],
      add: [kept[0]?.id],
    });
    expect(second.body.result?.data.json).toEqual({ added: 0, removed: 1, total: kids.length - 1 });
    expect(await api.prisma.auditEntry.count()).toBe(audits + 2);
    const entry = await api.prisma.auditEntry.findFirstOrThrow({
      where: { entityId: ids['KIDS-PLUS'], action: 'package.membership' },
      orderBy: { at: 'desc' },
    });
    type TSide = { channels: { name: string }[] };
    expect((entry.before as TSide).channels.map((c) => c.name)).toEqual(kids.map((c) => c.name));
    expect((entry.after as TSide).channels.map((c) => c.name)).toEqual(kept.map((c) => c.name));
  });

  it('a bulk edit naming a missing channel changes nothing', async () => {
    const before = await api.prisma.packageChannel.count({ where: { packageId: ids.SPORT } });
    const channel = await api.prisma.channel.findFirstOrThrow({ where: { lcn: 1 } });
    const response = await mutate('packages.setMembership', {
      packageId: ids.SPORT,
      add: [channel.id, 'no-such-channel'],
    });
    expect(response.status).toBe(400);
    expect(response.body.error?.json.data.keten?.field).toBe('add');
    expect(await api.prisma.packageChannel.count({ where: { packageId: ids.SPORT } })).toBe(before);
  });

  it('previews base + add-on as one lineup in LCN order, each channel with the packages it comes from', async () => {
    const response = await api.trpc(
      'packages.lineup',
      { packageIds: [ids.SPORT, ids.BASIS] },
      { role: 'SUPPORT' },
    );
    expect(response.status).toBe(200);
    const lineup = response.body.result?.data.json as TLineup;
    expect(lineup.hasBase).toBe(true);
    const lcns = lineup.channels.map((c) => c.lcn);
    expect(lcns).toEqual([...lcns].sort((a, b) => a - b));
    expect(new Set(lcns).size).toBe(lcns.length);
    const basis = await api.prisma.packageChannel.count({ where: { packageId: ids.BASIS } });
    const sportOnly = lineup.channels.filter((c) => c.from.every((p) => p.code === 'SPORT'));
    expect(sportOnly.length).toBeGreaterThan(0);
    expect(lineup.channels.length).toBe(basis + sportOnly.length);
    expect(lineup.channels.find((c) => c.lcn === 1)?.from.map((p) => p.code)).toEqual(['BASIS']);
    const addOnOnly = await api.trpc('packages.lineup', { packageIds: [ids.SPORT] }, { role: 'NOC' });
    expect(addOnOnly.body.result?.data.json).toMatchObject({ hasBase: false });
  });

  it('only content managers edit packages', async () => {
    const response = await api.trpc(
      'packages.create',
      { code: 'NOPE', name: 'Nope', kind: 'BASE' },
      { role: 'SUPPORT', kind: 'mutation' },
    );
    expect(response.status).toBe(403);
  });
});
