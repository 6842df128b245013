import { Writable } from 'node:stream';
import { type TLineupChannel, type TPlayerUrls, xmltvChannelId } from '@keten/contracts';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unreachableRedis } from '../../test/harness';
import { activateThroughConsole, startDeviceApi } from '../device-api/device-api.fixtures';
import { deviceLineup } from '../device-api/lineup.service';
import { registerMediaOrigin } from '../playback/media-origin';
import { makeLiveHls, putOnAir } from '../playback/playback.fixtures';
import { buildServer } from '../server';
import { issuePlayerUrls, subscriberWithBoxes, waitUntil } from './players.fixtures';

const PUBLIC = 'https://tv.example.net';
let api: Awaited<ReturnType<typeof startDeviceApi>>;
let onAir: TLineupChannel;
let lineup: TLineupChannel[];

beforeAll(async () => {
  api = await startDeviceApi();
  api.deps.publicApiUrl = PUBLIC;
  const { subscriber, deviceIds } = await subscriberWithBoxes(api, 1);
  const box = await api.prisma.device.findUniqueOrThrow({
    where: { id: deviceIds[0] ?? '' },
    include: { boxModel: true },
  });
  // Setup only: the lineup every test subscriber gets; its first channel is put on air as a worker would.
  lineup = await deviceLineup(api.prisma, { subscriberId: subscriber.id, boxModel: box.boxModel.code });
  const first = lineup[0];
  if (!first || lineup.length < 3) throw new Error('the seeded lineup is too short');
  onAir = { ...first, onAir: true };
  await makeLiveHls(api.deps.mediaRoot, onAir.slug);
  await putOnAir(api.prisma, onAir.id);
}, 90_000);
afterAll(() => api?.stop());

/** What a player does: GET the URL, no header of its own (the test API answers on PUBLIC's paths). */
const load = (url: string, headers: Record<string, string> = {}) =>
  api.app.inject({ method: 'GET', url: url.startsWith(PUBLIC) ? url.slice(PUBLIC.length) : url, headers });
const codeOf = (response: { json: () => unknown }) => (response.json() as { code: string }).code;
const entries = (m3u: string) =>
  m3u
    .trim()
    .split('\n')
    .slice(1)
    .flatMap((line, i, all) => (line.startsWith('#EXTINF') ? [{ info: line, url: all[i + 1] ?? '' }] : []));
const tokenOf = (urls: TPlayerUrls) => /\/v1\/p\/([\w-]{43})\//.exec(urls.playlistUrl)?.[1] ?? '';
const newBox = async (maxConcurrentStreams = 2) => {
  const { subscriber, deviceIds } = await subscriberWithBoxes(api, 1, maxConcurrentStreams);
  const deviceId = deviceIds[0] ?? '';
  return { subscriber, deviceId, urls: await issuePlayerUrls(api, deviceId) };
};

/** Plays the on-air channel as a player would from its M3U: playlist → stream URL (302) → master → variant. */
async function play(urls: TPlayerUrls) {
  const stream = entries((await load(urls.playlistUrl)).body).find((e) =>
    e.url.includes(`/live/${onAir.slug}.`),
  );
  const redirect = await load(stream?.url ?? 'missing');
  const master = await load(String(redirect.headers.location));
  const query = String(redirect.headers.location).split('?')[1];
  const variant = `/media/live/${onAir.slug}/v0/index.m3u8?${query}`;
  return { redirect, master, variant, segment: `/media/live/${onAir.slug}/v0/index0.ts?${query}` };
}

