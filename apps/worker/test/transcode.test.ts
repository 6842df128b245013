import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRANSCODE_JOB_OPTIONS } from '../src/transcode/transcode.queue';
import { FULL_TRANSCODE_MS, startTranscodeHarness } from './support/harness';
import { ffprobeJson, TEST_RUNGS, videoPackets } from './support/media';

// RFC 6381: avc1.<profile_idc><constraint flags><level_idc>, in hex.
const AVC1 = { high: 'avc1.6400', main: 'avc1.4d40' } as const;
let h: Awaited<ReturnType<typeof startTranscodeHarness>>;
let worker: Worker;

beforeAll(async () => {
  h = await startTranscodeHarness('worker_transcode');
  worker = h.startWorker();
}, 60_000);

afterAll(() => h?.close());

describe('transcode queue', () => {
  it(
    'turns a 6 s 720p clip into exactly the profile’s 3-rung HLS ladder',
    async () => {
      const progress: Record<string, unknown>[] = [];
      worker.on('progress', (_job, value) => progress.push(value as Record<string, unknown>));
      const job = await h.queue.add(
        'vod',
        { sourcePath: h.clip, profileVersionId: h.versionId, outputKey: 'clip' },
        TRANSCODE_JOB_OPTIONS,
      );
      const { state, job: done } = await h.settled(job);
      expect(state, done.failedReason).toBe('completed');
      // ffmpeg's own stats reach the job: fps, speed and media time while running, 100 at the end.
      expect(progress[0]).toMatchObject({ fps: expect.any(Number), mediaSeconds: expect.any(Number) });
      expect(progress.at(-1)).toEqual({ percent: 100 });

      const dir = join(h.mediaRoot, 'vod', 'clip');
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

      const record = await h.record(job);
      expect(record).toMatchObject({ state: 'COMPLETED', progress: 100, attempts: 1, error: null });
      expect(readdirSync(join(h.mediaRoot, '.tmp'))).toEqual([]);
    },
    FULL_TRANSCODE_MS,
  );

  it('fails a corrupt input for good with a clear reason and publishes nothing', async () => {
    const corrupt = join(h.mediaRoot, 'corrupt.ts');
    writeFileSync(corrupt, randomBytes(200_000));
    const job = await h.queue.add(
      'vod',
      { sourcePath: corrupt, profileVersionId: h.versionId, outputKey: 'corrupt' },
      TRANSCODE_JOB_OPTIONS,
    );
    const { state, job: done } = await h.settled(job);
    expect(state).toBe('failed');
    expect(done.failedReason).toMatch(/^input is not a decodable video: .+/);
    expect(done.attemptsMade).toBe(1);
    expect(existsSync(join(h.mediaRoot, 'vod', 'corrupt'))).toBe(false);
    expect(existsSync(join(h.mediaRoot, '.tmp', `transcode-${job.id}`))).toBe(false);
    const record = await h.record(job);
    expect(record.state).toBe('FAILED');
    expect(record.error).toMatch(/input is not a decodable video/);
    expect(record.finishedAt).not.toBeNull();
  });
});
