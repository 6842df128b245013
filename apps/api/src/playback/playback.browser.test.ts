import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleBeacon, playerPage } from '@keten/beacon/testing';
import type { TDeviceTokenPair, TPlayResponse } from '@keten/contracts';
import { migrateClickHouse } from '@keten/db/clickhouse';
import { seed } from '@keten/db/seed';
import Fastify, { type FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApi, TEST_DEVICE_API } from '../../test/harness';
import { activateThroughConsole, assignedDevice, bearer } from '../device-api/device-api.fixtures';
import { makeLiveHls } from './playback.fixtures';
import { signedChannelUrl } from './playback.service';
import { playbackKeys } from './playback-keys';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
].concat(['--disable-background-networking', '--disable-component-update', '--disable-sync']);

let api: Awaited<ReturnType<typeof startTestApi>>;
let browser: Browser;
let origin: string;
let spoolDir: string;
let deliverySpoolDir: string;
let pair: TDeviceTokenPair;
let play: TPlayResponse;
let hlsScript: string;

beforeAll(async () => {
  spoolDir = await mkdtemp(join(tmpdir(), 'keten-play-spool-'));
  deliverySpoolDir = await mkdtemp(join(tmpdir(), 'keten-play-delivery-'));
  api = await startTestApi({
    beaconSpoolDir: spoolDir,
    deliverySpoolDir,
    deviceApi: { ...TEST_DEVICE_API, rateLimitPerMinute: 10_000 },
  });
  // The player page comes from the API's own origin, as a box app would be served next to its API.
  const page: Record<string, string> = {};
  api.app.get<{ Params: { file: string } }>('/test-player/:file', async (request, reply) => {
    const body = page[request.params.file];
    if (body === undefined) return reply.code(404).send();
    // A box app's page, not the API's own: the API's no-script CSP is not its policy (and the test evaluates in it).
    reply.removeHeader('content-security-policy');
    return reply.type(request.params.file.endsWith('.html') ? 'text/html' : 'text/javascript').send(body);
  });
  await migrateClickHouse(api.deps.clickhouse.client);
  await seed(api.prisma, {
    subscribers: 50,
    epgDaysEachSide: 1,
    mediaRoot: await mkdtemp(join(tmpdir(), 'keten-play-seed-')),
  });
  const device = await assignedDevice(api);
  pair = await activateThroughConsole(api, device.id);
  const lineup = await api.app.inject({ method: 'GET', url: '/v1/lineup', headers: bearer(pair) });
  const channel = (lineup.json() as { channels: Array<{ id: string; slug: string }> }).channels[0];
  if (!channel) throw new Error('empty lineup');
  await makeLiveHls(api.deps.mediaRoot, channel.slug);
  const response = await api.app.inject({
    method: 'POST',
    url: `/v1/play/${channel.id}`,
    headers: bearer(pair),
  });
  play = response.json() as TPlayResponse;
  hlsScript = await readFile(createRequire(import.meta.url).resolve('hls.js/dist/hls.min.js'), 'utf8');
  page['hls.min.js'] = hlsScript;
  page['beacon.js'] = await bundleBeacon();
  page['index.html'] = playerPage({
    beaconEndpoint: '/v1/beacons',
    accessToken: pair.accessToken,
    channelUrls: { [channel.id]: play.url },
    hlsScriptUrl: '/test-player/hls.min.js',
    beaconScriptUrl: '/test-player/beacon.js',
  });
  origin = await api.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.stop();
  if (spoolDir) await rm(spoolDir, { recursive: true, force: true });
  if (deliverySpoolDir) await rm(deliverySpoolDir, { recursive: true, force: true });
});

