import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TRANSCODE_QUEUE, ZTranscodeJobSchema } from '@keten/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';
import { queueFor } from './jobs.queues';

type TJob = {
  id: string;
  state: string;
  input: { sourcePath: string; outputKey: string };
  errorLines: string[];
};
type TDepth = { queue: string; waiting: number; active: number; failed: number };
type TKeten = { field: string | null } | null;
const dataOf = <T>(response: { body: { result?: { data: { json: unknown } } } }) =>
  response.body.result?.data.json as T;

describe('jobs over tRPC (real PostgreSQL, real Redis with a prefix of its own)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let versionId: string;
  const queue = () => queueFor(api.redis, api.deps.workerQueuePrefix, TRANSCODE_QUEUE);
  const audits = (action: string, entityId: string) =>
    api.prisma.auditEntry.count({ where: { action, entityId } });
  const create = (input: Record<string, unknown>) =>
    api.trpc(
      'jobs.createTranscode',
      { profileVersionId: versionId, outputKey: 'film-1', ...input },
      { role: 'CONTENT', kind: 'mutation' },
    );

  beforeAll(async () => {
    api = await startTestApi();
    const profile = await api.prisma.encodingProfile.create({ data: { code: 'test-hd', name: 'Test HD' } });
    const version = await api.prisma.encodingProfileVersion.create({
      data: {
        profileId: profile.id,
        version: 1,
        segmentSeconds: 4,
        audioCodec: 'AAC_LC',
        audioBitrateKbps: 128,
        audioChannels: 2,
      },
    });
    versionId = version.id;
    await mkdir(join(api.deps.mediaRoot, 'incoming'), { recursive: true });
    await writeFile(join(api.deps.mediaRoot, 'incoming', 'film.ts'), 'not really video');
  }, 60_000);
  afterAll(async () => {
    await queue()?.obliterate({ force: true });
    await api?.stop();
  });

  it('refuses a source outside MEDIA_ROOT, naming sourcePath, and writes nothing', async () => {
    for (const sourcePath of ['../../etc/passwd', '/etc/passwd']) {
      const response = await create({ sourcePath });
      expect(response.status).toBe(400);
      expect((response.body.error?.json.data.keten as TKeten)?.field).toBe('sourcePath');
    }
    await symlink('/etc/passwd', join(api.deps.mediaRoot, 'incoming', 'escape.ts'));
    const linked = await create({ sourcePath: 'incoming/escape.ts' });
    expect(linked.body.error?.json.data.keten?.field).toBe('sourcePath');
    expect(await api.prisma.jobRecord.count()).toBe(0);
    expect(await queue().count()).toBe(0);
  });

  it('refuses a missing file and a bad output key, each next to its field', async () => {
    const missing = await create({ sourcePath: 'incoming/nope.ts' });
    expect(missing.body.error?.json.message).toMatch(/No such file/);
    expect(missing.body.error?.json.data.keten?.field).toBe('sourcePath');
    const badKey = await create({ sourcePath: 'incoming/film.ts', outputKey: '../x' });
    expect(badKey.body.error?.json.data.zodError?.fieldErrors.outputKey).toBeDefined();
    expect(await api.prisma.jobRecord.count()).toBe(0);
  });

  it('creates a record, enqueues data the worker accepts, audits once; queues counts it; cancel removes it', async () => {
    const response = await create({ sourcePath: 'incoming/film.ts' });
    expect(response.status).toBe(200);
    const job = dataOf<TJob>(response);
    expect(job).toMatchObject({ state: 'QUEUED', input: { outputKey: 'film-1' } });
    const queued = await queue().getJob(job.id);
    const data = ZTranscodeJobSchema.parse(queued?.data);
    expect(data).toMatchObject({
      jobRecordId: job.id,
      sourcePath: join(api.deps.mediaRoot, 'incoming', 'film.ts'),
    });
    expect(await audits('job.create', job.id)).toBe(1);

    const depths = dataOf<TDepth[]>(await api.trpc('jobs.queues', undefined, { role: 'NOC' }));
    expect(depths).toEqual([
      expect.objectContaining({ queue: 'live', waiting: 0 }),
      expect.objectContaining({ queue: 'transcode', waiting: 1, active: 0 }),
      expect.objectContaining({ queue: 'probe', waiting: 0 }),
    ]);
    const listResponse = await api.trpc('jobs.list', { state: 'QUEUED' }, { role: 'NOC' });
    const list = dataOf<{ items: TJob[]; total: number }>(listResponse);
    expect(list?.total, JSON.stringify(listResponse.body)).toBe(1);

    const cancel = await api.trpc('jobs.cancel', { id: job.id }, { role: 'NOC', kind: 'mutation' });
    expect(dataOf<TJob>(cancel).state).toBe('CANCELLED');
    expect(await queue().getJob(job.id)).toBeUndefined();
    expect(await audits('job.cancel', job.id)).toBe(1);
    const again = await api.trpc('jobs.cancel', { id: job.id }, { role: 'NOC', kind: 'mutation' });
    expect(again.status).toBe(409);
  });

  it('retries a failed job: back on the queue, QUEUED, audited; the list shows its last error lines', async () => {
    const job = dataOf<TJob>(await create({ sourcePath: 'incoming/film.ts', outputKey: 'film-2' }));
    // Stand in for a worker: take the job and fail it the way the processor does.
    const bull = await queue().getJob(job.id);
    await bull?.moveToFailed(new Error('ffmpeg exited with code 1'), '0', false).catch(() => undefined);
    await queue().remove(job.id);
    await api.prisma.jobRecord.update({
      where: { id: job.id },
      data: {
        state: 'FAILED',
        error: 'ffmpeg exited with code 1:\nmoov atom not found\nInvalid data found',
        finishedAt: new Date(),
      },
    });
    const failed = dataOf<{ items: TJob[] }>(
      await api.trpc('jobs.list', { state: 'FAILED' }, { role: 'CONTENT' }),
    );
    expect(failed.items[0]?.errorLines.at(-1)).toBe('Invalid data found');
    const detail = dataOf<TJob>(await api.trpc('jobs.get', { id: job.id }, { role: 'NOC' }));
    expect(detail.errorLines).toEqual([
      'ffmpeg exited with code 1:',
      'moov atom not found',
      'Invalid data found',
    ]);

    const retry = await api.trpc('jobs.retry', { id: job.id }, { role: 'CONTENT', kind: 'mutation' });
    expect(dataOf<TJob>(retry).state).toBe('QUEUED');
    expect(await (await queue().getJob(job.id))?.getState()).toBe('waiting');
    expect(await audits('job.retry', job.id)).toBe(1);
  });

  it('lets only content managers and admins start a transcode', async () => {
    const response = await api.trpc(
      'jobs.createTranscode',
      { sourcePath: 'incoming/film.ts', profileVersionId: versionId, outputKey: 'x' },
      { role: 'NOC', kind: 'mutation' },
    );
    expect(response.status).toBe(403);
  });
});
