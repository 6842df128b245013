import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@keten/db/testing';
import { type Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TRANSCODE_JOB_OPTIONS, TRANSCODE_QUEUE } from '../src/transcode/transcode.queue';
import { createTestProfileVersion, makeClip } from './support/media';
import { ffmpegsWriting, isAlive, spawnWorkerProcess, untilDead } from './support/processes';
import { until } from './support/until';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let db: TestDatabase;
let versionId: string;
let mediaRoot: string;
let clip: string;
const started: ReturnType<typeof spawnWorkerProcess>[] = [];
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  mediaRoot = mkdtempSync(join(tmpdir(), 'keten-sigkill-'));
  db = await createTestDatabase('worker_sigkill');
  versionId = await createTestProfileVersion(db.prisma);
  clip = join(mediaRoot, 'clip.mp4');
  makeClip(clip, 24);
}, 120_000);

afterEach(async () => {
  for (const worker of started.splice(0)) worker.child.kill('SIGKILL');
  for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => undefined);
  // Never leave an encoder running, whatever the outcome.
  for (const { pid } of ffmpegsWriting(join(mediaRoot, '.tmp'))) process.kill(pid, 'SIGKILL');
});

afterAll(async () => {
  await db?.drop();
  rmSync(mediaRoot, { recursive: true, force: true });
});

/** A worker process on `prefix` with short locks, so a killed one's job is requeued within seconds. */
async function startWorker(prefix: string) {
  const worker = spawnWorkerProcess({
    REDIS_URL,
    DATABASE_URL: db.url,
    WORKER_QUEUE_PREFIX: prefix,
    MEDIA_ROOT: mediaRoot,
    TRANSCODE_PRESET: 'veryfast',
    WORKER_LOCK_SECONDS: '3',
    WORKER_STALLED_CHECK_SECONDS: '1',
  });
  started.push(worker);
  await worker.waitFor(/worker: ready/);
  return worker;
}

function openQueue(prefix: string) {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(TRANSCODE_QUEUE, { connection, prefix });
  cleanups.push(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await connection.quit();
  });
  return queue;
}

const record = (job: Job) =>
  db.prisma.jobRecord.findUnique({
    where: { queue_bullJobId: { queue: TRANSCODE_QUEUE, bullJobId: job.id! } },
  });

/** Enqueues the clip, waits until the first worker is past 10 %, SIGKILLs it; returns its orphaned ffmpeg. */
async function killMidTranscode(queue: Queue, outputKey: string) {
  const first = await startWorker(queue.opts.prefix!);
  const job = await queue.add(
    'vod',
    { sourcePath: clip, profileVersionId: versionId, outputKey },
    // Ids unique across the tests: they share one database and one MEDIA_ROOT.
    { ...TRANSCODE_JOB_OPTIONS, jobId: outputKey },
  );
  const tmpDir = join(mediaRoot, '.tmp', `transcode-${job.id}`);
  await until(
    'progress past 10 %',
    async () => ((await record(job))?.progress ?? 0) > 10 || undefined,
    60_000,
  );
  const [encoder] = ffmpegsWriting(tmpDir);
  expect(encoder?.parent).toBe(first.pid);
  expect(readFileSync(`${tmpDir}.pid`, 'utf8')).toBe(`${encoder!.pid} ${first.pid}`);

  first.child.kill('SIGKILL');
  await once(first.child, 'exit');
  // The orphan case: the worker is gone, its ffmpeg is not (it still writes into the temp folder).
  await sleep(300);
  expect(isAlive(encoder!.pid)).toBe(true);
  return { job, tmpDir, orphan: encoder!.pid };
}

describe('a worker killed with SIGKILL mid-transcode', () => {
  it('has its job retried to completion by the next worker and leaves no ffmpeg behind', async () => {
    const queue = openQueue(`test-${randomUUID()}`);
    const { job, tmpDir, orphan } = await killMidTranscode(queue, 'after-sigkill');

    const second = await startWorker(queue.opts.prefix!);
    // The retry: the lapsed lock puts the job back, the second worker runs it with its own ffmpeg.
    const encoder = await until(
      'the retry to run ffmpeg',
      () => ffmpegsWriting(tmpDir).find((p) => p.parent === second.pid),
      30_000,
    );
    // The retry reaps the orphan before it starts its own ffmpeg; the sweep may be finishing the same kill.
    await untilDead([orphan]);
    expect(ffmpegsWriting(tmpDir)).toEqual([encoder]);

    const done = await until(
      'the job to complete',
      async () => {
        const row = await record(job);
        return row?.state === 'COMPLETED' || row?.state === 'FAILED' ? row : undefined;
      },
      120_000,
    );
    expect(done).toMatchObject({ state: 'COMPLETED', progress: 100, error: null });
    // The history row is written before the processor returns; BullMQ moves the job to completed just after.
    await until(
      'BullMQ to mark the job completed',
      async () => (await queue.getJobState(job.id!)) === 'completed',
      10_000,
    );
    const published = join(mediaRoot, 'vod', 'after-sigkill');
    expect(readdirSync(published).sort()).toEqual(['master.m3u8', 'v0', 'v1', 'v2']);
    const master = readFileSync(join(published, 'master.m3u8'), 'utf8');
    expect(master.match(/#EXT-X-STREAM-INF/g)).toHaveLength(3);
    for (const rung of ['v0', 'v1', 'v2'])
      expect(readFileSync(join(published, rung, 'index.m3u8'), 'utf8')).toContain('#EXT-X-ENDLIST');
    expect(ffmpegsWriting(tmpDir)).toEqual([]);
    expect(readdirSync(join(mediaRoot, '.tmp')).filter((name) => name.includes(`-${job.id}`))).toEqual([]);
  }, 240_000);

  it('has its ffmpeg killed by any worker on the machine, even when the job never comes back to it', async () => {
    const queue = openQueue(`test-${randomUUID()}`);
    const { tmpDir, orphan } = await killMidTranscode(queue, 'never-retried');
    // A worker serving other queues (another prefix) on the same MEDIA_ROOT: the job cannot reach it.
    const other = await startWorker(`test-${randomUUID()}`);
    await other.waitFor(new RegExp(`killed orphaned ffmpeg ${orphan}`), 30_000);
    await untilDead([orphan]);
    expect(ffmpegsWriting(tmpDir)).toEqual([]);
  }, 120_000);
});
