import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Job, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWorkers } from '../src/lib/shutdown';
import { TRANSCODE_JOB_OPTIONS } from '../src/transcode/transcode.queue';
import { FULL_TRANSCODE_MS, startTranscodeHarness } from './support/harness';

let h: Awaited<ReturnType<typeof startTranscodeHarness>>;
const ffmpegFor = (job: Job) =>
  spawnSync('pgrep', ['-f', `transcode-${job.id}/`], { encoding: 'utf8' }).stdout.trim();
const firstProgress = (worker: Worker) => new Promise((resolve) => worker.once('progress', resolve));

beforeAll(async () => {
  h = await startTranscodeHarness('worker_transcode_stop');
}, 60_000);

afterAll(() => h?.close());

describe('transcode shutdown and cancel', () => {
  it(
    'on shutdown stops ffmpeg, hands the job back unspent, and the next worker completes it',
    async () => {
      const first = h.startWorker();
      const running = firstProgress(first);
      const job = await h.queue.add(
        'vod',
        { sourcePath: h.clip, profileVersionId: h.versionId, outputKey: 'handed-back' },
        TRANSCODE_JOB_OPTIONS,
      );
      await running;
      expect(ffmpegFor(job)).not.toBe('');

      expect(await closeWorkers([first], 5_000)).toBe('graceful');
      expect(ffmpegFor(job)).toBe('');
      expect(await h.queue.getJobState(job.id!)).toBe('delayed');
      expect((await h.queue.getJob(job.id!))?.attemptsMade).toBe(0);
      expect(existsSync(join(h.mediaRoot, '.tmp', `transcode-${job.id}`))).toBe(false);
      expect(existsSync(join(h.mediaRoot, 'vod', 'handed-back'))).toBe(false);
      expect(await h.record(job)).toMatchObject({
        state: 'QUEUED',
        error: 'interrupted by worker shutdown; requeued',
      });

      const second = h.startWorker();
      const { state, job: done } = await h.settled(job);
      expect(state, done.failedReason).toBe('completed');
      expect(await h.record(job)).toMatchObject({ state: 'COMPLETED', progress: 100, error: null });
      expect(existsSync(join(h.mediaRoot, 'vod', 'handed-back', 'master.m3u8'))).toBe(true);
      await second.close();
    },
    FULL_TRANSCODE_MS,
  );

  it('an operator cancel stops ffmpeg and ends the job as cancelled, without retries', async () => {
    const worker = h.startWorker();
    const running = firstProgress(worker);
    const job = await h.queue.add(
      'vod',
      { sourcePath: h.clip, profileVersionId: h.versionId, outputKey: 'cancelled' },
      TRANSCODE_JOB_OPTIONS,
    );
    await running;
    expect(worker.cancelJob(job.id!, 'operator asked')).toBe(true);
    const { state, job: done } = await h.settled(job);
    expect(state).toBe('failed');
    expect(done.failedReason).toBe('cancelled: operator asked');
    expect(done.attemptsMade).toBe(1);
    expect(ffmpegFor(job)).toBe('');
    expect(existsSync(join(h.mediaRoot, 'vod', 'cancelled'))).toBe(false);
    expect(await h.record(job)).toMatchObject({ state: 'CANCELLED', error: 'cancelled: operator asked' });
  });

  it(
    'a retry kills the ffmpeg a SIGKILLed worker left behind, then completes the job',
    async () => {
      // What a worker killed mid-transcode leaves: its ffmpeg still writing into the job's temp folder, and a pid file.
      const tmpDir = join(h.mediaRoot, '.tmp', 'transcode-orphaned');
      mkdirSync(tmpDir, { recursive: true });
      const orphan = spawn(
        '/usr/bin/ffmpeg',
        [
          '-re',
          '-f',
          'lavfi',
          '-i',
          'testsrc2=size=160x90:rate=10:duration=600',
          '-f',
          'hls',
          join(tmpDir, 'left.m3u8'),
        ],
        { stdio: 'ignore' },
      );
      writeFileSync(`${tmpDir}.pid`, String(orphan.pid));
      const exited = once(orphan, 'exit');
      const worker = h.startWorker();
      const job = await h.queue.add(
        'vod',
        { sourcePath: h.clip, profileVersionId: h.versionId, outputKey: 'after-orphan' },
        { ...TRANSCODE_JOB_OPTIONS, jobId: 'orphaned' },
      );
      const { state, job: done } = await h.settled(job);
      expect(state, done.failedReason).toBe('completed');
      expect(await exited).toEqual([null, 'SIGKILL']);
      expect(readdirSync(join(h.mediaRoot, 'vod', 'after-orphan')).sort()).toEqual([
        'master.m3u8',
        'v0',
        'v1',
        'v2',
      ]);
      expect(existsSync(`${tmpDir}.pid`)).toBe(false);
      await worker.close();
    },
    FULL_TRANSCODE_MS,
  );
});