describe('player URLs (M3U and EPG by URL alone)', () => {
  it('support issues them; a player loads the M3U and guide without any header, only channels on air listed', async () => {
    const { deviceId, urls } = await newBox();
    const token = tokenOf(urls);
    expect(urls.playlistUrl).toBe(`${PUBLIC}/v1/p/${token}/playlist.m3u`);
    expect(urls.epgUrl).toBe(`${PUBLIC}/v1/p/${token}/epg.xml`);
    expect(token.endsWith(urls.hint)).toBe(true);
    const noc = await api.trpc(
      'subscribers.devices.issuePlayerUrls',
      { deviceId },
      { role: 'NOC', kind: 'mutation' },
    );
    expect(noc.status).toBe(403);
    const audit = await api.prisma.auditEntry.findFirstOrThrow({
      where: { entityId: deviceId, action: 'device.player-urls-issue' },
    });
    expect(audit.after).toMatchObject({ playerTokenHint: urls.hint });
    expect(JSON.stringify(audit)).not.toContain(token);

    const m3u = await load(urls.playlistUrl);
    expect(m3u.statusCode).toBe(200);
    // Exactly: mpv takes it for an M3U only then (m3u.ts).
    expect(m3u.headers['content-type']).toBe('audio/x-mpegurl');
    expect(m3u.headers['cache-control']).toBe('private, no-cache');
    expect(m3u.body.split('\n')[0]).toBe(`#EXTM3U url-tvg="${urls.epgUrl}" x-tvg-url="${urls.epgUrl}"`);
    const listed = entries(m3u.body);
    expect(listed).toHaveLength(1);
    expect(listed[0]?.info).toBe(
      `#EXTINF:-1 tvg-id="${xmltvChannelId(onAir.slug)}" tvg-chno="${onAir.lcn}" tvg-name="${onAir.name}" tvg-logo="${PUBLIC}${onAir.logoUrl}" group-title="${onAir.genre.charAt(0)}${onAir.genre.slice(1).toLowerCase()}",${onAir.name}`,
    );
    expect(listed[0]?.url).toBe(`${PUBLIC}/v1/p/${token}/live/${onAir.slug}.m3u8`);
    expect((await load(urls.playlistUrl, { 'if-none-match': String(m3u.headers.etag) })).statusCode).toBe(
      304,
    );

    const guide = await load(urls.epgUrl);
    expect(guide.statusCode).toBe(200);
    expect(guide.headers['content-type']).toContain('application/xml');
    expect(guide.body).toContain('<tv ');
    expect(guide.body).toContain('<programme ');
  });

  it('offAir=show lists the other channels too, marked off air, each with a logo (a drawn one when it has none)', async () => {
    const { urls } = await newBox();
    const bare = lineup[2];
    await api.prisma.channel.update({ where: { id: bare?.id ?? '' }, data: { logoPath: null } });
    const listed = entries((await load(`${urls.playlistUrl}?offAir=show`)).body);
    expect(listed).toHaveLength(lineup.length);
    expect(listed[0]?.info).toContain(`group-title="`);
    const offAir = listed.slice(1);
    expect(
      offAir.every((e) => e.info.includes('group-title="Off air"') && e.info.endsWith(' (off air)')),
    ).toBe(true);
    const drawn = offAir.find((e) => e.info.includes(`tvg-id="${xmltvChannelId(bare?.slug ?? '')}"`));
    const logoUrl = /tvg-logo="([^"]+)"/.exec(drawn?.info ?? '')?.[1] ?? '';
    expect(logoUrl).toBe(`${PUBLIC}/media/logos/generated/${bare?.slug}.svg`);
    const logo = await load(logoUrl);
    expect(logo.statusCode).toBe(200);
    expect(logo.headers['content-type']).toBe('image/svg+xml');
    expect(logo.body).toContain(`<title>${bare?.name}</title>`);
    expect((await load('/media/logos/generated/no-such-channel.svg')).statusCode).toBe(404);
    expect((await load(`${urls.playlistUrl}?offAir=maybe`)).json()).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'offAir',
    });
  });

  it('a stream entry redirects to a counted signed URL that plays through the origin; off air is 404', async () => {
    const { subscriber, urls } = await newBox();
    const { redirect, master, variant, segment } = await play(urls);
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers['cache-control']).toBe('no-store');
    expect(String(redirect.headers.location)).toMatch(
      new RegExp(
        `^${PUBLIC}/media/live/${onAir.slug}/master\\.m3u8\\?kid=[\\w-]{8}&exp=\\d+&dev=[\\w-]+&sub=${subscriber.id}&max=2&sig=[\\w-]{43}$`,
      ),
    );
    expect(master.statusCode).toBe(200);
    expect((await load(variant)).statusCode).toBe(200);
    const bytes = await load(segment);
    expect(bytes.statusCode).toBe(200);
    expect(bytes.rawPayload[0]).toBe(0x47);
    const token = tokenOf(urls);
    const offAir = await load(`/v1/p/${token}/live/${lineup[1]?.slug}.m3u8`);
    expect(offAir.statusCode).toBe(404);
    expect(offAir.headers['content-type']).toContain('application/problem+json');
    const other = await api.prisma.channel.findFirstOrThrow({
      where: { state: 'LIVE', id: { notIn: lineup.map((c) => c.id) } },
    });
    const denied = await load(`/v1/p/${token}/live/${other.slug}.m3u8`);
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ code: 'ENTITLEMENT_DENIED', field: 'slug' });
  });

  it('reissuing kills the old URLs at once; the new ones work', async () => {
    const { deviceId, urls } = await newBox();
    expect((await load(urls.playlistUrl)).statusCode).toBe(200);
    const fresh = await issuePlayerUrls(api, deviceId);
    expect(fresh.playlistUrl).not.toBe(urls.playlistUrl);
    for (const old of [urls.playlistUrl, urls.epgUrl, `/v1/p/${tokenOf(urls)}/live/${onAir.slug}.m3u8`]) {
      const refused = await load(old);
      expect(refused.statusCode, old).toBe(403);
      expect(codeOf(refused)).toBe('TOKEN_INVALID');
    }
    expect((await load(fresh.playlistUrl)).statusCode).toBe(200);
    expect((await load(fresh.epgUrl)).statusCode).toBe(200);
  });

  it("a revoked box's M3U and EPG URLs answer 403 within 10 s, its streams stop, and activating it again does not revive them", async () => {
    const { deviceId, urls } = await newBox();
    const { segment } = await play(urls);
    expect((await load(segment)).statusCode).toBe(200);
    const revoked = await api.trpc(
      'subscribers.devices.revokeToken',
      { deviceId },
      { role: 'SUPPORT', kind: 'mutation' },
    );
    expect(revoked.status).toBe(200);
    const refused = async (url: string) => (await load(url)).statusCode === 403;
    const took = await waitUntil(
      'M3U and EPG refused',
      async () => (await refused(urls.playlistUrl)) && (await refused(urls.epgUrl)),
    );
    await waitUntil('stream refused', () => refused(segment));
    console.info(`player URLs refused ${took} ms after the revoke`);
    expect(codeOf(await load(segment))).toBe('DEVICE_REVOKED');
    expect((await issuePlayerUrls(api, deviceId).catch((e: Error) => e.message)).toString()).toContain(
      'revoked',
    );
    await activateThroughConsole(api, deviceId);
    expect(codeOf(await load(urls.playlistUrl))).toBe('TOKEN_INVALID');
  });

  it('moving the box to another subscriber ends its player URLs (they would show the new one its channels)', async () => {
    const { deviceId, urls } = await newBox();
    const next = await api.prisma.subscriber.findFirstOrThrow({
      where: { status: 'ACTIVE', name: { not: 'Player URL Test' } },
    });
    const moved = await api.trpc(
      'subscribers.devices.assign',
      { deviceId, accountNumber: next.accountNumber },
      { role: 'SUPPORT', kind: 'mutation' },
    );
    expect(moved.status).toBe(200);
    expect(codeOf(await load(urls.playlistUrl))).toBe('TOKEN_INVALID');
    const row = await api.prisma.device.findUniqueOrThrow({ where: { id: deviceId } });
    expect([row.playerTokenHash, row.playerTokenHint, row.playerTokenIssuedAt]).toEqual([null, null, null]);
  });

  it('a subscription change shows in the playlist at once (revalidated, new ETag)', async () => {
    const { subscriber, urls } = await newBox();
    const before = await load(urls.playlistUrl);
    expect(entries(before.body)).toHaveLength(1);
    await api.prisma.subscription.updateMany({
      where: { subscriberId: subscriber.id },
      data: { endsAt: new Date(Date.now() - 1000) },
    });
    const after = await load(urls.playlistUrl, { 'if-none-match': String(before.headers.etag) });
    expect(after.statusCode).toBe(200);
    expect(entries(after.body)).toHaveLength(0);
    await api.prisma.subscriber.update({ where: { id: subscriber.id }, data: { status: 'SUSPENDED' } });
    expect(codeOf(await load(urls.playlistUrl))).toBe('ENTITLEMENT_DENIED');
  });

  it('refuses a malformed token naming it, and an unknown one with 403', async () => {
    const malformed = await load('/v1/p/not-a-token/playlist.m3u');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'INVALID_INPUT', field: 'token' });
    const unknown = await load(`/v1/p/${'A'.repeat(43)}/epg.xml`);
    expect(unknown.statusCode).toBe(403);
    expect(codeOf(unknown)).toBe('TOKEN_INVALID');
  });
});

