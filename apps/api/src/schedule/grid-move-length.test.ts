import type { TXmltvImportReport } from '@keten/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';

interface TProgrammeJson {
  id: string;
  channelId: string;
  title: string;
  startsAt: string;
  endsAt: string;
}

describe('schedule grid, moving a programme and the maximum length (real PostgreSQL)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let een: string;
  let twee: string;
  const call = (path: string, input: unknown) => api.trpc(path, input, { role: 'CONTENT', kind: 'mutation' });
  const create = async (fields: Record<string, unknown>) => {
    const response = await call('schedule.create', { channelId: een, ...fields });
    return { response, programme: response.body.result?.data.json as TProgrammeJson | undefined };
  };

  beforeAll(async () => {
    api = await startTestApi();
    const channel = (lcn: number, name: string, slug: string) =>
      api.prisma.channel.create({ data: { lcn, name, slug, genre: 'GENERAL', language: 'nl' } });
    een = (await channel(1, 'Grid Een', 'grid-een')).id;
    twee = (await channel(2, 'Grid Twee', 'grid-twee')).id;
    const pkg = await api.prisma.package.create({ data: { code: 'BASIS', name: 'Basis', kind: 'BASE' } });
    await api.prisma.packageChannel.create({ data: { packageId: pkg.id, channelId: een } });
  });
  afterAll(async () => api?.stop());

  it('refuses a programme longer than 24 hours unless the override is ticked, and audits the override', async () => {
    const tenYears = { start: '2026-12-02 20:00', end: '2036-12-02 20:00', title: 'Tien jaar' };
    const refused = await create(tenYears);
    expect(refused.response.status).toBe(400);
    expect(refused.response.body.error?.json.data.zodError?.fieldErrors.end?.[0]).toBe(
      'must be at most 24 hours after the start; tick “Longer than 24 h — I mean it” to save a longer programme',
    );
    expect(await api.prisma.programme.count({ where: { title: 'Tien jaar' } })).toBe(0);
    // Exactly 24 hours needs no override.
    const day = await create({ start: '2026-11-01 06:00', end: '2026-11-02 06:00', title: 'Etmaal' });
    expect(day.response.status).toBe(200);
    const entryOf = async (id: string) =>
      api.prisma.auditEntry.findFirstOrThrow({ where: { entityId: id, action: 'programme.create' } });
    expect((await entryOf(day.programme?.id ?? '')).after).not.toHaveProperty('lengthOverride');

    const accepted = await create({ ...tenYears, allowLong: true });
    expect(accepted.response.status).toBe(200);
    expect((await entryOf(accepted.programme?.id ?? '')).after).toMatchObject({
      title: 'Tien jaar',
      lengthOverride: { maxHours: 24, hours: 87_672 },
    });
    // An edit keeps needing it.
    const edit = await call('schedule.update', { id: accepted.programme?.id, channelId: een, ...tenYears });
    expect(edit.body.error?.json.data.zodError?.fieldErrors.end?.[0]).toMatch(/at most 24 hours/);
    await call('schedule.delete', { id: accepted.programme?.id });
  });

  it('the grid returns the programmes of the asked channels over a day or a week; channels carry packages', async () => {
    await create({ start: '2027-02-01 20:00', end: '2027-02-01 20:30', title: 'Maandag' });
    await call('schedule.create', {
      channelId: twee,
      start: '2027-02-07 23:30',
      end: '2027-02-08 00:30',
      title: 'Zondagnacht',
    });
    const grid = async (input: unknown) =>
      (await api.trpc('schedule.grid', input, { role: 'SUPPORT' })).body.result?.data.json as {
        from: string;
        to: string;
        programmes: TProgrammeJson[];
      };
    const day = await grid({ channelIds: [een, twee], date: '2027-02-01' });
    expect(day.programmes.map((p) => p.title)).toEqual(['Maandag']);
    const week = await grid({ channelIds: [een, twee], date: '2027-02-01', days: 7 });
    expect(week.programmes.map((p) => p.title).sort()).toEqual(['Maandag', 'Zondagnacht']);
    expect(new Date(week.to).getTime() - new Date(week.from).getTime()).toBe(7 * 86_400_000);
    const tooMany = await api.trpc(
      'schedule.grid',
      { channelIds: Array.from({ length: 51 }, () => een), date: '2027-02-01' },
      { role: 'SUPPORT' },
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error?.json.data.zodError?.fieldErrors.channelIds?.[0]).toBe(
      'may list at most 50 channels',
    );
    const channels = (await api.trpc('schedule.channels', undefined, { role: 'SUPPORT' })).body.result?.data
      .json as { slug: string; packages: { code: string }[] }[];
    expect(channels.find((c) => c.slug === 'grid-een')?.packages).toEqual([{ code: 'BASIS', name: 'Basis' }]);
  });

  it('moves a programme keeping its duration, refuses an overlap by name, is CONTENT-only and audited', async () => {
    const { programme } = await create({
      start: '2027-03-01 20:00',
      end: '2027-03-01 20:45',
      title: 'Verhuizer',
    });
    await create({ start: '2027-03-01 22:00', end: '2027-03-01 23:00', title: 'Blok' });
    const id = programme?.id ?? '';
    const move = (input: Record<string, unknown>, role: 'CONTENT' | 'SUPPORT' = 'CONTENT') =>
      api.trpc('schedule.move', { id, ...input }, { role, kind: 'mutation' });

    expect((await move({ start: '2027-03-01 21:00' }, 'SUPPORT')).status).toBe(403);
    const clash = await move({ start: '2027-03-01 21:30' });
    expect(clash.status).toBe(409);
    expect(clash.body.error?.json.message).toBe(
      'Overlaps programme "Blok" (1 Mar 2027 22:00:00 – 1 Mar 2027 23:00:00, Amsterdam time) on this channel.',
    );
    expect(clash.body.error?.json.data.keten).toEqual({ code: 'CONFLICT', field: 'end' });

    const moved = await move({ start: '2027-03-02 07:15', channelId: twee });
    expect(moved.status).toBe(200);
    const row = await api.prisma.programme.findUniqueOrThrow({ where: { id } });
    expect([row.channelId, row.startsAt.toISOString(), row.endsAt.toISOString()]).toEqual([
      twee,
      '2027-03-02T06:15:00.000Z',
      '2027-03-02T07:00:00.000Z',
    ]);
    const audit = await api.prisma.auditEntry.findFirstOrThrow({
      where: { entityId: id, action: 'programme.move' },
    });
    expect(audit.before).toMatchObject({ channelId: een, startsAt: '2027-03-01T19:00:00.000Z' });
    expect(audit.after).toMatchObject({ channelId: twee, startsAt: '2027-03-02T06:15:00.000Z' });

    const bad = await move({ start: 'tomorrow' });
    expect(bad.body.error?.json.data.zodError?.fieldErrors.start?.[0]).toMatch(/must be a date and time/);
    const gone = await api.trpc(
      'schedule.move',
      { id: 'nope', start: '2027-03-01 21:00' },
      { role: 'CONTENT', kind: 'mutation' },
    );
    expect(gone.status).toBe(404);
  });

  it('an XMLTV entry longer than 24 hours is refused as TOO_LONG, with its length and span', async () => {
    const xml = `<?xml version="1.0"?><tv>
      <programme channel="grid-een" start="20270401200000 +0200" stop="20270401210000 +0200"><title>Gewoon</title></programme>
      <programme channel="grid-een" start="20270401210000 +0200" stop="20370401210000 +0200"><title>Eindeloos</title></programme>
    </tv>`;
    const response = await call('schedule.importXmltv', {
      source: { kind: 'file', filename: 'long.xml', xml },
    });
    const report = response.body.result?.data.json as TXmltvImportReport;
    expect([report.accepted, report.rejected]).toEqual([1, 1]);
    expect(report.entries[1]).toMatchObject({
      status: 'rejected',
      reason: 'TOO_LONG',
      message:
        'Runs 87,672 hours, 1 Apr 2027 21:00:00 – 1 Apr 2037 21:00:00; a programme may last at most 24 hours. A longer one can be entered in the console.',
    });
    expect(await api.prisma.programme.count({ where: { title: 'Eindeloos' } })).toBe(0);
  });
});