/** The origin's delivery records of a session (CMCD sid) joined to that session's first frame in qoe_events_v1. */
async function deliveriesJoined(sessionId: string) {
  const result = await api.deps.clickhouse.client.query({
    query: `SELECT d.object AS object, d.path AS path, d.status AS status, d.bytes AS bytes, d.content_id AS content_id, q.start_ms AS start_ms
      FROM delivery_events_v2 AS d
      INNER JOIN (SELECT session_id, start_ms FROM qoe_events_v1 FINAL WHERE event_type = 'first_frame') AS q
        ON d.session_id = q.session_id
      WHERE d.session_id = {s:String}
      ORDER BY d.event_time`,
    query_params: { s: sessionId },
    format: 'JSONEachRow',
  });
  return result.json<{
    object: string;
    path: string;
    status: number;
    bytes: number;
    content_id: string;
    start_ms: number;
  }>();
}

async function startMsInClickHouse(sessionId: string, timeoutMs = 20_000): Promise<number | undefined> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const result = await api.deps.clickhouse.client.query({
      query: `SELECT start_ms FROM qoe_events_v1 FINAL WHERE session_id = {s:String} AND event_type = 'first_frame'`,
      query_params: { s: sessionId },
      format: 'JSONEachRow',
    });
    const [row] = await result.json<{ start_ms: number }>();
    if (row) return row.start_ms;
    await new Promise((r) => setTimeout(r, 250));
  }
  return undefined;
}

describe('real client: hls.js in headless Chromium through a signed URL', () => {
  it('plays every playlist and segment through the signed origin, and the session start time lands in ClickHouse', async () => {
    const page = await browser.newPage();
    const media: Array<{ url: string; status: number }> = [];
    const beaconBodies: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/media/')) media.push({ url: r.url(), status: r.status() });
    });
    page.on('request', (r) => {
      if (r.url().endsWith('/v1/beacons')) beaconBodies.push(r.postData() ?? '');
    });
    await page.goto(`${origin}/test-player/index.html`);
    // A string, evaluated in the page: apps/api is typed without the DOM.
    await page.waitForFunction("document.getElementById('v').currentTime > 1", undefined, {
      timeout: 20_000,
    });
    const sessionId = beaconBodies
      .flatMap((body) => (JSON.parse(body) as { events: Array<{ type: string; sessionId: string }> }).events)
      .find((e) => e.type === 'attempt')?.sessionId;
    expect(sessionId).toBeTruthy();
    const startMs = await startMsInClickHouse(sessionId ?? '');
    console.info(`first frame ${startMs} ms after attempt; ${media.length} signed media requests`);
    expect(startMs).toBeGreaterThan(0);
    expect(startMs).toBeLessThan(10_000);
    // Master, variant and at least one segment, all carrying the signature and all served.
    expect(media.some((m) => m.url.includes('/master.m3u8?'))).toBe(true);
    expect(media.some((m) => m.url.includes('/v0/index.m3u8?'))).toBe(true);
    expect(media.some((m) => /\/v0\/index\d+\.ts\?/.test(m.url))).toBe(true);
    expect(media.every((m) => m.status === 200 && m.url.includes('&sig='))).toBe(true);
    // hls.js sent CMCD with the beacon's session as sid: the origin's delivery records of this session join its QoE.
    // hls.js 1.7 makes its CMCD reporter on the manifest-loading event after the master request went out, so every
    // request but the first carries CMCD.
    expect(media.filter((m) => !m.url.includes('/master.m3u8?')).every((m) => m.url.includes('CMCD='))).toBe(
      true,
    );
    const joined = await vi.waitFor(
      async () => {
        const rows = await deliveriesJoined(sessionId ?? '');
        if (!rows.some((row) => row.object === 'segment'))
          throw new Error(`${rows.length} joined records so far`);
        return rows;
      },
      { timeout: 20_000, interval: 250 },
    );
    console.info(`${joined.length} delivery records joined to session ${sessionId}`);
    expect(joined.map((row) => row.object)).toEqual(expect.arrayContaining(['playlist', 'segment']));
    expect(joined.every((row) => row.status === 200 && row.bytes > 0 && row.start_ms === startMs)).toBe(true);
    expect(joined[0]?.content_id).toBe(play.channelId);
    await page.close();
  });
});

