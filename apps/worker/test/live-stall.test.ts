import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_QC_SETTINGS, type TLadderInput } from '@keten/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySink } from '../src/events/ingest-events';
import { createFfmpeg } from '../src/ffmpeg';
import { LiveChannel } from '../src/live/live-channel';
import { TestSource } from '../src/sources/test-source';
import { ffmpegsMentioning, until } from './support/live';
import { isAlive } from './support/processes';

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

/** A feed that keeps its connection open but sends nothing: ffmpeg waits forever unless we watch it. */
describe('a hung primary feed', () => {
  let primary: TestSource;
  let backup: TestSource;
  let mediaRoot: string;
  const sink = createMemorySink();
  const stop = new AbortController();
  let running: Promise<void>;

  beforeAll(async () => {
    primary = await new TestSource().start();
    backup = await new TestSource({ toneHz: 880 }).start();
    mediaRoot = mkdtempSync(join(tmpdir(), 'keten-stall-'));
    const channel = new LiveChannel({
      channelId: 'stall-channel',
      slug: 'stall',
      sources: [
        { id: 'primary', url: primary.url, priority: 1 },
        { id: 'backup', url: backup.url, priority: 2 },
      ],
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
      status: { onAir: async () => undefined, sourceHealth: async () => undefined },
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
    await until('the primary on air', () => sink.events.find((e) => e.kind === 'on_air'), 30_000);
  });

  afterAll(async () => {
    stop.abort();
    await running;
    await primary.close();
    await backup.close();
    rmSync(mediaRoot, { recursive: true, force: true });
  });

  it('is noticed from the missing frames, its ffmpeg killed, and the backup goes on air', async () => {
    expect(sink.events.find((e) => e.kind === 'on_air')?.sourceId).toBe('primary');
    const primaryDir = join(mediaRoot, '.live', 'stall', 'primary');
    const hungEncoders = await ffmpegsMentioning(primaryDir);
    expect(hungEncoders).toHaveLength(1);
    const hungAt = Date.now();
    primary.setMode('hang');
    const failover = await until(
      'the failover',
      () => sink.events.find((e) => e.kind === 'failover'),
      10_000,
    );
    const noticedAfter = (Date.parse(failover.startedAt) - hungAt) / 1000;
    console.log(`hung feed: failover ${noticedAfter.toFixed(2)} s after the feed stopped sending`);
    expect(failover).toMatchObject({ sourceId: 'backup', fromSourceId: 'primary' });
    expect(failover.cause).toMatch(/primary: no new frame for 1 s/);
    // The hung encoder was killed, not left waiting on its socket (a retry may have started a new one).
    await until('the hung encoder gone', () => !isAlive(hungEncoders[0]!), 5_000);
  }, 30_000);
});
