import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLineupChannel, TPlayerUrls } from '@keten/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeviceApi } from '../device-api/device-api.fixtures';
import { deviceLineup } from '../device-api/lineup.service';
import { makeLiveHls, putOnAir } from '../playback/playback.fixtures';
import { streamKey } from '../playback/stream-registry';
import { issuePlayerUrls, subscriberWithBoxes } from './players.fixtures';
import { redactPlayerTokens } from './redact';

const MPV = '/usr/bin/mpv';
let api: Awaited<ReturnType<typeof startDeviceApi>>;
let channel: TLineupChannel;
let urls: TPlayerUrls;
let subscriberId: string;
let deviceId: string;
let home: string;
const served: Array<{ url: string; status: number; agent: string }> = [];

beforeAll(async () => {
  api = await startDeviceApi();
  // What the API answered mpv: the test's own record (tokens redacted, like the server's log).
  api.app.addHook('onResponse', async (request, reply) => {
    served.push({
      url: redactPlayerTokens(request.url),
      status: reply.statusCode,
      agent: String(request.headers['user-agent']),
    });
  });
  const box = await subscriberWithBoxes(api, 1);
  subscriberId = box.subscriber.id;
  deviceId = box.deviceIds[0] ?? '';
  const row = await api.prisma.device.findUniqueOrThrow({
    where: { id: deviceId },
    include: { boxModel: true },
  });
  const [first] = await deviceLineup(api.prisma, { subscriberId, boxModel: row.boxModel.code });
  if (!first) throw new Error('empty lineup');
  channel = first;
  // 8 s of picture: mpv plays 3 of them.
  await makeLiveHls(api.deps.mediaRoot, channel.slug, { seconds: 8 });
  await putOnAir(api.prisma, channel.id);
  // Players reach the API where it listens: PUBLIC_API_URL is that loopback origin, so every URL stays on 127.0.0.1.
  api.deps.publicApiUrl = await api.app.listen({ host: '127.0.0.1', port: 0 });
  urls = await issuePlayerUrls(api, deviceId);
  home = await mkdtemp(join(tmpdir(), 'keten-mpv-home-'));
}, 120_000);
afterAll(async () => {
  await api?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

/** mpv as a subscriber would run it, given the playlist URL only; killed after `boundMs`. */
function runMpv(args: string[], boundMs = 60_000) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = execFile(
      MPV,
      args,
      {
        timeout: boundMs,
        killSignal: 'SIGKILL',
        // No proxy, no user config: nothing but the API on 127.0.0.1 is reached.
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: home,
          XDG_CONFIG_HOME: home,
          XDG_CACHE_HOME: home,
        },
      },
      (_error, stdout, stderr) => resolve({ code: child.exitCode, output: `${stdout}${stderr}` }),
    );
  });
}

describe('real player: mpv (Debian) loads the M3U by URL', () => {
  it('plays the live channel from the playlist URL alone, with no header, and the stream counts', async () => {
    const { code, output } = await runMpv([
      '--no-config',
      '--load-scripts=no',
      '--ytdl=no',
      '--vo=null',
      '--ao=null',
      '--length=3',
      '--network-timeout=10',
      '--term-status-msg=',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: mpv's own property expansion, not a JS template
      '--term-playing-msg=PLAYING ${path} ${video-codec}',
      `--playlist=${urls.playlistUrl}`,
    ]);
    const streamUrl = urls.playlistUrl.replace('playlist.m3u', `live/${channel.slug}.m3u8`);
    expect(output, output).toContain(`PLAYING ${streamUrl} `);
    expect(output).toMatch(/\(\+\) Video --vid=1 \(h264 320x180/);
    expect(output).toContain('Exiting... (End of file)');
    expect(code, output).toBe(0);
    const byMpv = served.filter((s) => s.agent.includes('mpv'));
    expect(byMpv.find((s) => s.url === '/v1/p/[redacted]/playlist.m3u')?.status).toBe(200);
    expect(
      byMpv.some((s) => s.url.startsWith(`/media/live/${channel.slug}/master.m3u8?`) && s.status === 200),
    ).toBe(true);
    const segments = byMpv.filter((s) => /\/v0\/index\d+\.ts\?/.test(s.url) && s.status === 200);
    expect(segments.length).toBeGreaterThanOrEqual(2);
    // Counted toward the subscriber's limit like a box's play (the slot lapses a minute after the last playlist).
    expect(await api.redis.zscore(streamKey(api.deps, subscriberId), deviceId)).not.toBeNull();
  });
});
