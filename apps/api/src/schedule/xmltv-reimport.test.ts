import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { TXmltvImportReport } from '@keten/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';

const run = promisify(execFile);
const fixture = (name: string) => readFile(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('XMLTV re-import: a daily provider feed (real PostgreSQL)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let channelId: string;
  const mapping = () => ({ 'vier.provider.example': channelId });
  const importFile = async (filename: string, fields: Record<string, unknown> = {}) => {
    const xml = await fixture(filename);
    const response = await api.trpc(
      'schedule.importXmltv',
      { source: { kind: 'file', filename, xml }, mapping: mapping(), ...fields },
      { role: 'CONTENT', kind: 'mutation' },
    );
    expect(response.status).toBe(200);
    return response.body.result?.data.json as TXmltvImportReport;
  };
  const byHand = async (start: string, end: string, title: string) => {
    const response = await api.trpc(
      'schedule.create',
      { channelId, start, end, title },
      { role: 'CONTENT', kind: 'mutation' },
    );
    expect(response.status).toBe(200);
  };
  const schedule = () =>
    api.prisma.programme.findMany({ where: { channelId }, orderBy: { startsAt: 'asc' } });
  /** Every row of every table as pg_dump writes it: equal text means nothing was written, not even the same values. */
  const dump = async () => {
    const [{ db }] = await api.prisma.$queryRaw<[{ db: string }]>`SELECT current_database()::text AS db`;
    const url = new URL(process.env.DATABASE_URL ?? 'postgresql://keten:keten@127.0.0.1:5432/keten');
    url.pathname = `/${db}`;
    const { stdout } = await run('pg_dump', ['--data-only', '--no-owner', url.toString()], {
      maxBuffer: 64 * 1024 * 1024,
    });
    // pg_dump 15.14+ frames the dump with a random \restrict key; the rows are what count.
    return stdout.replace(/^\\(un)?restrict .*$/gm, '');
  };
  const verdicts = (report: TXmltvImportReport) =>
    report.entries.map((e) => [e.title, e.status, e.reason ?? null]);

  beforeAll(async () => {
    api = await startTestApi();
    channelId = (
      await api.prisma.channel.create({
        data: { lcn: 904, name: 'Fixture Vier', slug: 'fixture-vier', genre: 'GENERAL', language: 'nl' },
      })
    ).id;
    // Entered in the console: one in a gap the feed leaves, one where the feed has its late news.
    await byHand('2027-03-01 14:00', '2027-03-01 15:00', 'Eigen programma');
    await byHand('2027-03-01 17:30', '2027-03-01 18:30', 'Live debat');
  });
  afterAll(async () => api?.stop());

  it('reads zone names, missing seconds and missing zones, and ends an open entry at the next start', async () => {
    const report = await importFile('provider-day1.xml');
    expect(report).toMatchObject({
      applied: true,
      accepted: 6,
      updated: 0,
      unchanged: 0,
      rejected: 1,
      replaced: 0,
    });
    expect(verdicts(report).at(-1)).toEqual(['Nieuws laat', 'rejected', 'OVERLAPS_EXISTING']);
    expect(report.entries.at(-1)?.message).toBe(
      'Overlaps "Live debat" (1 Mar 2027 17:30:00 – 1 Mar 2027 18:30:00), entered by hand in the schedule; an import replaces only what imports stored there, unless "Replace" is chosen.',
    );
    const rows = await schedule();
    expect(rows.map((p) => [p.title, p.startsAt.toISOString(), p.endsAt.toISOString()])).toEqual([
      ['Ochtendshow', '2027-03-01T05:00:00.000Z', '2027-03-01T08:00:00.000Z'],
      ['Journaal', '2027-03-01T08:00:00.000Z', '2027-03-01T09:00:00.000Z'],
      ['Serie', '2027-03-01T09:00:00.000Z', '2027-03-01T10:30:00.000Z'],
      ['Middagfilm', '2027-03-01T10:30:00.000Z', '2027-03-01T12:00:00.000Z'],
      ['Quiz', '2027-03-01T12:00:00.000Z', '2027-03-01T13:00:00.000Z'],
      ['Eigen programma', '2027-03-01T13:00:00.000Z', '2027-03-01T14:00:00.000Z'],
      ['Sport', '2027-03-01T15:00:00.000Z', '2027-03-01T16:00:00.000Z'],
      ['Live debat', '2027-03-01T16:30:00.000Z', '2027-03-01T17:30:00.000Z'],
    ]);
  });

  it('importing the same file again writes nothing: every entry unchanged, the database byte-identical', async () => {
    const before = await dump();
    const report = await importFile('provider-day1.xml');
    expect(report).toMatchObject({
      applied: false,
      accepted: 0,
      updated: 0,
      unchanged: 6,
      rejected: 1,
      replaced: 0,
    });
    expect(report.entries.filter((e) => e.status === 'unchanged')).toHaveLength(6);
    expect(await dump()).toBe(before);
    // A preview says the same.
    expect(await importFile('provider-day1.xml', { dryRun: true })).toMatchObject({
      unchanged: 6,
      accepted: 0,
    });
  });

  it("the next day's feed changes only what changed, and leaves hand-entered programmes alone", async () => {
    const before = new Map((await schedule()).map((p) => [p.title, p]));
    const audits = await api.prisma.auditEntry.count();
    const report = await importFile('provider-day2.xml');
    expect(report).toMatchObject({
      applied: true,
      accepted: 2,
      updated: 2,
      unchanged: 3,
      rejected: 1,
      replaced: 1,
    });
    expect(verdicts(report)).toEqual([
      ['Ochtendshow', 'unchanged', null],
      ['Journaal', 'updated', null],
      ['Kort nieuws', 'updated', null],
      ['Reportage', 'accepted', null],
      ['Middagfilm', 'unchanged', null],
      ['Quiz', 'unchanged', null],
      ['Nieuws laat', 'rejected', 'OVERLAPS_EXISTING'],
      ['Ochtendshow', 'accepted', null],
    ]);
    expect(report.entries[1]?.message).toBe('Changes the stored description.');
    expect(report.entries[2]?.message).toBe(
      'Changes the stored end, title, season, episode, episode title, age rating.',
    );

    const after = await schedule();
    // Untouched rows are the same rows: same id, same values.
    for (const title of ['Middagfilm', 'Quiz', 'Eigen programma', 'Live debat'])
      expect(after.find((p) => p.title === title)).toEqual(before.get(title));
    expect(after.filter((p) => p.title === 'Ochtendshow')[0]).toEqual(before.get('Ochtendshow'));
    // Changed in place: the slot keeps its row.
    expect(after.find((p) => p.title === 'Journaal')).toEqual({
      ...before.get('Journaal'),
      description: 'Nieuws, sport & weer.',
    });
    expect(after.find((p) => p.title === 'Kort nieuws')).toMatchObject({
      id: before.get('Serie')?.id,
      endsAt: new Date('2027-03-01T09:30:00.000Z'),
      episodeTitle: null,
      ageRating: null,
    });
    expect(after.map((p) => p.title)).toEqual([
      'Ochtendshow',
      'Journaal',
      'Kort nieuws',
      'Reportage',
      'Middagfilm',
      'Quiz',
      'Eigen programma',
      'Live debat',
      'Ochtendshow',
    ]);
    // The feed dropped "Sport" from the span it covers: gone. One audit entry for the whole import.
    expect(after.find((p) => p.title === 'Sport')).toBeUndefined();
    expect(await api.prisma.auditEntry.count()).toBe(audits + 1);
    const [audit] = await api.prisma.auditEntry.findMany({
      where: { action: 'schedule.import' },
      orderBy: { at: 'desc' },
      take: 1,
    });
    expect(audit?.after).toMatchObject({ accepted: 2, updated: 2, unchanged: 3, replaced: 1 });
  });

  it('a programme an operator edited is theirs: the feed reports the clash and keeps the edit', async () => {
    const quiz = await api.prisma.programme.findFirstOrThrow({ where: { channelId, title: 'Quiz' } });
    const edited = await api.trpc(
      'schedule.update',
      { id: quiz.id, channelId, start: '2027-03-01 13:00', end: '2027-03-01 14:00', title: 'Quiz (finale)' },
      { role: 'CONTENT', kind: 'mutation' },
    );
    expect(edited.status).toBe(200);
    const report = await importFile('provider-day2.xml');
    expect(report).toMatchObject({ applied: false, rejected: 2, unchanged: 6 });
    expect(report.entries.find((e) => e.title === 'Quiz')?.message).toMatch(
      /^Overlaps "Quiz \(finale\)" \(1 Mar 2027 13:00:00 – 1 Mar 2027 14:00:00\), entered by hand/,
    );
    // "Replace" lets the feed win over hand entries too: everything in its span that the file does not hold goes.
    const replaced = await importFile('provider-day2.xml', { replace: true });
    expect(replaced).toMatchObject({ applied: true, accepted: 2, unchanged: 6, rejected: 0, replaced: 3 });
    expect((await schedule()).map((p) => p.title)).toEqual([
      'Ochtendshow',
      'Journaal',
      'Kort nieuws',
      'Reportage',
      'Middagfilm',
      'Quiz',
      'Nieuws laat',
      'Ochtendshow',
    ]);
  });
});