describe('concurrent streams from M3U', () => {
  it('limit two: two boxes play from their M3U, the third is refused (409) until one stops and its slot lapses', async () => {
    const config = api.deps.deviceApi;
    if (!config) throw new Error('device API not configured');
    api.deps.deviceApi = { ...config, streamTtlMs: 2000 };
    const { deviceIds } = await subscriberWithBoxes(api, 3, 2);
    const [a, b, c] = await Promise.all(deviceIds.map((id) => issuePlayerUrls(api, id)));
    if (!a || !b || !c) throw new Error('three boxes expected');
    let keepPlaying: NodeJS.Timeout | undefined;
    try {
      expect((await play(a)).master.statusCode).toBe(200);
      const second = await play(b);
      expect(second.master.statusCode).toBe(200);
      const third = await play(c);
      expect(third.redirect.statusCode).toBe(302);
      expect(third.master.statusCode).toBe(409);
      expect(third.master.headers['content-type']).toContain('application/problem+json');
      expect(codeOf(third.master)).toBe('CONCURRENCY_LIMIT');
      // a stops (makes no more requests); b plays on, refreshing its live playlist as players do.
      keepPlaying = setInterval(() => void load(second.variant), 400);
      await waitUntil(
        'third box admitted once the stopped box lapsed',
        async () => (await play(c)).master.statusCode === 200,
      );
      expect((await load(second.variant)).statusCode).toBe(200);
      expect(codeOf((await play(a)).master)).toBe('CONCURRENCY_LIMIT');
    } finally {
      clearInterval(keepPlaying);
      api.deps.deviceApi = config;
    }
  });

  it('Redis unreachable: the origin lets counted plays through rather than stop everyone, and says so once', async () => {
    const { urls } = await newBox();
    const { variant } = await play(urls);
    const redis = await unreachableRedis();
    let log = '';
    const stream = new Writable({
      write(chunk, _encoding, done) {
        log += String(chunk);
        done();
      },
    });
    const origin = Fastify({ logger: { level: 'error', stream } });
    const neverRevoked = { has: () => false, start: async () => {}, stop: () => {}, entries: () => [] };
    registerMediaOrigin(origin, { ...api.deps, redis }, neverRevoked);
    try {
      for (let i = 0; i < 3; i++)
        expect((await origin.inject({ method: 'GET', url: variant })).statusCode).toBe(200);
    } finally {
      await origin.close();
      redis.disconnect();
    }
    expect(log.match(/cannot count streams/g)).toHaveLength(1);
  });
});

describe('logs', () => {
  it('never carry a player token: URLs in request logs are redacted', async () => {
    const { urls } = await newBox();
    let log = '';
    const stream = new Writable({
      write(chunk, _encoding, done) {
        log += String(chunk);
        done();
      },
    });
    const logged = await buildServer({ ...api.deps }, { logger: { level: 'info', stream } });
    try {
      for (const url of [
        urls.playlistUrl,
        urls.epgUrl,
        `${urls.playlistUrl.replace('playlist.m3u', 'nope')}`,
      ]) {
        await logged.inject({ method: 'GET', url: url.slice(PUBLIC.length) });
      }
    } finally {
      await logged.close();
    }
    expect(log).toContain('"url":"/v1/p/[redacted]/playlist.m3u"');
    expect(log).toContain('"url":"/v1/p/[redacted]/nope"');
    expect(log).not.toContain(tokenOf(urls));
  });
});
