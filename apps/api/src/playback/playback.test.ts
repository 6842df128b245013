import type { TDeviceTokenPair, TLineup, TPlayResponse } from '@keten/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activateThroughConsole,
  assignedDevice,
  bearer,
  startDeviceApi,
} from '../device-api/device-api.fixtures';
import { makeLiveHls, putOnAir } from './playback.fixtures';

let api: Awaited<ReturnType<typeof startDeviceApi>>;
let pair: TDeviceTokenPair;
let entitled: { id: string; slug: string };
let deviceId: string;
let subscriberId: string;

beforeAll(async () => {
  api = await startDeviceApi();
  const device = await assignedDevice(api);
  deviceId = device.id;
  subscriberId = device.subscriberId ?? '';
  pair = await activateThroughConsole(api, device.id);
  const lineup = (
    await api.app.inject({ method: 'GET', url: '/v1/lineup', headers: bearer(pair) })
  ).json() as TLineup;
  const first = lineup.channels[0];
  if (!first) throw new Error('the seeded box has an empty lineup');
  entitled = first;
  await makeLiveHls(api.deps.mediaRoot, entitled.slug);
  await putOnAir(api.prisma, entitled.id);
}, 90_000);
afterAll(() => api?.stop());

const play = (channel: string, tokens = pair) =>
  api.app.inject({ method: 'POST', url: `/v1/play/${channel}`, headers: bearer(tokens) });
const get = (url: string) => api.app.inject({ method: 'GET', url });
const codeOf = (response: { json: () => unknown }) => (response.json() as { code: string }).code;
const stop = (tokens: TDeviceTokenPair) =>
  api.app.inject({ method: 'POST', url: '/v1/play/stop', headers: bearer(tokens) });

