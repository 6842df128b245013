import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_QC_SETTINGS, type TIngestEvent, type TLadderInput } from '@keten/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySink } from '../src/events/ingest-events';
import { createFfmpeg } from '../src/ffmpeg';
import { LiveChannel } from '../src/live/live-channel';
import { TestSource, type TSourceMode } from '../src/sources/test-source';
import { until } from './support/live';

const rung = (width: number, height: number, bitrateKbps: number) => ({
  codec: 'H264' as const,
  profile: 'main',
  level: '3.0',
  width,
  height,
  fps: 25,
  bitrateKbps,
  maxrateKbps: bitrateKbps,
  bufsizeKbps: bitrateKbps * 2,
  gopSeconds: 2,
});
const LADDER: TLadderInput = {
  segmentSeconds: 2,
  audioCodec: 'AAC_LC',
  audioBitrateKbps: 64,
  audioChannels: 2,
  rungs: [rung(320, 180, 250)],
};

describe('QC on a live input', () => {
  let source: TestSource;
  let mediaRoot: string;
  const sink = createMemorySink();
  const stop = new AbortController();
  let running: Promise<void>;
  const health: string[] = [];

  beforeAll(async () => {
    source = await new TestSource().start();
    mediaRoot = mkdtempSync(join(tmpdir(), 'keten-qc-'));
    const channel = new LiveChannel({
      channelId: 'qc-channel',
      slug: 'qc',
      sources: [{ id: 'feed', url: source.url, priority: 1 }],
      ladder: LADDER,
      qc: { ...DEFAULT_QC_SETTINGS, failoverAfterSeconds: null },
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
        stallSeconds: 3,
        startupSeconds: 15,
        retrySeconds: 1,
        returnAfterSeconds: 30,
        windowSegments: 6,
        preset: 'ultrafast',
      },
      log: process.env.KETEN_TEST_LOG ? console.log : () => undefined,
    });
    running = channel.run(stop.signal);
    await until('the feed on air', () => sink.events.find((e) => e.kind === 'on_air'), 30_000);
  });

  afterAll(async () => {
    stop.abort();
    await running;
    await source.close();
    rmSync(mediaRoot, { recursive: true, force: true });
  });

  /** Injects a fault, waits for its QC event, restores the feed and waits for the event's end. */
  async function inject(mode: TSourceMode, kind: TIngestEvent['kind']) {
    const injectedAt = Date.now();
    source.setMode(mode);
    const start = await until(
      `a ${kind} event`,
      () =>
        sink.events.find(
          (e) => e.kind === kind && e.endedAt === null && Date.parse(e.startedAt) > injectedAt - 3_000,
        ),
      15_000,
    );
    const seconds = (Date.now() - injectedAt) / 1000;
    source.setMode('normal');
    const end = await until(
      `the end of the ${kind} event`,
      () => sink.events.find((e) => e.id === start.id && e.endedAt !== null),
      15_000,
    );
    return { start, end, seconds };
  }

  it.each([
    ['black', 'black'],
    ['silent', 'silence'],
    ['frozen', 'freeze'],
    ['loud', 'loudness'],
  ] as const)(
    'a %s feed gives a %s event within 5 s, with its source, start and end',
    async (mode, kind) => {
      const { start, end, seconds } = await inject(mode, kind);
      console.log(`QC: ${kind} event ${seconds.toFixed(2)} s after the feed turned ${mode}`);
      // The bound for black, silence and freeze; loudness first needs its 3 s short-term window.
      expect(seconds).toBeLessThanOrEqual(kind === 'loudness' ? 7 : 5);
      expect(start).toMatchObject({ channelId: 'qc-channel', sourceId: 'feed', kind });
      expect(Date.parse(end.endedAt!)).toBeGreaterThan(Date.parse(end.startedAt));
      expect(end.startedAt).toBe(start.startedAt);
      expect(health).toContain('DEGRADED');
    },
    40_000,
  );
});
