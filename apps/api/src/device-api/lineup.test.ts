import { type TDeviceTokenPair, type TEpg, type TLineup, xmltvChannelId } from '@keten/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateThroughConsole, bearer, startDeviceApi } from './device-api.fixtures';

let api: Awaited<ReturnType<typeof startDeviceApi>>;
beforeAll(async () => {
  api = await startDeviceApi();
}, 60_000);
afterAll(() => api?.stop());

const get = (url: string, pair: TDeviceTokenPair, headers: Record<string, string> = {}) =>
  api.app.inject({ method: 'GET', url, headers: { ...bearer(pair), ...headers } });
const lineupOf = async (pair: TDeviceTokenPair) => (await get('/v1/lineup', pair)).json() as TLineup;

/** A box of this model whose ACTIVE subscriber has no running SPORT subscription. */
async function boxWithoutSport(boxModel: string) {
  const now = new Date();
  return api.prisma.device.findFirstOrThrow({
    where: {
      boxModel: { code: boxModel },
      status: { in: ['ACTIVE', 'PENDING_ACTIVATION'] },
      subscriber: {
        status: 'ACTIVE',
        subscriptions: { some: { startsAt: { lte: now }, OR: [{ endsAt: null }, { endsAt: { gt: now } }] } },
        NOT: { subscriptions: { some: { package: { code: 'SPORT' } } } },
      },
    },
    orderBy: { serial: 'asc' },
  });
}

