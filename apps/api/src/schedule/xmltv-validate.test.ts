import { execFile } from 'node:child_process';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { amsterdamDate, XMLTV_CHANNEL_ID } from '@keten/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activateThroughConsole,
  assignedDevice,
  bearer,
  startDeviceApi,
} from '../device-api/device-api.fixtures';

// xmltv-util (Debian) as scripts/stack.sh installs it. The DTD is read from disk: without --dtd-file and
// XMLTV_SUPPLEMENT the validator would fetch it from the XMLTV project's server.
const VALIDATOR = '/usr/bin/tv_validate_file';
const DTD = '/usr/share/xmltv/xmltv.dtd';

/** Runs the real tv_validate_file on the text; resolves with its exit code and everything it printed. */
async function validate(xml: string, dir: string, name: string) {
  const file = join(dir, name);
  await writeFile(file, xml);
  return new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      VALIDATOR,
      ['--dtd-file', DTD, file],
      { env: { ...process.env, XMLTV_SUPPLEMENT: '/usr/share/xmltv' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}`.trim() });
      },
    );
  });
}

const ids = (xml: string, pattern: RegExp) => [...xml.matchAll(pattern)].map((m) => m[1]);

describe('XMLTV exports pass xmltv-util’s tv_validate_file (seeded demo data)', () => {
  let api: Awaited<ReturnType<typeof startDeviceApi>>;
  let dir: string;

  beforeAll(async () => {
    // Not a skip: a machine without the validator fails here, saying what to install.
    for (const path of [VALIDATOR, DTD])
      await access(path).catch(() => {
        throw new Error(
          `${path} is missing: install the Debian package xmltv-util (scripts/stack.sh installs it).`,
        );
      });
    api = await startDeviceApi();
    dir = await mkdtemp(join(tmpdir(), 'keten-xmltv-validate-'));
  }, 120_000);
  afterAll(async () => {
    await api?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the console export of every channel for today: valid, only channels with programmes, DTD-form ids', async () => {
    const channels = await api.prisma.channel.findMany({ select: { id: true, slug: true, state: true } });
    const today = amsterdamDate(new Date());
    const tomorrow = amsterdamDate(new Date(Date.now() + 86_400_000));
    const response = await api.trpc(
      'schedule.exportXmltv',
      { channelIds: channels.map((c) => c.id), from: `${today} 00:00`, to: `${tomorrow} 00:00` },
      { role: 'SUPPORT' },
    );
    expect(response.status).toBe(200);
    const exported = response.body.result?.data.json as {
      xml: string;
      channels: number;
      channelsWithoutProgrammes: number;
      programmes: number;
    };
    expect(exported.programmes).toBeGreaterThan(1000);
    const listed = ids(exported.xml, /<channel id="([^"]+)">/g);
    expect(listed).toHaveLength(exported.channels);
    // The seed has channels that are not live and so have no EPG: they are left out, and counted.
    expect(exported.channelsWithoutProgrammes).toBeGreaterThan(0);
    expect(exported.channels + exported.channelsWithoutProgrammes).toBe(channels.length);
    const quiet = channels.find((c) => c.state !== 'LIVE');
    expect(listed).not.toContain(`${quiet?.slug}.keten.tv`);
    for (const id of listed) expect(id).toMatch(XMLTV_CHANNEL_ID);
    expect(exported.xml).not.toContain('<lcn>');

    expect(await validate(exported.xml, dir, 'console.xml')).toEqual({ code: 0, output: 'Validated ok.' });
  });

  it('a box’s /v1/epg.xml: valid, and its channel ids are the lineup’s XMLTV ids', async () => {
    const pair = await activateThroughConsole(api, (await assignedDevice(api)).id);
    const response = await api.app.inject({ method: 'GET', url: '/v1/epg.xml', headers: bearer(pair) });
    expect(response.statusCode).toBe(200);
    const xml = response.body;
    const listed = ids(xml, /<channel id="([^"]+)">/g);
    expect(listed.length).toBeGreaterThan(10);
    expect(new Set(ids(xml, /channel="([^"]+)"/g))).toEqual(new Set(listed));

    expect(await validate(xml, dir, 'device.xml')).toEqual({ code: 0, output: 'Validated ok.' });
  });

  it('awkward texts and the autumn clock change stay valid; a file with faults is refused by the same check', async () => {
    const channel = await api.prisma.channel.create({
      data: { lcn: 990, name: 'Rand & Co', slug: 'rand-co', genre: 'GENERAL', language: 'nl', state: 'LIVE' },
    });
    const at = (iso: string) => new Date(iso);
    await api.prisma.programme.createMany({
      data: [
        {
          channelId: channel.id,
          startsAt: at('2026-10-24T23:30:00Z'),
          endsAt: at('2026-10-25T01:30:00Z'),
          title: 'Nacht <live> & "direct"',
          description: "Twee regels:\nmet <tekens> & 'quotes' en é ü ß.",
          category: 'Muziek & dans',
          seasonNumber: null,
          episodeNumber: 7,
          episodeTitle: 'Deel 7',
          ageRating: '16',
        },
        {
          channelId: channel.id,
          startsAt: at('2026-10-25T01:30:00Z'),
          endsAt: at('2026-10-25T02:00:00Z'),
          title: 'Herhaald uur',
          description: '   ',
          seasonNumber: 3,
        },
      ],
    });
    const response = await api.trpc(
      'schedule.exportXmltv',
      { channelIds: [channel.id], from: '2026-10-24 00:00', to: '2026-10-26 00:00' },
      { role: 'SUPPORT' },
    );
    expect(response.status).toBe(200);
    const { xml } = (response.body.result?.data.json ?? { xml: '' }) as { xml: string };
    expect(xml).toContain(
      'start="20261025013000 +0200" stop="20261025023000 +0100" channel="rand-co.keten.tv"',
    );
    expect(xml).toContain('<episode-num system="xmltv_ns">.6.</episode-num>');
    expect(await validate(xml, dir, 'awkward.xml')).toEqual({ code: 0, output: 'Validated ok.' });

    // The check is real: the old export's faults (a slug as id, <lcn>, an empty <desc>) each fail it.
    const broken = xml
      .replace(/rand-co\.keten\.tv/g, 'rand-co')
      .replace('<display-name>990</display-name>', '<display-name>990</display-name><lcn>990</lcn>');
    const refused = await validate(broken, dir, 'broken.xml');
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/not valid according to the xmltv dtd/);
    const badId = await validate(xml.replace(/rand-co\.keten\.tv/g, 'rand-co'), dir, 'bad-id.xml');
    expect(badId).toMatchObject({ code: 1, output: expect.stringMatching(/Invalid channel-id 'rand-co'/) });
  });
});
