import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_QC_SETTINGS, type TLadderInput } from '@keten/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySink } from '../src/events/ingest-events';
import { createFfmpeg } from '../src/ffmpeg';
import { LiveChannel } from '../src/live/live-channel';
import { TestSource } from '../src/sources/test-source';
import { livePlaylistPath, until, watchPlaylist } from './support/live';

const LADDER: TLadderInput = {
  segmentSeconds: 2,
  audioCodec: 'AAC_LC',
  audioBitrateKbps: 64,
  audioChannels: 2,
  rungs: [
    {
      codec: 'H264',
      profile: 'main',
      level: '3.0',
      width: 320,
      height: 180,
      fps: 25,
      bitrateKbps: 250,
      maxrateKbps: 250,
      bufsizeKbps: 500,
      gopSeconds: 2,
    },
  ],
};

/** The headend's usual transport: MPEG-TS in UDP datagrams, which never ends with an EOF. */
describe('a live channel fed over UDP', () => {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  let feed: TestSource;
  let mediaRoot: string;
  const sink = createMemorySink();
  const stop = new AbortController();
  let running: Promise<void>;
  const health: string[] = [];

  beforeAll(async () => {
    feed = await new TestSource({ udp: `udp://127.0.0.1:${port}` }).start();
    mediaRoot = mkdtempSync(join(tmpdir(), 'keten-udp-'));
    const channel = new LiveChannel({
      channelId: 'udp-channel',
      slug: 'udp',
      sources: [{ id: 'multicast', url: `udp://127.0.0.1:${port}`, priority: 1 }],
      ladder: LADDER,
      qc: DEFAULT_QC_SETTINGS,
      mediaRoot,
      ffmpeg: createFfmpeg({
        ffmpegPath: '/usr/bin/ffmpeg',
        ffprobePath: '/usr/bin/ffprobe',
        stallSeconds: 30,
        quitGraceMs: 2_000,
      }),
      events: sink,
      status: {
        onAir: async () => undefined,
        sourceHealth: async (_id, state) => void health.push(state),
      },
      settings: {
        stallSeconds: 1,
        startupSeconds: 15,
        retrySeconds: 1,
        returnAfterSeconds: 600,
        windowSegments: 6,
        preset: 'ultrafast',
      },
      log: process.env.KETEN_TEST_LOG ? console.log : () => undefined,
    });
    running = channel.run(stop.signal);
  });

  afterAll(async () => {
    stop.abort();
    await running;
    await feed.close();
    rmSync(mediaRoot, { recursive: true, force: true });
  });

  it('goes on air from the datagrams and notices when they stop', async () => {
    const playlist = watchPlaylist(livePlaylistPath(mediaRoot, 'udp'));
    await until('segments from the UDP feed', () => playlist.entries().length >= 2, 30_000);
    playlist.stop();
    expect(sink.events.find((e) => e.kind === 'on_air')?.sourceId).toBe('multicast');

    const stoppedAt = Date.now();
    feed.setMode('stopped');
    const down = await until(
      'the feed reported down',
      () => sink.events.find((e) => e.kind === 'source_down'),
      10_000,
    );
    console.log(
      `UDP feed: down ${((Date.parse(down.startedAt) - stoppedAt) / 1000).toFixed(2)} s after it stopped`,
    );
    expect(down.cause).toMatch(/no new frame for 1 s|timed out/i);
    expect(health.at(-1)).toBe('DOWN');
  }, 60_000);
});