describe('device lineup and guide', () => {
  it('lists only entitled channels: no SPORT channels until the subscriber takes the package; none when suspended', async () => {
    const device = await boxWithoutSport('nokia-sb8000');
    const pair = await activateThroughConsole(api, device.id);
    const sportOnly = await api.prisma.channel.findMany({
      where: {
        state: 'LIVE',
        packages: { some: { package: { code: 'SPORT' } } },
        NOT: {
          packages: {
            some: { package: { subscriptions: { some: { subscriberId: device.subscriberId ?? '' } } } },
          },
        },
      },
      select: { id: true },
    });
    expect(sportOnly.length).toBeGreaterThan(0);
    const before = await lineupOf(pair);
    expect(before.channels.length).toBeGreaterThan(0);
    const ids = new Set(before.channels.map((c) => c.id));
    expect(sportOnly.filter((c) => ids.has(c.id))).toEqual([]);
    const sport = await api.prisma.package.findUniqueOrThrow({ where: { code: 'SPORT' } });
    await api.prisma.subscription.create({
      data: {
        subscriberId: device.subscriberId ?? '',
        packageId: sport.id,
        startsAt: new Date(Date.now() - 60_000),
      },
    });
    const after = new Set((await lineupOf(pair)).channels.map((c) => c.id));
    expect(sportOnly.some((c) => after.has(c.id))).toBe(true);
    await api.prisma.subscriber.update({
      where: { id: device.subscriberId ?? '' },
      data: { status: 'SUSPENDED' },
    });
    const suspended = await get('/v1/lineup', pair);
    expect(suspended.statusCode).toBe(403);
    expect(suspended.json()).toMatchObject({ code: 'ENTITLEMENT_DENIED' });
  });

  it('offers a pop-up channel only inside an availability window', async () => {
    const device = await boxWithoutSport('kaon-kstb6077');
    const pair = await activateThroughConsole(api, device.id);
    const channel = (await lineupOf(pair)).channels.at(-1);
    if (!channel) throw new Error('empty lineup');
    const hour = 3_600_000;
    const past = await api.prisma.availabilityWindow.create({
      data: {
        channelId: channel.id,
        startsAt: new Date(Date.now() - 3 * hour),
        endsAt: new Date(Date.now() - hour),
      },
    });
    expect((await lineupOf(pair)).channels.map((c) => c.id)).not.toContain(channel.id);
    await api.prisma.availabilityWindow.create({
      data: {
        channelId: channel.id,
        startsAt: new Date(Date.now() - hour),
        endsAt: new Date(Date.now() + hour),
      },
    });
    expect((await lineupOf(pair)).channels.map((c) => c.id)).toContain(channel.id);
    await api.prisma.availabilityWindow.deleteMany({ where: { channelId: channel.id } });
    expect(past.channelId).toBe(channel.id);
  });

  it('gives the legacy Arris box only H.264 rungs up to 720p, while a current box gets 1080p', async () => {
    const arris = await activateThroughConsole(api, (await boxWithoutSport('arris-vip1113')).id);
    const nokia = await activateThroughConsole(api, (await boxWithoutSport('nokia-sb8000')).id);
    const arrisRungs = (await lineupOf(arris)).channels.flatMap((c) => c.rungs);
    expect(arrisRungs.length).toBeGreaterThan(0);
    expect(arrisRungs.filter((r) => r.codec === 'HEVC' || r.height > 720)).toEqual([]);
    const nokiaRungs = (await lineupOf(nokia)).channels.flatMap((c) => c.rungs);
    expect(nokiaRungs.some((r) => r.height >= 1080)).toBe(true);
  });

  it('answers 304 to If-None-Match on lineup, EPG and playlist, with a private short Cache-Control', async () => {
    const pair = await activateThroughConsole(api, (await boxWithoutSport('technicolor-uiw4020')).id);
    for (const url of ['/v1/lineup', '/v1/epg', '/v1/epg.xml', '/v1/playlist.m3u']) {
      const first = await get(url, pair);
      expect(first.statusCode, url).toBe(200);
      expect(first.headers['cache-control']).toBe('private, max-age=60');
      const etag = String(first.headers.etag);
      expect(etag).toMatch(/^"[\w-]+"$/);
      const second = await get(url, pair, { 'if-none-match': etag });
      expect(second.statusCode, url).toBe(304);
      expect(second.body).toBe('');
      expect((await get(url, pair, { 'if-none-match': '"stale"' })).statusCode).toBe(200);
    }
  });

  it('serves the guide for the lineup as JSON, XMLTV and extended M3U, and bounds the window', async () => {
    const pair = await activateThroughConsole(api, (await boxWithoutSport('sagemcom-diw387')).id);
    const lineup = await lineupOf(pair);
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 6 * 3_600_000).toISOString();
    const epg = (await get(`/v1/epg?from=${from}&to=${to}`, pair)).json() as TEpg;
    expect(epg.channels.map((c) => c.id)).toEqual(lineup.channels.map((c) => c.id));
    expect(epg.channels.some((c) => c.programmes.length > 0)).toBe(true);
    for (const p of epg.channels.flatMap((c) => c.programmes)) {
      expect(p.start < to && p.end > from).toBe(true);
    }
    const tooLong = await get(
      `/v1/epg?from=${from}&to=${new Date(Date.now() + 72 * 3_600_000).toISOString()}`,
      pair,
    );
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json()).toMatchObject({ code: 'INVALID_INPUT', field: 'to' });
    const notADate = await get('/v1/epg?from=yesterday', pair);
    expect(notADate.json()).toMatchObject({ code: 'INVALID_INPUT', field: 'from' });
    const xml = (await get(`/v1/epg.xml?from=${from}&to=${to}`, pair)).body;
    expect(xml).toContain('<tv generator-info-name="Keten">');
    expect(xml).toContain(`<channel id="${xmltvChannelId(lineup.channels[0]?.slug ?? '')}">`);
    // No channel of the seed is on air: listed only when asked for, marked off air.
    expect((await get('/v1/playlist.m3u', pair)).body.trim().split('\n')).toHaveLength(1);
    const m3u = await get('/v1/playlist.m3u?offAir=show', pair);
    expect(m3u.headers['content-type']).toContain('audio/x-mpegurl');
    const lines = m3u.body.trim().split('\n');
    expect(lines[0]).toMatch(/^#EXTM3U url-tvg="http:\/\/[^"]+\/v1\/epg\.xml" x-tvg-url="[^"]+"$/);
    expect(lines.filter((l) => l.startsWith('#EXTINF:-1 '))).toHaveLength(lineup.channels.length);
    const first = lineup.channels[0];
    expect(lines[1]).toContain(
      `tvg-id="${xmltvChannelId(first?.slug ?? '')}" tvg-chno="${first?.lcn}" tvg-name="${first?.name}"`,
    );
    expect(lines[1]).toContain('group-title="Off air"');
    expect(lines[2]).toMatch(
      new RegExp(
        `/media/live/${first?.slug}/master\\.m3u8\\?kid=[\\w-]+&exp=\\d+&dev=[\\w-]+&sub=[\\w-]+&max=\\d+&sig=[\\w-]+$`,
      ),
    );
  });

  it('limits each device per minute with 429, Retry-After and a problem document', async () => {
    const pair = await activateThroughConsole(api, (await boxWithoutSport('amino-a140')).id);
    const config = api.deps.deviceApi;
    if (!config) throw new Error('device API not configured');
    api.deps.deviceApi = { ...config, rateLimitPerMinute: 3 };
    try {
      const statuses: number[] = [];
      let limited = await get('/v1/lineup', pair);
      for (let i = 0; i < 4 && limited.statusCode !== 429; i++) {
        statuses.push(limited.statusCode);
        limited = await get('/v1/lineup', pair);
      }
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.headers['content-type']).toContain('application/problem+json');
      expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
      expect(statuses.every((s) => s === 200)).toBe(true);
    } finally {
      api.deps.deviceApi = config;
    }
  });
});
