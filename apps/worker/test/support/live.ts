import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_QC_SETTINGS, type TLadderInput, type TQcSettings } from '@keten/contracts';
import type { PrismaClient } from '@keten/db/client';
import { createMemorySink } from '../../src/events/ingest-events';
import { createFfmpeg } from '../../src/ffmpeg';
import type { TLegSource } from '../../src/live/leg';
import { LiveChannel, type TLiveSettings } from '../../src/live/live-channel';

/** A small 2-rung live ladder (360p + 180p, 2 s segments) so two encoders fit on a 2-core machine. */
export async function createLiveChannel(
  prisma: PrismaClient,
  sources: string[],
  qcSettings: Partial<TQcSettings> = {},
) {
  const stamp = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const { rungs, ...ladder } = smallLadder([
    [640, 360, 600],
    [320, 180, 250],
  ]);
  const profile = await prisma.encodingProfile.create({
    data: {
      code: `test-live-${stamp}`,
      name: 'Test live ladder',
      versions: {
        create: {
          version: 1,
          ...ladder,
          rungs: { create: rungs.map((rung, n) => ({ ...rung, ordinal: n + 1 })) },
        },
      },
    },
    include: { versions: true },
  });
  return prisma.channel.create({
    data: {
      lcn: 9000 + Math.floor(Math.random() * 900),
      name: `Test live ${stamp}`,
      slug: `test-live-${stamp}`,
      genre: 'GENERAL',
      language: 'nl',
      state: 'LIVE',
      encodingProfileVersionId: profile.versions[0]!.id,
      qcSettings,
      sources: {
        create: sources.map((url, n) => ({ priority: n + 1, protocol: 'HTTP_TS' as const, url })),
      },
    },
    include: { sources: { orderBy: { priority: 'asc' } } },
  });
}

export type TPlaylistEntry = { seq: number; discontinuity: boolean; seenAt: number };

/** Watches a public live playlist the way a player polls it, noting when each segment first appeared. */
export function watchPlaylist(path: string, everyMs = 50) {
  const entries = new Map<number, TPlaylistEntry>();
  const read = async () => {
    const text = await readFile(path, 'utf8').catch(() => '');
    const lines = text.split('\n');
    let discontinuity = false;
    for (const line of lines) {
      if (line === '#EXT-X-DISCONTINUITY') discontinuity = true;
      const seq = /^(\d+)\.ts$/.exec(line)?.[1];
      if (seq === undefined) continue;
      const n = Number(seq);
      if (!entries.has(n)) entries.set(n, { seq: n, discontinuity, seenAt: Date.now() });
      discontinuity = false;
    }
  };
  const timer = setInterval(() => void read(), everyMs);
  return {
    entries: () => [...entries.values()].sort((a, b) => a.seq - b.seq),
    /** Reads the playlist now: after its writer stopped, the next poll may not have come yet. */
    sync: read,
    /** Seconds between consecutive new segments, with the sequence number of the later one. */
    gaps: () => {
      const list = [...entries.values()].sort((a, b) => a.seq - b.seq);
      return list.slice(1).map((entry, n) => ({
        seq: entry.seq,
        discontinuity: entry.discontinuity,
        seconds: (entry.seenAt - list[n]!.seenAt) / 1000,
      }));
    },
    stop: () => clearInterval(timer),
  };
}

export const livePlaylistPath = (mediaRoot: string, slug: string, rung = 0) =>
  join(mediaRoot, 'live', slug, `v${rung}`, 'index.m3u8');

/** Running ffmpeg processes whose command line contains `marker`. */
export async function ffmpegsMentioning(marker: string): Promise<number[]> {
  const { readdir } = await import('node:fs/promises');
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.startsWith('/usr/bin/ffmpeg') && cmdline.includes(marker)) pids.push(Number(entry));
  }
  return pids;
}

/** One rung per size given (default 320×180), 2 s segments and GOPs at 25 fps: cheap enough for tests. */
export function smallLadder(sizes: [number, number, number][] = [[320, 180, 250]]): TLadderInput {
  return {
    segmentSeconds: 2,
    audioCodec: 'AAC_LC',
    audioBitrateKbps: 64,
    audioChannels: 2,
    rungs: sizes.map(([width, height, bitrateKbps]) => ({
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
    })),
  };
}

export const testFfmpeg = () =>
  createFfmpeg({
    ffmpegPath: '/usr/bin/ffmpeg',
    ffprobePath: '/usr/bin/ffprobe',
    stallSeconds: 30,
    quitGraceMs: 2_000,
  });

/**
 * A LiveChannel straight on its sources (no queue, no database): events in memory, health reports in a
 * list, fast settings (1 s stall, 1 s retry, no return unless asked), running until `stop()`.
 */
export function runTestChannel(options: {
  slug: string;
  sources: TLegSource[];
  ladder?: TLadderInput;
  qc?: Partial<TQcSettings>;
  settings?: Partial<TLiveSettings>;
}) {
  const mediaRoot = mkdtempSync(join(tmpdir(), `keten-${options.slug}-`));
  const sink = createMemorySink();
  const health: string[] = [];
  const abort = new AbortController();
  const channel = new LiveChannel({
    channelId: `${options.slug}-channel`,
    slug: options.slug,
    sources: options.sources,
    ladder: options.ladder ?? smallLadder(),
    qc: { ...DEFAULT_QC_SETTINGS, ...options.qc },
    mediaRoot,
    ffmpeg: testFfmpeg(),
    events: sink,
    status: { onAir: async () => undefined, sourceHealth: async (_id, state) => void health.push(state) },
    settings: {
      stallSeconds: 1,
      startupSeconds: 15,
      retrySeconds: 1,
      returnAfterSeconds: 600,
      windowSegments: 6,
      preset: 'ultrafast',
      ...options.settings,
    },
    log: process.env.KETEN_TEST_LOG ? console.log : () => undefined,
  });
  const running = channel.run(abort.signal);
  return {
    channel,
    sink,
    health,
    mediaRoot,
    stop: async () => {
      abort.abort();
      await running;
      rmSync(mediaRoot, { recursive: true, force: true });
    },
  };
}
