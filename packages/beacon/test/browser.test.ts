import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type TBeaconEvent, ZBeaconBatchSchema } from '@keten/contracts';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleBeacon } from './bundle';
import { playerPage } from './player-page';
import { startTestServer } from './test-server';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** 8 s of H.264 main + AAC in 2 s segments: what headless Debian Chromium decodes through MSE. */
async function makeHls(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await promisify(execFile)(
    '/usr/bin/ffmpeg',
    ['-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25', '-f', 'lavfi', '-i', 'sine']
      .concat(['-t', '8', '-c:v', 'libx264', '-profile:v', 'main', '-g', '50', '-c:a', 'aac'])
      .concat(['-f', 'hls', '-hls_time', '2', '-hls_playlist_type', 'vod', join(dir, 'out.m3u8')]),
  );
}

const SLOW_SEGMENT_DELAY_MS = 4_000;
const CHANNELS = ['a', 'b', 'slow', 'forbidden'];
let root: string;
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'keten-beacon-'));
  await makeHls(join(root, 'hls', 'a'));
  await cp(join(root, 'hls', 'a'), join(root, 'hls', 'b'), { recursive: true });
  await cp(join(root, 'hls', 'a'), join(root, 'hls', 'slow'), { recursive: true });
  const hlsJs = await readFile(createRequire(import.meta.url).resolve('hls.js/dist/hls.min.js'), 'utf8');
  server = await startTestServer(
    root,
    {
      '/index.html': playerPage({
        beaconEndpoint: '/beacons',
        accessToken: 'device-token-1',
        channelUrls: Object.fromEntries(CHANNELS.map((ch) => [ch, `/hls/${ch}/out.m3u8`])),
        hlsScriptUrl: '/hls.min.js',
        beaconScriptUrl: '/beacon.js',
      }),
      '/hls.min.js': hlsJs,
      '/beacon.js': await bundleBeacon(),
    },
    {
      // The second segment (2–4 s) arrives ~4 s late: playback runs dry at 2 s and waits about 2 s.
      delays: { '/hls/slow/out1.ts': SLOW_SEGMENT_DELAY_MS },
      refusals: { '/hls/forbidden/': { status: 403, code: 'ENTITLEMENT_DENIED' } },
    },
  );
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

function receivedEvents(): TBeaconEvent[] {
  return server.received.flatMap((r) => ZBeaconBatchSchema.parse(r.body).events);
}

async function until(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(receivedEvents())}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('beacon in headless Chromium with hls.js', () => {
  it('reports attempt, first frame, heartbeats and a zap to the beacon endpoint', async () => {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => 'playerReady' in window);

    const of = (type: string, channelId: string) =>
      receivedEvents().filter((e) => e.type === type && e.channelId === channelId);
    await until('first frame and two heartbeats on a', () => of('heartbeat', 'a').length >= 2);
    await page.evaluate(() => (window as unknown as { zap(ch: string): void }).zap('b'));
    await until('zap on b', () => of('zap', 'b').length === 1);

    const [attempt] = of('attempt', 'a');
    const [firstFrame] = of('first_frame', 'a');
    const [zap] = of('zap', 'b');
    expect(attempt?.seq).toBe(0);
    if (firstFrame?.type !== 'first_frame' || zap?.type !== 'zap') throw new Error('missing events');
    console.info(`start ${firstFrame.startMs} ms, zap ${zap.zapMs} ms`);
    expect(firstFrame.startMs).toBeGreaterThan(0);
    expect(firstFrame.startMs).toBeLessThan(10_000);
    expect(firstFrame.sessionId).toBe(attempt?.sessionId);
    expect(zap.zapMs).toBeGreaterThan(0);
    expect(zap.zapMs).toBeLessThan(10_000);
    expect(zap.sessionId).not.toBe(attempt?.sessionId);

    const heartbeats = of('heartbeat', 'a').filter((e) => e.type === 'heartbeat' && e.playingMs > 0);
    expect(heartbeats.length).toBeGreaterThanOrEqual(1);
    expect(of('end', 'a')).toMatchObject([{ beforeFirstFrame: false, fatal: false }]);
    // Tearing down the old source on a zap is not a failure of either channel.
    expect(receivedEvents().filter((e) => e.type === 'error')).toEqual([]);
    // Per session, seq runs 0, 1, 2… without gaps or repeats.
    const seqsOfA = receivedEvents()
      .filter((e) => e.sessionId === attempt?.sessionId)
      .map((e) => e.seq);
    expect(seqsOfA).toEqual(seqsOfA.map((_, i) => i));
    expect(server.received.every((r) => r.authorization === 'Bearer device-token-1')).toBe(true);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('reports a stall after the first frame and a 403 on zap as a start failure with its origin code', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/index.html?ch=slow`);
    const of = (type: string, channelId: string) =>
      receivedEvents().filter((e) => e.type === type && e.channelId === channelId);
    await until('a stall on slow', () => of('stall_end', 'slow').length === 1, 20_000);
    await page.evaluate(() => (window as unknown as { zap(ch: string): void }).zap('forbidden'));
    await until('the error on forbidden', () => of('error', 'forbidden').length === 1);

    const [stallEnd] = of('stall_end', 'slow');
    if (stallEnd?.type !== 'stall_end') throw new Error('missing stall_end');
    console.info(`stall ${stallEnd.stallMs} ms`);
    expect(of('stall_start', 'slow')).toHaveLength(1);
    expect(stallEnd.stallMs).toBeGreaterThan(500);
    expect(stallEnd.stallMs).toBeLessThan(SLOW_SEGMENT_DELAY_MS + 1_000);
    expect(of('first_frame', 'slow')).toHaveLength(1);
    expect(of('error', 'forbidden')).toMatchObject([
      { errorCode: 'ENTITLEMENT_DENIED', errorLayer: 'entitlement', fatal: true, beforeFirstFrame: true },
    ]);
    expect(of('first_frame', 'forbidden')).toEqual([]);
    await page.close();
  });
});
