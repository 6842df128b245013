import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TXmltvImportReport } from '@keten/contracts';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TRpcResponse } from '../../test/harness';
import { buildServer } from '../server';
import { fetchFeed, unreachableFeed } from './xmltv-fetch';
import { importXmltv } from './xmltv-import.service';

/** The feeds below are served from 127.0.0.1, which only a test can open (never env or config). */
const LOOPBACK_FOR_TESTS = { testOnlyAllowLoopback: true };

const fixture = (name: string) => readFile(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('XMLTV import and export over tRPC (real PostgreSQL)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let server: Server;
  let base: string;
  let channelId: string;
  const served: string[] = [];
  let secretReads = 0;
  const importAs = async (input: unknown) => {
    const response = await api.trpc('schedule.importXmltv', input, { role: 'CONTENT', kind: 'mutation' });
    expect(response.status).toBe(200);
    return response.body.result?.data.json as TXmltvImportReport;
  };

  beforeAll(async () => {
    api = await startTestApi({ fetchPolicy: LOOPBACK_FOR_TESTS });
    const channel = await api.prisma.channel.create({
      data: { lcn: 901, name: 'Fixture One', slug: 'fixture-one', genre: 'NEWS', language: 'nl' },
    });
    channelId = channel.id;
    // Entered by hand in the console (09:30–10:30 UTC): an import reports a clash with it rather than replace it.
    const existing = await api.trpc(
      'schedule.create',
      { channelId, title: 'Existing Show', start: '2026-10-25 10:30', end: '2026-10-25 11:30' },
      { role: 'CONTENT', kind: 'mutation' },
    );
    expect(existing.status).toBe(200);
    const mixed = await fixture('mixed.xml');
    server = createServer((req, res) => {
      served.push(req.url ?? '');
      if (req.url === '/to-intranet') {
        res.writeHead(302, { location: 'http://10.0.0.1/epg.xml' });
        return void res.end();
      }
      if (req.url === '/secret') secretReads++;
      if (req.url === '/slow') return void setTimeout(() => res.end(mixed), 2_000);
      if (req.url === '/big') return void res.end(`<tv>${' '.repeat(300_000)}</tv>`);
      if (req.url === '/mixed.xml') return void res.end(mixed);
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.close();
    await api?.stop();
  });

  it('a dry run reports every entry and stores nothing', async () => {
    const report = await importAs({
      source: { kind: 'file', filename: 'mixed.xml', xml: await fixture('mixed.xml') },
      dryRun: true,
    });
    expect(report).toMatchObject({ dryRun: true, applied: false, accepted: 4, rejected: 6 });
    expect(await api.prisma.programme.count()).toBe(1);
  });

  it('stores the good entries in one go with one audit entry and names each bad entry with its reason', async () => {
    const audits = await api.prisma.auditEntry.count();
    const report = await importAs({
      source: { kind: 'file', filename: 'mixed.xml', xml: await fixture('mixed.xml') },
    });
    expect(report).toMatchObject({ applied: true, accepted: 4, rejected: 6, parseError: null });
    const rejected = Object.fromEntries(
      report.entries.filter((e) => e.status === 'rejected').map((e) => [e.index, e]),
    );
    expect(rejected[3]).toMatchObject({ reason: 'UNKNOWN_CHANNEL', xmltvChannel: 'nowhere.example' });
    expect(rejected[4]).toMatchObject({ reason: 'BAD_TIME', title: 'Broken Clock' });
    expect(rejected[5]).toMatchObject({ reason: 'END_BEFORE_START', title: 'Backwards' });
    expect(rejected[6]?.reason).toBe('OVERLAPS_IMPORTED');
    expect(rejected[6]?.message).toMatch(/entry #2 "Nachtfilm"/);
    expect(rejected[7]).toMatchObject({ reason: 'MISSING_TITLE' });
    expect(rejected[8]?.message).toMatch(
      /^Overlaps "Existing Show" \(25 Oct 2026 10:30:00 – 25 Oct 2026 11:30:00\), entered by hand/,
    );
    expect(rejected[6]?.message).toBe(
      'Overlaps entry #2 "Nachtfilm" (25 Oct 2026 01:30:00 – 25 Oct 2026 02:30:00 +01:00) in this file.',
    );

    const stored = await api.prisma.programme.findMany({
      where: { channelId },
      orderBy: { startsAt: 'asc' },
    });
    expect(stored.map((p) => [p.title, p.startsAt.toISOString(), p.endsAt.toISOString()])).toEqual([
      ['Laat Nieuws', '2026-10-24T20:00:00.000Z', '2026-10-24T21:00:00.000Z'],
      ['Nachtfilm', '2026-10-24T23:30:00.000Z', '2026-10-25T01:30:00.000Z'],
      ['Existing Show', '2026-10-25T09:30:00.000Z', '2026-10-25T10:30:00.000Z'],
      ['Open Ended', '2026-10-25T11:00:00.000Z', '2026-10-25T12:00:00.000Z'],
      ['Middagjournaal', '2026-10-25T12:00:00.000Z', '2026-10-25T13:00:00.000Z'],
    ]);
    expect(stored[1]).toMatchObject({
      seasonNumber: 3,
      episodeNumber: 5,
      episodeTitle: 'Deel twee',
      ageRating: '12',
    });
    expect(stored[0]?.description).toBe('Het nieuws van de dag & het weer.');
    const entries = await api.prisma.auditEntry.findMany({ where: { action: 'schedule.import' } });
    expect(await api.prisma.auditEntry.count()).toBe(audits + 1);
    expect(entries[0]?.after).toMatchObject({ source: 'file mixed.xml', accepted: 4, rejected: 6 });
  });

  it('an unparseable file gives a report with the parse error and changes nothing', async () => {
    const [programmes, audits] = [await api.prisma.programme.count(), await api.prisma.auditEntry.count()];
    const report = await importAs({
      source: { kind: 'file', filename: 'broken.xml', xml: await fixture('broken.xml') },
    });
    expect(report.applied).toBe(false);
    expect(report.parseError).toMatch(/^Line \d+, column \d+: /);
    const notXmltv = await importAs({ source: { kind: 'file', filename: 'x.xml', xml: '<rss></rss>' } });
    expect(notXmltv.parseError).toMatch(/no <tv> root/);
    expect(await api.prisma.programme.count()).toBe(programmes);
    expect(await api.prisma.auditEntry.count()).toBe(audits);
  });

  it('a hostile file is a report, never a 500: entities from outside are neither fetched nor expanded', async () => {
    const programme = (body: string) =>
      `<programme start="20301001100000 +0000" stop="20301001110000 +0000" channel="fixture-one">${body}</programme>`;
    const doc = (doctype: string, body: string) => `<?xml version="1.0"?>\n${doctype}\n<tv>${body}</tv>`;
    const external = await importAs({
      source: {
        kind: 'file',
        filename: 'xxe.xml',
        xml: doc(
          `<!DOCTYPE tv [<!ENTITY secret SYSTEM "${base}/secret">]>`,
          programme('<title>&secret;</title>'),
        ),
      },
      dryRun: true,
    });
    expect(external.parseError).toMatch(/could not be read as XMLTV: External entities are not supported/);
    const parameter = await importAs({
      source: {
        kind: 'file',
        filename: 'param.xml',
        xml: doc(`<!DOCTYPE tv [<!ENTITY % p SYSTEM "${base}/secret"> %p;]>`, programme('<title>x</title>')),
      },
      dryRun: true,
    });
    expect(parameter.parseError).toMatch(/could not be read as XMLTV/);
    const amplified = await importAs({
      source: {
        kind: 'file',
        filename: 'lol.xml',
        xml: doc(
          `<!DOCTYPE tv [<!ENTITY x "${'a'.repeat(9_000)}">]>`,
          programme(`<title>t</title>${'<desc>&x;</desc>'.repeat(20)}`),
        ),
      },
      dryRun: true,
    });
    expect(amplified.parseError).toMatch(/limit exceeded/);
    expect(secretReads).toBe(0);

    // Raw controls (a fetched feed can hold them; an upload cannot pass zText) are refused per entry.
    const channel = await api.prisma.channel.create({
      data: { lcn: 903, name: 'Fixture Three', slug: 'fixture-three', genre: 'NEWS', language: 'nl' },
    });
    const entry = (channelAttr: string, start: string, body: string) =>
      `<programme start="${start}00 +0000" stop="${start.slice(0, -2)}59 +0000" channel="${channelAttr}">${body}</programme>`;
    const actor = { id: api.operators.CONTENT.id, email: api.operators.CONTENT.email, ip: null };
    const report = await importXmltv(api.prisma, actor, {
      source: {
        kind: 'file',
        filename: 'raw.xml',
        xml: `<tv>${[
          entry('fixture-three', '203010011000', '<title>Nul\u0000byte</title>'),
          entry('fixture\u0000three', '203010011100', '<title>Channel with NUL</title>'),
          entry('fixture-three', '203010011200', '<title>Fine</title><desc>Two\nlines</desc>'),
          entry(
            'fixture-three',
            '203010011300',
            '<title>Big</title><episode-num system="onscreen">S99999999999E2</episode-num>',
          ),
        ].join('')}</tv>`,
      },
      mapping: {},
      dryRun: false,
      replace: false,
    });
    expect(report.entries.map((e) => [e.status, e.reason ?? null])).toEqual([
      ['rejected', 'BAD_TEXT'],
      ['rejected', 'BAD_TEXT'],
      ['accepted', null],
      ['accepted', null],
    ]);
    expect(report.entries[0]?.message).toBe('<title> must not contain control characters.');
    expect(report.entries[1]?.message).toBe('channel must not contain control characters.');
    const stored = await api.prisma.programme.findMany({
      where: { channelId: channel.id },
      orderBy: { startsAt: 'asc' },
    });
    expect(stored.map((p) => [p.title, p.description, p.seasonNumber, p.episodeNumber])).toEqual([
      ['Fine', 'Two\nlines', null, null],
      ['Big', null, null, 2],
    ]);
  });

  it('reads the time forms of the XMLTV project’s own files: zone names, no seconds, no zone', async () => {
    const channel = await api.prisma.channel.create({
      data: { lcn: 905, name: 'Fixture Vijf', slug: 'fixture-vijf', genre: 'GENERAL', language: 'en' },
    });
    const report = await importAs({
      source: { kind: 'file', filename: 'zone-names.xml', xml: await fixture('zone-names.xml') },
      mapping: { 'bbc2.bbc.co.uk': channel.id },
    });
    expect(report).toMatchObject({ applied: true, accepted: 4, rejected: 1 });
    expect(report.entries[4]).toMatchObject({
      reason: 'BAD_TIME',
      message:
        'Start "20020517020200 ABC": the time zone "ABC" is not one Keten knows (such as UTC, GMT, BST, CET, CEST, EST, PST); write the offset instead, like +0100.',
    });
    const stored = await api.prisma.programme.findMany({
      where: { channelId: channel.id },
      orderBy: { startsAt: 'asc' },
    });
    expect(stored.map((p) => [p.title, p.startsAt.toISOString(), p.endsAt.toISOString()])).toEqual([
      ['Nachtprogramma', '2001-08-28T23:05:00.000Z', '2001-08-29T08:55:00.000Z'],
      ['Ochtendprogramma', '2001-08-29T08:55:00.000Z', '2001-08-29T09:30:00.000Z'],
      ['Nieuws', '2002-02-23T23:00:00.000Z', '2002-02-23T23:30:00.000Z'],
      ['Zonder zone', '2002-04-20T17:25:00.000Z', '2002-04-20T18:00:00.000Z'],
    ]);
  });

  it('imports from a URL, and refuses slow, huge or missing feeds with a reason', async () => {
    // The same feed again: what it stored is unchanged; only the hand-entered clash is still refused.
    const again = await importAs({ source: { kind: 'url', url: `${base}/mixed.xml` }, dryRun: true });
    expect(again).toMatchObject({ source: `${base}/mixed.xml`, accepted: 0, unchanged: 4, rejected: 6 });
    expect(again.entries.filter((e) => e.reason === 'OVERLAPS_EXISTING')).toHaveLength(1);
    expect((await importAs({ source: { kind: 'url', url: `${base}/nope` } })).parseError).toMatch(
      /answered 404/,
    );
    const quick = { timeoutMs: 200, maxBytes: 1e6 };
    expect(await fetchFeed(`${base}/slow`, quick, LOOPBACK_FOR_TESTS)).toEqual({
      ok: false,
      error: unreachableFeed(quick),
    });
    expect(unreachableFeed(quick)).toMatch(/within 0\.2 s/);
    expect(
      await fetchFeed(`${base}/big`, { timeoutMs: 5_000, maxBytes: 100_000 }, LOOPBACK_FOR_TESTS),
    ).toMatchObject({ ok: false, error: /limit/ });
  });

  it('as deployed, refuses internal addresses in every spelling, in the same words, fetching nothing', async () => {
    // The same API with the production policy: nothing opened beyond public addresses.
    const deployed = await buildServer({ ...api.deps, fetchPolicy: undefined });
    const cookie = await api.cookieFor('CONTENT');
    const importThere = async (url: string) => {
      const response = await deployed.inject({
        method: 'POST',
        url: '/trpc/schedule.importXmltv',
        payload: JSON.stringify(superjson.serialize({ source: { kind: 'url', url }, dryRun: true })),
        headers: { cookie, 'content-type': 'application/json' },
      });
      expect(response.statusCode).toBe(200);
      return (response.json() as TRpcResponse).result?.data.json as TXmltvImportReport;
    };
    const port = (server.address() as AddressInfo).port;
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    try {
      served.length = 0;
      for (const url of [
        `${base}/mixed.xml`,
        `http://localhost:${port}/mixed.xml`,
        `http://2130706433:${port}/mixed.xml`,
        `http://0x7f.0.0.1:${port}/mixed.xml`,
        `http://0:${port}/mixed.xml`,
        `http://[::ffff:127.0.0.1]:${port}/mixed.xml`,
        `http://[::1]:${port}/mixed.xml`,
        `http://127.0.0.1:${closedPort}/mixed.xml`,
        'http://169.254.169.254/latest/meta-data/',
      ]) {
        const report = await importThere(url);
        expect(report, url).toMatchObject({
          applied: false,
          accepted: 0,
          rejected: 0,
          entries: [],
          parseError: unreachableFeed({ timeoutMs: 15_000, maxBytes: 0 }),
        });
      }
      // The feed on 127.0.0.1 was there all along; not one request reached it.
      expect(served).toEqual([]);
    } finally {
      await deployed.close();
    }
  });

  it('checks where a redirect leads: a dry run shows nothing of a refused address', async () => {
    served.length = 0;
    const report = await importAs({ source: { kind: 'url', url: `${base}/to-intranet` }, dryRun: true });
    expect(report).toMatchObject({ accepted: 0, rejected: 0, entries: [] });
    expect(report.parseError).toBe(unreachableFeed({ timeoutMs: 15_000, maxBytes: 0 }));
    expect(served).toEqual(['/to-intranet']);
  });

  it('export → import into an empty channel gives the same programmes', async () => {
    const empty = await api.prisma.channel.create({
      data: { lcn: 902, name: 'Fixture Two', slug: 'fixture-two', genre: 'NEWS', language: 'nl' },
    });
    const exported = await api.trpc(
      'schedule.exportXmltv',
      { channelIds: [channelId], from: '2026-10-24 00:00', to: '2026-10-26 00:00' },
      { role: 'SUPPORT' },
    );
    expect(exported.status).toBe(200);
    const { xml, programmes } = (exported.body.result?.data.json ?? {}) as {
      xml: string;
      programmes: number;
    };
    expect(programmes).toBe(5);
    expect(xml).toContain(
      'start="20261025013000 +0200" stop="20261025023000 +0100" channel="fixture-one.keten.tv"',
    );
    expect(xml).toContain('&amp; het weer');
    const report = await importAs({
      source: { kind: 'file', filename: 'export.xml', xml },
      mapping: { 'fixture-one.keten.tv': empty.id },
    });
    expect(report).toMatchObject({ accepted: 5, rejected: 0 });
    const fields = {
      startsAt: true,
      endsAt: true,
      title: true,
      description: true,
      category: true,
      seasonNumber: true,
      episodeNumber: true,
      episodeTitle: true,
      ageRating: true,
    } as const;
    const of = (id: string) =>
      api.prisma.programme.findMany({
        where: { channelId: id },
        orderBy: { startsAt: 'asc' },
        select: fields,
      });
    expect(await of(empty.id)).toEqual(await of(channelId));
  });

  it('replace mode: the feed wins for the span it covers, hand entries too, in the same single transaction', async () => {
    const xml = await fixture('mixed.xml');
    const preview = await importAs({
      source: { kind: 'file', filename: 'mixed.xml', xml },
      replace: true,
      dryRun: true,
    });
    expect(preview).toMatchObject({ applied: false, accepted: 1, unchanged: 4, rejected: 5, replaced: 1 });
    expect(await api.prisma.programme.count({ where: { channelId } })).toBe(5);
    const report = await importAs({ source: { kind: 'file', filename: 'mixed.xml', xml }, replace: true });
    expect(report).toMatchObject({ applied: true, accepted: 1, unchanged: 4, rejected: 5, replaced: 1 });
    const titles = await api.prisma.programme.findMany({
      where: { channelId },
      orderBy: { startsAt: 'asc' },
    });
    expect(titles.map((p) => p.title)).toEqual([
      'Laat Nieuws',
      'Nachtfilm',
      'Clashes With Existing',
      'Open Ended',
      'Middagjournaal',
    ]);
    const [audit] = await api.prisma.auditEntry.findMany({
      where: { action: 'schedule.import' },
      orderBy: { at: 'desc' },
      take: 1,
    });
    expect(audit?.after).toMatchObject({ accepted: 1, unchanged: 4, replaced: 1 });
  });
});
