import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { jobCancelChannel } from '@keten/contracts';
import { Queue, type Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenForJobCancels, type TJobCancelListener } from '../src/lib/job-cancel';
import { TRANSCODE_JOB_OPTIONS, TRANSCODE_QUEUE } from '../src/transcode/transcode.queue';
import { FULL_TRANSCODE_MS, startTranscodeHarness } from './support/harness';
import { ffmpegsWriting, spawnWorkerProcess } from './support/processes';
import { until } from './support/until';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

let h: Awaited<ReturnType<typeof startTranscodeHarness>>;
let publisher: Redis;
let listener: TJobCancelListener;
let worker: Worker;
const publish = (message: unknown) =>
  publisher.publish(jobCancelChannel(h.queue.opts.prefix!), JSON.stringify(message));

beforeAll(async () => {
  h = await startTranscodeHarness('worker_job_cancel');
  publisher = new Redis(REDIS_URL);
  worker = h.startWorker();
  listener = await listenForJobCancels(new Redis(REDIS_URL), h.queue.opts.prefix!, [worker]);
}, 60_000);

afterAll(async () => {
  await listener?.close();
  await publisher?.quit();
  await h?.close();
});

describe('cancel requests over Redis', () => {
  it('a published cancel stops the running transcode: CANCELLED, no ffmpeg left, nothing published', async () => {
    const running = new Promise((resolve) => worker.once('progress', resolve));
    const job = await h.queue.add(
      'vod',
      { sourcePath: h.clip, profileVersionId: h.versionId, outputKey: 'cancelled-by-message' },
      TRANSCODE_JOB_OPTIONS,
    );
    await running;
    const tmpDir = join(h.mediaRoot, '.tmp', `transcode-${job.id}`);
    expect(ffmpegsWriting(tmpDir)).toHaveLength(1);

    // Garbage and requests for jobs this process does not run are heard and ignored.
    await publisher.publish(jobCancelChannel(h.queue.opts.prefix!), 'not json');
    await publish({ queue: 'transcode', jobId: 'not-here', reason: 'wrong job' });
    await publish({ queue: 'live', jobId: job.id, reason: 'wrong queue' });
    expect(await publish({ queue: 'transcode', jobId: job.id, reason: 'by noc@keten.test' })).toBe(1);

    const { state, job: done } = await h.settled(job);
    expect(state).toBe('failed');
    expect(done.failedReason).toBe('cancelled: by noc@keten.test');
    expect(done.attemptsMade).toBe(1);
    expect(await h.record(job)).toMatchObject({ state: 'CANCELLED', error: 'cancelled: by noc@keten.test' });
    expect(ffmpegsWriting(tmpDir)).toEqual([]);
    expect(existsSync(tmpDir)).toBe(false);
    expect(existsSync(`${tmpDir}.pid`)).toBe(false);
    expect(existsSync(join(h.mediaRoot, 'vod', 'cancelled-by-message'))).toBe(false);
    expect(readdirSync(join(h.mediaRoot, '.tmp'))).toEqual([]);
  });

  it(
    'keeps serving after bad messages: the next job runs to completion',
    async () => {
      const job = await h.queue.add(
        'vod',
        { sourcePath: h.clip, profileVersionId: h.versionId, outputKey: 'after-cancel' },
        TRANSCODE_JOB_OPTIONS,
      );
      const { state, job: done } = await h.settled(job);
      expect(state, done.failedReason).toBe('completed');
      expect(await h.record(job)).toMatchObject({ state: 'COMPLETED' });
    },
    FULL_TRANSCODE_MS,
  );
});

describe('the worker process', () => {
  it('subscribes at start: a cancel published while it transcodes ends the job CANCELLED', async () => {
    const prefix = `test-${randomUUID()}`;
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(TRANSCODE_QUEUE, { connection, prefix });
    const workerProcess = spawnWorkerProcess({
      REDIS_URL,
      DATABASE_URL: h.db.url,
      WORKER_QUEUE_PREFIX: prefix,
      MEDIA_ROOT: h.mediaRoot,
    });
    try {
      await workerProcess.waitFor(/worker: ready/);
      const job = await queue.add(
        'vod',
        { sourcePath: h.clip, profileVersionId: h.versionId, outputKey: 'process-cancel' },
        { ...TRANSCODE_JOB_OPTIONS, jobId: `process-${randomUUID()}` },
      );
      const tmpDir = join(h.mediaRoot, '.tmp', `transcode-${job.id}`);
      await until('its ffmpeg running', () => ffmpegsWriting(tmpDir).length > 0, 30_000);
      const heard = await publisher.publish(
        jobCancelChannel(prefix),
        JSON.stringify({ queue: TRANSCODE_QUEUE, jobId: job.id, reason: 'by noc@keten.test' }),
      );
      expect(heard).toBe(1);
      await workerProcess.waitFor(new RegExp(`cancelling transcode job ${job.id}`));
      await until(
        'the job to end',
        async () => ['completed', 'failed'].includes(await queue.getJobState(job.id!)),
        30_000,
      );
      expect((await queue.getJob(job.id!))?.failedReason).toBe('cancelled: by noc@keten.test');
      expect(await h.record(job)).toMatchObject({ state: 'CANCELLED' });
      expect(ffmpegsWriting(tmpDir)).toEqual([]);
      workerProcess.child.kill('SIGTERM');
      await once(workerProcess.child, 'exit');
      // Its subscription went with it (Redis notices a closed connection on its own time).
      await until(
        'no subscriber left',
        async () => (await publisher.publish(jobCancelChannel(prefix), '{}')) === 0,
        5_000,
      );
    } finally {
      workerProcess.child.kill('SIGKILL');
      await queue.obliterate({ force: true });
      await queue.close();
      await connection.quit();
    }
  }, 60_000);
});