/** A box app's page on its own origin (another port): hls.js with a short buffer, so it keeps fetching segments. */
function crossOriginPlayer(src: string) {
  return `<!doctype html><html><body><video id="v" muted playsinline></video>
<script src="/hls.min.js"></script>
<script>
  window.mediaErrors = [];
  const video = document.getElementById('v');
  const hls = new Hls({ maxBufferLength: 3, maxMaxBufferLength: 3 });
  hls.on(Hls.Events.ERROR, (_event, data) => window.mediaErrors.push(data.response ? data.response.code : data.details));
  hls.attachMedia(video);
  hls.loadSource(${JSON.stringify(src)});
  video.play();
</script></body></html>`;
}

describe('real client on another origin', () => {
  let player: FastifyInstance;
  afterAll(async () => player?.close());

  it('plays the API origin across origins, and stops within 10 s of a revoke in the console', async () => {
    // A box that is not the first test's, with a 24 s programme in 1 s segments under a folder signed for it.
    const box = await assignedDevice(api, { skip: 1 });
    await makeLiveHls(api.deps.mediaRoot, 'revoke-me', { seconds: 24, segmentSeconds: 1 });
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const master = `${origin}${signedChannelUrl(playbackKeys(api.deps), 'revoke-me', box.id, exp)}`;
    player = Fastify();
    player.get('/', async (_request, reply) => reply.type('text/html').send(crossOriginPlayer(master)));
    player.get('/hls.min.js', async (_request, reply) => reply.type('text/javascript').send(hlsScript));
    const playerOrigin = await player.listen({ host: '127.0.0.1', port: 0 });
    expect(new URL(playerOrigin).origin).not.toBe(new URL(origin).origin);

    const page = await browser.newPage();
    const media: Array<{ at: number; status: number; code?: string }> = [];
    page.on('response', async (r) => {
      if (!r.url().startsWith(`${origin}/media/`)) return;
      const at = Date.now();
      const code = r.status() === 403 ? ((await r.json()) as { code: string }).code : undefined;
      media.push({ at, status: r.status(), code });
    });
    await page.goto(playerOrigin);
    await page.waitForFunction("document.getElementById('v').currentTime > 2", undefined, {
      timeout: 20_000,
    });
    expect(media.every((m) => m.status === 200)).toBe(true);

    const revoked = await api.trpc(
      'subscribers.devices.revokeToken',
      { deviceId: box.id },
      { role: 'SUPPORT', kind: 'mutation' },
    );
    expect(revoked.status).toBe(200);
    const revokedAt = Date.now();
    // The picture stops: currentTime no longer moves over 1.5 s, at most 15 s after the revoke.
    const stalledAt = await page.evaluate(`new Promise((resolve, reject) => {
      const video = document.getElementById('v');
      let last = video.currentTime;
      const deadline = Date.now() + 15000;
      const timer = setInterval(() => {
        if (video.currentTime === last) { clearInterval(timer); resolve(video.currentTime); }
        else if (Date.now() > deadline) { clearInterval(timer); reject(new Error('still playing at ' + video.currentTime)); }
        last = video.currentTime;
      }, 1500);
    })`);
    const firstRefusal = media.find((m) => m.at >= revokedAt && m.status === 403);
    const errors = (await page.evaluate('window.mediaErrors')) as unknown[];
    console.info(
      `revoke → first 403 ${firstRefusal ? firstRefusal.at - revokedAt : '–'} ms; picture stopped at ${stalledAt} s of 24; hls.js errors ${JSON.stringify(errors)}`,
    );
    expect(firstRefusal?.code).toBe('DEVICE_REVOKED');
    expect((firstRefusal?.at ?? Number.POSITIVE_INFINITY) - revokedAt).toBeLessThan(10_000);
    expect(Number(stalledAt)).toBeLessThan(20);
    expect(errors).toContain(403);
    await page.close();
  });
});
