import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TListPage } from '@keten/contracts';
import { seed } from '@keten/db/seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';
import type { TImportReport } from './subscribers-import.service';

type TApi = Awaited<ReturnType<typeof startTestApi>>;
const data = <T>(response: Awaited<ReturnType<TApi['trpc']>>) => response.body.result?.data.json as T;

describe('subscribers over tRPC (real PostgreSQL)', () => {
  let api: TApi;
  beforeAll(async () => {
    api = await startTestApi();
    await seed(api.prisma, {
      mediaRoot: await mkdtemp(join(tmpdir(), 'keten-sub-')),
      subscribers: 300,
      epgDaysEachSide: 0,
    });
  });
  afterAll(async () => api?.stop());

  const importCsv = (csv: string, dryRun: boolean) =>
    api.trpc('subscribers.import', { csv, dryRun }, { role: 'SUPPORT', kind: 'mutation' });

  it('one bad row: the report names row, column and reason, and nothing is imported', async () => {
    const before = await api.prisma.subscriber.count();
    const audits = await api.prisma.auditEntry.count();
    const csv = [
      'account_number,name,email,region,status,max_concurrent_streams',
      'KT9000001,Anna de Vries,anna@example.nl,Utrecht,active,2',
      'KT9000002,Bram Jansen,not-an-email,Utrecht,ACTIVE,2',
      'KT9000001,Dup Person,dup@example.nl,Limburg,ACTIVE,2',
      'KT1000001,Taken Already,t@example.nl,Atlantis,GONE,3',
    ].join('\n');
    const response = await importCsv(csv, false);
    expect(response.status).toBe(200);
    const report = data<TImportReport>(response);
    expect(report.imported).toBe(0);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        { row: 3, column: 'email', reason: 'must be an email address' },
        { row: 4, column: 'account_number', reason: expect.stringMatching(/duplicate.*row 2/) },
        { row: 5, column: 'region', reason: expect.stringMatching(/province/) },
        { row: 5, column: 'status', reason: expect.any(String) },
      ]),
    );
    expect(await api.prisma.subscriber.count()).toBe(before);
    expect(await api.prisma.auditEntry.count()).toBe(audits);
  });

  it('an existing account number is reported; an unparseable file is a report, not a 500', async () => {
    const taken = await importCsv('accountNumber,name,region\nKT1000001,Someone,Utrecht', false);
    expect(data<TImportReport>(taken).problems).toEqual([
      { row: 2, column: 'accountNumber', reason: 'account number KT1000001 already exists' },
    ]);
    const broken = await importCsv('accountNumber,name,region\n"KT1,unterminated', false);
    expect(broken.status).toBe(200);
    expect(data<TImportReport>(broken).problems[0]?.reason).toMatch(/not readable as CSV/);
    const header = await importCsv('id,name\n1,x', false);
    expect(data<TImportReport>(header).problems.map((p) => p.column)).toEqual([
      'id',
      'accountNumber',
      'region',
    ]);
  });

  it('a clean file: dry run writes nothing, then the import writes all rows and one audit entry', async () => {
    const csv =
      'Account number,Name,Email,Region\nKT9100001,Cor Bakker,cor@example.nl,noord-holland\nKT9100002,Dina Smit,,Zeeland\n';
    const dry = data<TImportReport>(await importCsv(csv, true));
    expect(dry).toMatchObject({ dryRun: true, rows: 2, imported: 0, problems: [] });
    expect(await api.prisma.subscriber.count({ where: { accountNumber: { startsWith: 'KT91' } } })).toBe(0);
    const audits = await api.prisma.auditEntry.count();
    const real = data<TImportReport>(await importCsv(csv, false));
    expect(real).toMatchObject({ imported: 2, problems: [] });
    const cor = await api.prisma.subscriber.findUnique({ where: { accountNumber: 'KT9100001' } });
    expect(cor).toMatchObject({ region: 'Noord-Holland', status: 'ACTIVE', maxConcurrentStreams: 2 });
    expect(await api.prisma.auditEntry.count()).toBe(audits + 1);
    expect(await api.prisma.auditEntry.findFirst({ where: { action: 'subscriber.import' } })).toMatchObject({
      after: { imported: 2 },
    });
  });

  it('pages, sorts and filters on the server', async () => {
    const response = await api.trpc(
      'subscribers.list',
      { page: 2, pageSize: 25, sort: 'name', dir: 'desc', status: 'ACTIVE' },
      { role: 'SUPPORT' },
    );
    const page = data<TListPage<{ name: string; status: string; devices: number }>>(response);
    expect(page.items).toHaveLength(25);
    expect(page.total).toBe(await api.prisma.subscriber.count({ where: { status: 'ACTIVE' } }));
    expect(page.items.every((row) => row.status === 'ACTIVE')).toBe(true);
    const names = page.items.map((row) => row.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    expect(page.items.some((row) => row.devices > 0)).toBe(true);
    const searched = data<TListPage<{ accountNumber: string }>>(
      await api.trpc('subscribers.list', { q: 'kt100012' }, { role: 'SUPPORT' }),
    );
    expect(searched.items.map((row) => row.accountNumber)).toContain('KT1000120');
  });

  it('creates and edits a subscriber with field errors and one audit entry each', async () => {
    const bad = await api.trpc(
      'subscribers.create',
      { accountNumber: 'KT7', name: '', region: 'Atlantis', maxConcurrentStreams: 0 },
      { role: 'SUPPORT', kind: 'mutation' },
    );
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error?.json.data.zodError?.fieldErrors ?? {}).sort()).toEqual([
      'maxConcurrentStreams',
      'name',
      'region',
    ]);
    const created = data<{ id: string }>(
      await api.trpc(
        'subscribers.create',
        { accountNumber: 'kt7000001', name: 'Eva Mulder', email: 'eva@example.nl', region: 'Utrecht' },
        { role: 'SUPPORT', kind: 'mutation' },
      ),
    );
    const dup = await api.trpc(
      'subscribers.create',
      { accountNumber: 'KT7000001', name: 'Other', region: 'Utrecht' },
      { role: 'SUPPORT', kind: 'mutation' },
    );
    expect(dup.body.error?.json.data.keten).toEqual({ code: 'CONFLICT', field: 'accountNumber' });
    const updated = await api.trpc(
      'subscribers.update',
      { id: created.id, status: 'SUSPENDED', maxConcurrentStreams: 4 },
      { role: 'SUPPORT', kind: 'mutation' },
    );
    expect(data(updated)).toMatchObject({ status: 'SUSPENDED', maxConcurrentStreams: 4, name: 'Eva Mulder' });
    const entries = await api.prisma.auditEntry.findMany({
      where: { entityId: created.id },
      orderBy: { at: 'asc' },
    });
    expect(entries.map((entry) => entry.action)).toEqual(['subscriber.create', 'subscriber.update']);
    expect(entries[1]?.before).toMatchObject({ status: 'ACTIVE' });
    expect(entries[1]?.after).toMatchObject({ status: 'SUSPENDED' });
  });

  it('subscriptions: end must follow start, no overlapping subscription to the same package', async () => {
    const subscriber = await api.prisma.subscriber.create({
      data: { accountNumber: 'KT7000002', name: 'Fleur Visser', region: 'Drenthe' },
    });
    const sport = await api.prisma.package.findUniqueOrThrow({ where: { code: 'SPORT' } });
    const add = (startsAt: Date, endsAt?: Date) =>
      api.trpc(
        'subscribers.subscriptions.add',
        { subscriberId: subscriber.id, packageId: sport.id, startsAt, endsAt },
        { role: 'SUPPORT', kind: 'mutation' },
      );
    const backwards = await add(new Date('2026-01-10'), new Date('2026-01-01'));
    expect(backwards.body.error?.json.data.zodError?.fieldErrors.endsAt?.[0]).toBe('must be after the start');
    const first = data<{ id: string }>(await add(new Date('2026-01-01')));
    const overlap = await add(new Date('2026-06-01'));
    expect(overlap.body.error?.json.data.keten).toEqual({ code: 'CONFLICT', field: 'packageId' });
    const ended = await api.trpc(
      'subscribers.subscriptions.end',
      { subscriptionId: first.id, endsAt: new Date('2026-03-01') },
      { role: 'SUPPORT', kind: 'mutation' },
    );
    expect(ended.status).toBe(200);
    expect((await add(new Date('2026-03-01'))).status).toBe(200);
    expect(await api.prisma.subscription.count({ where: { subscriberId: subscriber.id } })).toBe(2);
  });

  it('the audit log filters by entity and time window', async () => {
    const from = new Date(Date.now() - 60_000);
    const response = await api.trpc(
      'audit.list',
      { entityType: 'Subscriber', from, to: new Date(Date.now() + 60_000) },
      { role: 'ADMIN' },
    );
    const page = data<{ items: { entityType: string; at: string }[] }>(response);
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((item) => item.entityType === 'Subscriber' && new Date(item.at) >= from)).toBe(
      true,
    );
    const past = await api.trpc('audit.list', { entityType: 'Subscriber', to: from }, { role: 'ADMIN' });
    expect(data<{ items: unknown[] }>(past).items).toEqual([]);
    const backwards = await api.trpc(
      'audit.list',
      { from, to: new Date(from.getTime() - 3_600_000) },
      { role: 'ADMIN' },
    );
    expect(backwards.body.error?.json.data.zodError?.fieldErrors.to?.[0]).toBe('must be after the start');
  });
});
