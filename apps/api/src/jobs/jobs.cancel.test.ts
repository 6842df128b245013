import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  jobCancelChannel,
  MEDIA_INPUT_FOLDER,
  TRANSCODE_KIND,
  TRANSCODE_QUEUE,
  ZJobCancelMessageSchema,
} from '@keten/contracts';
import { UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';
import { queueFor } from './jobs.queues';

type TJob = { id: string; state: string };
type TError = { message: string; data: { code: string; keten?: { field: string | null } | null } };
const dataOf = <T>(response: { body: { result?: { data: { json: unknown } } } }) =>
  response.body.result?.data.json as T;
const errorOf = (response: { body: { error?: { json: unknown } } }) => response.body.error?.json as TError;

describe('cancelling a running job (real PostgreSQL and Redis)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let subscriber: Redis;
  let heard: unknown[];
  const channel = () => jobCancelChannel(api.deps.workerQueuePrefix!);
  const audits = (entityId: string) =>
    api.prisma.auditEntry.findMany({ where: { action: 'job.cancel', entityId } });
  const cancel = (id: string) => api.trpc('jobs.cancel', { id }, { role: 'NOC', kind: 'mutation' });

  beforeAll(async () => {
    api = await startTestApi();
    subscriber = api.redis.duplicate();
    heard = [];
    subscriber.on('message', (_channel: string, body: string) => heard.push(JSON.parse(body)));
  }, 60_000);
  afterAll(async () => {
    await subscriber?.quit();
    await queueFor(api.redis, api.deps.workerQueuePrefix, TRANSCODE_QUEUE).obliterate({ force: true });
    await api?.stop();
  });

  const activeRow = () =>
    api.prisma.jobRecord.create({
      data: {
        queue: TRANSCODE_QUEUE,
        kind: TRANSCODE_KIND,
        state: 'ACTIVE',
        bullJobId: `bull-${Date.now()}`,
        progress: 40,
        input: { sourcePath: '/media/in.mp4', outputKey: 'film' },
        startedAt: new Date(),
      },
    });

  it('asks the workers to stop it, audits the request, and leaves the state to the worker', async () => {
    await subscriber.subscribe(channel());
    const row = await activeRow();
    const response = await cancel(row.id);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    // Still running: the worker that runs it reports CANCELLED once its ffmpeg has stopped.
    expect(dataOf<TJob>(response)).toMatchObject({ id: row.id, state: 'ACTIVE' });
    await expect.poll(() => heard.length).toBe(1);
    expect(ZJobCancelMessageSchema.parse(heard[0])).toEqual({
      queue: TRANSCODE_QUEUE,
      jobId: row.bullJobId,
      reason: `by ${api.operators.NOC.email}`,
    });
    const [entry, ...more] = await audits(row.id);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actorEmail: api.operators.NOC.email,
      after: { state: 'ACTIVE', cancelRequested: true },
    });
    await subscriber.unsubscribe(channel());
  });

  it('refuses when no worker listens, says so, and audits nothing', async () => {
    heard.length = 0;
    const row = await activeRow();
    const response = await cancel(row.id);
    expect(response.status).toBe(409);
    expect(errorOf(response).message).toBe(
      'No worker is listening for cancel requests, so this running job could not be stopped; it keeps running.',
    );
    expect(errorOf(response).data.keten?.field).toBe('id');
    expect(await audits(row.id)).toEqual([]);
    expect(await api.prisma.jobRecord.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      state: 'ACTIVE',
    });
  });

  it('a job back on the queue after its worker died (history still ACTIVE) is taken off it directly', async () => {
    heard.length = 0;
    await subscriber.subscribe(channel());
    const row = await activeRow();
    const queue = queueFor(api.redis, api.deps.workerQueuePrefix, TRANSCODE_QUEUE);
    await queue.add(TRANSCODE_KIND, { outputKey: 'film' }, { jobId: row.bullJobId! });
    const response = await cancel(row.id);
    expect(dataOf<TJob>(response)).toMatchObject({ id: row.id, state: 'CANCELLED' });
    expect(await queue.getJob(row.bullJobId!)).toBeUndefined();
    expect(await audits(row.id)).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heard).toEqual([]);
    await subscriber.unsubscribe(channel());
  });

  it('a job a worker took a moment ago (history still QUEUED) is stopped on that worker', async () => {
    await mkdir(join(api.deps.mediaRoot, MEDIA_INPUT_FOLDER), { recursive: true });
    await writeFile(join(api.deps.mediaRoot, MEDIA_INPUT_FOLDER, 'film.ts'), 'not really video');
    const versionId = (
      await api.prisma.encodingProfileVersion.create({
        data: {
          profile: { create: { code: 'cancel-hd', name: 'Cancel HD' } },
          version: 1,
          segmentSeconds: 4,
          audioCodec: 'AAC_LC',
          audioBitrateKbps: 128,
          audioChannels: 2,
        },
      })
    ).id;
    // A stand-in worker: holds the job until aborted, and aborts on the api's message like apps/worker does.
    const worker = new Worker(
      TRANSCODE_QUEUE,
      (_job, _token, signal) =>
        new Promise((_resolve, reject) =>
          signal?.addEventListener('abort', () =>
            reject(new UnrecoverableError(`cancelled: ${signal.reason}`)),
          ),
        ),
      { connection: api.redis.duplicate({ maxRetriesPerRequest: null }), prefix: api.deps.workerQueuePrefix },
    );
    const listener = api.redis.duplicate();
    listener.on('message', (_channel: string, body: string) => {
      const message = ZJobCancelMessageSchema.parse(JSON.parse(body));
      worker.cancelJob(message.jobId, message.reason);
    });
    await listener.subscribe(channel());
    try {
      const created = await api.trpc(
        'jobs.createTranscode',
        { inputFile: 'film.ts', profileVersionId: versionId, outputKey: 'raced' },
        { role: 'CONTENT', kind: 'mutation' },
      );
      const job = dataOf<TJob>(created);
      const queue = queueFor(api.redis, api.deps.workerQueuePrefix, TRANSCODE_QUEUE);
      await expect.poll(() => queue.getJobState(job.id)).toBe('active');
      expect((await api.prisma.jobRecord.findUniqueOrThrow({ where: { id: job.id } })).state).toBe('QUEUED');

      expect((await cancel(job.id)).status).toBe(200);
      await expect.poll(() => queue.getJobState(job.id)).toBe('failed');
      expect((await queue.getJob(job.id))?.failedReason).toBe(`cancelled: by ${api.operators.NOC.email}`);
      expect(await audits(job.id)).toHaveLength(1);
    } finally {
      await listener.quit();
      await worker.close(true);
    }
  });
});
