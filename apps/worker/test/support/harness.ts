import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@keten/db/testing';
import { type Job, Queue, type Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { createFfmpeg } from '../../src/ffmpeg';
import { createWorkerConnection } from '../../src/lib/redis';
import { TRANSCODE_QUEUE } from '../../src/transcode/transcode.queue';
import { startTranscodeWorker } from '../../src/transcode/transcode.worker';
import { createTestProfileVersion, makeClip } from './media';
import { until } from './until';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** A test that runs the clip through the whole ladder: seconds alone, minutes on 2 cores under a full suite. */
export const FULL_TRANSCODE_MS = 120_000;

/** A fresh database with a 3-rung profile, a 6 s 720p clip, a queue on its own prefix, and in-process transcode workers. */
export async function startTranscodeHarness(name: string) {
  const mediaRoot = mkdtempSync(join(tmpdir(), 'keten-media-'));
  const prefix = `test-${randomUUID()}`;
  const db: TestDatabase = await createTestDatabase(name);
  const versionId = await createTestProfileVersion(db.prisma);
  const clip = join(mediaRoot, 'clip.mp4');
  makeClip(clip, 6);
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(TRANSCODE_QUEUE, { connection, prefix });
  const ffmpeg = createFfmpeg({
    ffmpegPath: '/usr/bin/ffmpeg',
    ffprobePath: '/usr/bin/ffprobe',
    stallSeconds: 20,
    quitGraceMs: 2_000,
  });
  const workers: Worker[] = [];
  const deps = { prisma: db.prisma, ffmpeg, mediaRoot, preset: 'veryfast' };
  const startWorker = () => {
    const worker = startTranscodeWorker(createWorkerConnection(REDIS_URL), prefix, deps, 1);
    workers.push(worker);
    return worker;
  };
  const settled = async (job: Job, timeoutMs = FULL_TRANSCODE_MS - 10_000) => {
    const state = await until(
      `job ${job.id} to complete or fail`,
      async () => {
        const now = await queue.getJobState(job.id!);
        return now === 'completed' || now === 'failed' ? now : null;
      },
      timeoutMs,
    );
    return { state, job: (await queue.getJob(job.id!))! };
  };
  const record = (job: Job) =>
    db.prisma.jobRecord.findUniqueOrThrow({
      where: { queue_bullJobId: { queue: TRANSCODE_QUEUE, bullJobId: job.id! } },
    });
  const close = async () => {
    await Promise.all(workers.map((worker) => worker.close()));
    await queue.obliterate({ force: true });
    await queue.close();
    await connection.quit();
    await db.drop();
    rmSync(mediaRoot, { recursive: true, force: true });
  };
  return { db, queue, versionId, mediaRoot, clip, startWorker, settled, record, close };
}
