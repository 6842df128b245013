import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';

describe('schedule programmes and windows over tRPC (real PostgreSQL)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let channelId: string;
  const call = (path: string, input: unknown) => api.trpc(path, input, { role: 'CONTENT', kind: 'mutation' });
  const create = (fields: Record<string, unknown>) => call('schedule.create', { channelId, ...fields });

  beforeAll(async () => {
    api = await startTestApi();
    channelId = (
      await api.prisma.channel.create({
        data: { lcn: 1, name: 'Test Een', slug: 'test-een', genre: 'GENERAL', language: 'nl' },
      })
    ).id;
  });
  afterAll(async () => api?.stop());

  it('stores Amsterdam input as UTC, audited once, and shows it in the day view', async () => {
    const audits = await api.prisma.auditEntry.count();
    const response = await create({ start: '2026-07-01 20:00', end: '2026-07-01 20:30', title: 'Journaal' });
    expect(response.status).toBe(200);
    const stored = await api.prisma.programme.findFirstOrThrow({ where: { title: 'Journaal' } });
    expect(stored.startsAt.toISOString()).toBe('2026-07-01T18:00:00.000Z');
    expect(await api.prisma.auditEntry.count()).toBe(audits + 1);
    const day = await api.trpc('schedule.day', { channelId, date: '2026-07-01' }, { role: 'SUPPORT' });
    expect(
      (day.body.result?.data.json as { programmes: { title: string }[] } | undefined)?.programmes,
    ).toMatchObject([{ title: 'Journaal' }]);
  });

  it('refuses an overlap, naming the clashing programme and the field that runs into it', async () => {
    const programmes = await api.prisma.programme.count();
    const late = await create({ start: '2026-07-01 20:15', end: '2026-07-01 21:00', title: 'Talkshow' });
    expect(late.status).toBe(409);
    expect(late.body.error?.json.message).toBe(
      'Overlaps programme "Journaal" (1 Jul 2026 20:00:00 – 1 Jul 2026 20:30:00, Amsterdam time) on this channel.',
    );
    expect(late.body.error?.json.data.keten).toEqual({ code: 'CONFLICT', field: 'start' });
    const early = await create({
      start: '2026-07-01 19:00',
      end: '2026-07-01 20:01',
      title: 'Voorprogramma',
    });
    expect(early.body.error?.json.data.keten).toEqual({ code: 'CONFLICT', field: 'end' });
    expect(await api.prisma.programme.count()).toBe(programmes);
    // Back to back is fine.
    expect(
      (await create({ start: '2026-07-01 20:30', end: '2026-07-01 21:00', title: 'Talkshow' })).status,
    ).toBe(200);
  });

  it('refuses an end before the start and a bad time, naming the field', async () => {
    const backwards = await create({ start: '2026-07-02 10:00', end: '2026-07-02 09:00', title: 'X' });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error?.json.data.zodError?.fieldErrors.end).toEqual(['must be after the start']);
    const garbage = await create({ start: 'soon', end: '2026-07-02 09:00', title: '' });
    expect(garbage.body.error?.json.data.zodError?.fieldErrors).toMatchObject({
      start: [expect.stringMatching(/must be a date and time/)],
      title: ['is required'],
    });
  });

  it('spring forward (2026-03-29): 02:30 does not exist and is refused; 01:30–03:30 lasts one hour', async () => {
    const gap = await create({ start: '2026-03-29 02:30', end: '2026-03-29 04:00', title: 'Gat' });
    expect(gap.status).toBe(400);
    expect(gap.body.error?.json.data.zodError?.fieldErrors.start?.[0]).toMatch(
      /2026-03-29 02:30 does not exist in Amsterdam/,
    );
    expect(
      (await create({ start: '2026-03-29 01:30', end: '2026-03-29 03:30', title: 'Lente' })).status,
    ).toBe(200);
    const stored = await api.prisma.programme.findFirstOrThrow({ where: { title: 'Lente' } });
    expect(stored.endsAt.getTime() - stored.startsAt.getTime()).toBe(3_600_000);
    const day = await api.trpc('schedule.day', { channelId, date: '2026-03-29' }, { role: 'NOC' });
    const { from, to } = (day.body.result?.data.json ?? {}) as { from: string; to: string };
    expect(new Date(to).getTime() - new Date(from).getTime()).toBe(23 * 3_600_000);
  });

  it('fall back (2026-10-25): 02:30 means the first pass (+02:00); +01:00 picks the second', async () => {
    expect(
      (await create({ start: '2026-10-25 02:00', end: '2026-10-25 02:30', title: 'Eerste' })).status,
    ).toBe(200);
    const second = await create({
      start: '2026-10-25 02:30 +01:00',
      end: '2026-10-25 03:00',
      title: 'Tweede',
    });
    expect(second.status).toBe(200);
    const rows = await api.prisma.programme.findMany({
      where: { title: { in: ['Eerste', 'Tweede'] } },
      orderBy: { startsAt: 'asc' },
    });
    expect(rows.map((p) => [p.startsAt.toISOString(), p.endsAt.toISOString()])).toEqual([
      ['2026-10-25T00:00:00.000Z', '2026-10-25T00:30:00.000Z'],
      ['2026-10-25T01:30:00.000Z', '2026-10-25T02:00:00.000Z'],
    ]);
    // The first-pass 02:30–03:30 (+02:00) slot is still free: between the two, an hour of summer time.
    const between = await create({
      start: '2026-10-25 02:30',
      end: '2026-10-25 02:30 +01:00',
      title: 'Tussen',
    });
    expect(between.status).toBe(200);
    const clash = await create({
      start: '2026-10-25 02:45 +01:00',
      end: '2026-10-25 04:00',
      title: 'Botsing',
    });
    // The message says which 02:30 it means.
    expect(clash.body.error?.json.message).toMatch(
      /"Tweede" \(25 Oct 2026 02:30:00 \+01:00 – 25 Oct 2026 03:00:00,/,
    );
  });

  it('updates and deletes with before/after in the audit; other roles may not', async () => {
    const target = await api.prisma.programme.findFirstOrThrow({ where: { title: 'Talkshow' } });
    const input = {
      id: target.id,
      channelId,
      start: '2026-07-01 20:30',
      end: '2026-07-01 21:15',
      title: 'Talkshow XL',
    };
    expect((await api.trpc('schedule.update', input, { role: 'SUPPORT', kind: 'mutation' })).status).toBe(
      403,
    );
    expect((await call('schedule.update', input)).status).toBe(200);
    const [entry] = await api.prisma.auditEntry.findMany({
      where: { entityId: target.id, action: 'programme.update' },
    });
    expect(entry?.before).toMatchObject({ title: 'Talkshow' });
    expect(entry?.after).toMatchObject({ title: 'Talkshow XL', endsAt: '2026-07-01T19:15:00.000Z' });
    expect((await call('schedule.delete', { id: target.id })).status).toBe(200);
    expect(await api.prisma.programme.findUnique({ where: { id: target.id } })).toBeNull();
    expect((await call('schedule.delete', { id: target.id })).status).toBe(404);
  });

  it('availability windows: no overlap per channel, end after start, delete audited', async () => {
    const window = { channelId, start: '2026-12-20 18:00', end: '2026-12-27 23:59', note: 'Kerst' };
    const created = await call('schedule.windows.create', window);
    expect(created.status).toBe(200);
    const clash = await call('schedule.windows.create', {
      ...window,
      start: '2026-12-27 12:00',
      end: '2026-12-28 12:00',
    });
    expect(clash.status).toBe(409);
    expect(clash.body.error?.json.data.keten?.field).toBe('start');
    expect(clash.body.error?.json.message).toMatch(/window "Kerst"/);
    const backwards = await call('schedule.windows.create', { ...window, end: '2026-12-19 00:00' });
    expect(backwards.body.error?.json.data.zodError?.fieldErrors.end).toEqual(['must be after the start']);
    const list = await api.trpc('schedule.windows.list', { channelId }, { role: 'NOC' });
    const rows = list.body.result?.data.json as { id: string; note: string }[];
    expect(rows.map((r) => r.note)).toEqual(['Kerst']);
    expect((await call('schedule.windows.delete', { id: rows[0]?.id })).status).toBe(200);
    expect(await api.prisma.auditEntry.count({ where: { entityType: 'AvailabilityWindow' } })).toBe(2);
  });
});