describe('playback authorization', () => {
  it('an entitled play returns a signed URL that serves the master, the variant and a segment', async () => {
    const response = await play(entitled.id);
    expect(response.statusCode).toBe(200);
    const body = response.json() as TPlayResponse;
    expect(body.url).toMatch(
      new RegExp(
        `^/media/live/${entitled.slug}/master\\.m3u8\\?kid=[\\w-]{8}&exp=\\d+&dev=${deviceId}&sig=[\\w-]{43}$`,
      ),
    );
    const query = body.url.split('?')[1] ?? '';
    const master = await get(body.url);
    expect(master.statusCode).toBe(200);
    expect(master.headers['content-type']).toBe('application/vnd.apple.mpegurl');
    expect(master.body).toContain(`v0/index.m3u8?${query}`);
    const variant = await get(`/media/live/${entitled.slug}/v0/index.m3u8?${query}`);
    expect(variant.statusCode).toBe(200);
    const segment = variant.body.split('\n').find((line) => line.endsWith(query) && line.includes('.ts'));
    expect(segment).toBe(`index0.ts?${query}`);
    const bytes = await get(`/media/live/${entitled.slug}/v0/${segment}`);
    expect(bytes.statusCode).toBe(200);
    expect(bytes.headers['content-type']).toBe('video/mp2t');
    expect(bytes.rawPayload[0]).toBe(0x47); // MPEG-TS sync byte
    await stop(pair);
  });

  it('the lineup and M3U carry signed URLs too, stable within the hour (ETag still 304s)', async () => {
    const lineup = await api.app.inject({ method: 'GET', url: '/v1/lineup', headers: bearer(pair) });
    const channel = (lineup.json() as TLineup).channels.find((c) => c.id === entitled.id);
    expect(channel?.streamUrl).toMatch(/^\/media\/live\/.+\/master\.m3u8\?kid=/);
    expect((await get(channel?.streamUrl ?? '')).statusCode).toBe(200);
    const again = await api.app.inject({
      method: 'GET',
      url: '/v1/lineup',
      headers: { ...bearer(pair), 'if-none-match': String(lineup.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    const m3u = await api.app.inject({ method: 'GET', url: '/v1/playlist.m3u', headers: bearer(pair) });
    expect(m3u.body).toContain(`/media/live/${entitled.slug}/master.m3u8?kid=`);
  });

  it('refuses a channel outside the entitlement with ENTITLEMENT_DENIED naming channelId', async () => {
    const lineup = (
      await api.app.inject({ method: 'GET', url: '/v1/lineup', headers: bearer(pair) })
    ).json() as TLineup;
    const other = await api.prisma.channel.findFirstOrThrow({
      where: { state: 'LIVE', id: { notIn: lineup.channels.map((c) => c.id) } },
    });
    const response = await play(other.id);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'ENTITLEMENT_DENIED', field: 'channelId' });
  });

  it('a tampered, expired or other-device URL is refused with 403 and its code', async () => {
    const { url } = (await play(entitled.id)).json() as TPlayResponse;
    const segment = url.replace('master.m3u8', 'v0/index0.ts');
    const sig = /sig=([\w-]+)/.exec(url)?.[1] ?? '';
    const flipped = `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    const tampered = await get(segment.replace(sig, flipped));
    expect(tampered.statusCode).toBe(403);
    expect(tampered.headers['content-type']).toContain('application/problem+json');
    expect(codeOf(tampered)).toBe('TOKEN_INVALID');
    // Another device presenting this device's signature under its own id.
    const otherDevice = await get(segment.replace(`dev=${deviceId}`, 'dev=some-other-device'));
    expect(codeOf(otherDevice)).toBe('TOKEN_INVALID');
    // Another channel's folder with this channel's signature.
    const otherChannel = await get(segment.replace(`/live/${entitled.slug}/`, '/live/another-channel/'));
    expect(codeOf(otherChannel)).toBe('TOKEN_INVALID');
    expect(codeOf(await get(segment.split('?')[0] ?? ''))).toBe('TOKEN_INVALID');
    // Expiry is only believed once the MAC matches: moving exp alone is tampering; a past exp signed right is expired.
    const exp = Number(/exp=(\d+)/.exec(url)?.[1]);
    expect(codeOf(await get(segment.replace(`exp=${exp}`, `exp=${exp + 3600}`)))).toBe('TOKEN_INVALID');
    const { signedChannelUrl } = await import('./playback.service');
    const { playbackKeys } = await import('./playback-keys');
    const past = signedChannelUrl(
      playbackKeys(api.deps),
      entitled.slug,
      deviceId,
      Math.floor(Date.now() / 1000) - 1,
    );
    const expired = await get(past.replace('master.m3u8', 'v0/index0.ts'));
    expect(expired.statusCode).toBe(403);
    expect(codeOf(expired)).toBe('TOKEN_EXPIRED');
    await stop(pair);
  });

  it('with maxConcurrentStreams = 1 a second device is refused, the same device may switch channel', async () => {
    // A fresh subscriber (random id): seeded ids are fixed, and Redis is shared with concurrent test runs.
    const original = await api.prisma.subscriber.findUniqueOrThrow({
      where: { id: subscriberId },
      include: { subscriptions: true },
    });
    const fresh = await api.prisma.subscriber.create({
      data: {
        accountNumber: `T${Date.now()}`,
        name: 'Concurrency Test',
        region: original.region,
        maxConcurrentStreams: 1,
        subscriptions: {
          create: original.subscriptions.map((s) => ({
            packageId: s.packageId,
            startsAt: s.startsAt,
            endsAt: s.endsAt,
          })),
        },
      },
    });
    const [one, two] = [await assignedDevice(api, { skip: 3 }), await assignedDevice(api, { skip: 4 })];
    await api.prisma.device.updateMany({
      where: { id: { in: [one.id, two.id] } },
      data: { subscriberId: fresh.id },
    });
    const first = await activateThroughConsole(api, one.id);
    const second = await activateThroughConsole(api, two.id);
    expect((await play(entitled.id, first)).statusCode).toBe(200);
    expect((await play(entitled.slug, first)).statusCode).toBe(200); // same box, again: still one stream
    const refused = await play(entitled.id, second);
    expect(refused.statusCode).toBe(409);
    expect(codeOf(refused)).toBe('CONCURRENCY_LIMIT');
    const heartbeat = await api.app.inject({
      method: 'POST',
      url: '/v1/play/heartbeat',
      headers: bearer(first),
    });
    expect(heartbeat.statusCode).toBe(204);
    await stop(first);
    expect((await play(entitled.id, second)).statusCode).toBe(200);
    // first's slot is gone: its heartbeat says so, and playing again is refused while second plays.
    const lapsed = await api.app.inject({
      method: 'POST',
      url: '/v1/play/heartbeat',
      headers: bearer(first),
    });
    expect(lapsed.statusCode).toBe(409);
    expect(codeOf(await play(entitled.id, first))).toBe('CONCURRENCY_LIMIT');
  });
});

describe('media origin paths', () => {
  it('refuses dot-dot, hidden files and unknown types with 404 before touching the disk', async () => {
    const { url } = (await play(entitled.id)).json() as TPlayResponse;
    const query = url.split('?')[1] ?? '';
    for (const path of ['v0/../../../etc/passwd.ts', '.hidden.ts', 'v0/index0.exe', 'v0/%2e%2e/x.ts']) {
      const response = await get(`/media/live/${entitled.slug}/${path}?${query}`);
      expect(response.statusCode, path).toBe(404);
    }
    expect((await get(`/media/live/${entitled.slug}/v0/missing.ts?${query}`)).statusCode).toBe(404);
    await stop(pair);
  });
});
