import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@keten/db/testing';
import { type Job, Queue, type Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFfmpeg } from '../src/ffmpeg';
import { createWorkerConnection } from '../src/lib/redis';
import { TRANSCODE_JOB_OPTIONS, TRANSCODE_QUEUE } from '../src/transcode/transcode.queue';
import { startTranscodeWorker } from '../src/transcode/transcode.worker';
import { createTestProfileVersion, ffprobeJson, makeClip, TEST_RUNGS, videoPackets } from './support/media';

// RFC 6381: avc1.<profile_idc><constraint flags><level_idc>, in hex.
const AVC1 = { high: 'avc1.6400', main: 'avc1.4d40' } as const;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const mediaRoot = mkdtempSync(join(tmpdir(), 'keten-media-'));
const prefix = `test-${randomUUID()}`;
let db: TestDatabase;
let worker: Worker;
let queue: Queue;
let versionId: string;
const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });

async function settled(job: Job) {
  for (;;) {
    const state = await queue.getJobState(job.id!);
    if (state === 'completed' || state === 'failed') return { state, job: (await queue.getJob(job.id!))! };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  db = await createTestDatabase('worker_transcode');
  versionId = await createTestProfileVersion(db.prisma);
  makeClip(join(mediaRoot, 'clip.mp4'), 6);
  const ffmpeg = createFfmpeg({
    ffmpegPath: '/usr/bin/ffmpeg',
    ffprobePath: '/usr/bin/ffprobe',
    stallSeconds: 20,
    quitGraceMs: 2_000,
  });
  worker = startTranscodeWorker(
    createWorkerConnection(REDIS_URL),
    prefix,
    { prisma: db.prisma, ffmpeg, mediaRoot, preset: 'veryfast' },
    1,
  );
  queue = new Queue(TRANSCODE_QUEUE, { connection, prefix });
}, 60_000);

afterAll(async () => {
  await worker?.close();
  await queue?.obliterate({ force: true });
  await queue?.close();
  await connection.quit();
  await db?.drop();
  rmSync(mediaRoot, { recursive: true, force: true });
});

describe('transcode queue', () => {
  it('turns a 6 s 720p clip into exactly the profile’s 3-rung HLS ladder', async () => {
    const job = await queue.add(
      'vod',
      { sourcePath: join(mediaRoot, 'clip.mp4'), profileVersionId: versionId, outputKey: 'clip' },
      TRANSCODE_JOB_OPTIONS,
    );
    const { state, job: done } = await settled(job);
    expect(state, done.failedReason).toBe('completed');

    const dir = join(mediaRoot, 'vod', 'clip');
    const variants = readFileSync(join(dir, 'master.m3u8'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('#EXT-X-STREAM-INF'));
    expect(variants).toHaveLength(TEST_RUNGS.length);
    const keyframeLists: string[][] = [];
    TEST_RUNGS.forEach((rung, n) => {
      const variant = variants[n]!;
      expect(variant).toContain(`RESOLUTION=${rung.width}x${rung.height}`);
      const bandwidth = Number(/BANDWIDTH=(\d+)/.exec(variant)?.[1]);
      expect(bandwidth).toBeGreaterThanOrEqual(rung.bitrateKbps * 1000);
      expect(bandwidth).toBeLessThanOrEqual((rung.bitrateKbps * 1.1 + 96) * 1000 * 1.25);
      expect(variant).toContain(
        `CODECS="${AVC1[rung.profile]}${(Number(rung.level) * 10).toString(16)},mp4a.40.2"`,
      );

      const playlist = join(dir, `v${n}`, 'index.m3u8');
      const video = ffprobeJson(playlist, ['-select_streams', 'v:0', '-show_streams']).streams[0]!;
      expect(video).toMatchObject({ codec_name: 'h264', width: rung.width, height: rung.height });
      expect(String(video.profile).toLowerCase()).toBe(rung.profile);
      expect(Number(video.level)).toBe(Math.round(Number(rung.level) * 10));
      const { keyframes, kbps } = videoPackets(playlist);
      expect(kbps).toBeGreaterThan(rung.bitrateKbps * 0.65);
      expect(kbps).toBeLessThan(rung.bitrateKbps * 1.35);
      keyframeLists.push(keyframes);
    });
    // A fixed 2 s GOP in every rung: keyframes at the same times, so players switch at any segment edge.
    const first = keyframeLists[0]!.map(Number);
    expect(first).toHaveLength(3);
    expect(first.slice(1).map((time, i) => (time - first[i]!).toFixed(2))).toEqual(['2.00', '2.00']);
    expect(keyframeLists[1]).toEqual(keyframeLists[0]);
    expect(keyframeLists[2]).toEqual(keyframeLists[0]);

    const record = await db.prisma.jobRecord.findUniqueOrThrow({
      where: { queue_bullJobId: { queue: TRANSCODE_QUEUE, bullJobId: job.id! } },
    });
    expect(record).toMatchObject({ state: 'COMPLETED', progress: 100, attempts: 1, error: null });
    expect(readdirSync(join(mediaRoot, '.tmp'))).toEqual([]);
  });

  it('fails a corrupt input for good with a clear reason and publishes nothing', async () => {
    const corrupt = join(mediaRoot, 'corrupt.ts');
    writeFileSync(corrupt, randomBytes(200_000));
    const job = await queue.add(
      'vod',
      { sourcePath: corrupt, profileVersionId: versionId, outputKey: 'corrupt' },
      TRANSCODE_JOB_OPTIONS,
    );
    const { state, job: done } = await settled(job);
    expect(state).toBe('failed');
    expect(done.failedReason).toMatch(/^input is not a decodable video: .+/);
    expect(done.attemptsMade).toBe(1);
    expect(existsSync(join(mediaRoot, 'vod', 'corrupt'))).toBe(false);
    expect(existsSync(join(mediaRoot, '.tmp', `transcode-${job.id}`))).toBe(false);
    const record = await db.prisma.jobRecord.findUniqueOrThrow({
      where: { queue_bullJobId: { queue: TRANSCODE_QUEUE, bullJobId: job.id! } },
    });
    expect(record.state).toBe('FAILED');
    expect(record.error).toMatch(/input is not a decodable video/);
    expect(record.finishedAt).not.toBeNull();
  });
});
