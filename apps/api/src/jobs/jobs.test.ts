import { execFileSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MEDIA_INPUT_FOLDER, TRANSCODE_QUEUE, ZTranscodeJobSchema } from '@keten/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';
import { queueFor } from './jobs.queues';

type TJob = {
  id: string;
  state: string;
  input: { inputFile: string; outputKey: string };
  errorLines: string[];
};
type TDepth = { queue: string; waiting: number; active: number; failed: number };
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
    const incoming = join(api.deps.mediaRoot, MEDIA_INPUT_FOLDER);
    await mkdir(join(incoming, 'shows'), { recursive: true });
    await writeFile(join(incoming, 'film.ts'), 'not really video');
    // A real 2 s clip, so the list has a duration to read.
    execFileSync('ffmpeg', [
      ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=2:size=160x90:rate=10'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', join(incoming, 'shows', 'clip.ts')],
    ]);
    await writeFile(join(incoming, '.partial-upload'), 'hidden');
    await writeFile(join(api.deps.mediaRoot, 'outside.ts'), 'in the media root, not in its input folder');
  }, 60_000);
  afterAll(async () => {
    await queue()?.obliterate({ force: true });
    await api?.stop();
  });

  /** A refusal names inputFile and never shows where the media lives on the server. */
  const expectRefused = (response: Awaited<ReturnType<typeof create>>, message: RegExp) => {
    expect(response.status).toBe(400);
    expect(response.body.error?.json.data.keten?.field).toBe('inputFile');
    expect(response.body.error?.json.message).toMatch(message);
    expect(JSON.stringify(response.body)).not.toContain(api.deps.mediaRoot);
  };

  it('lists the media input folder: names relative to it, size and duration, no dot-files or links', async () => {
    await symlink('/etc/passwd', join(api.deps.mediaRoot, MEDIA_INPUT_FOLDER, 'escape.ts'));
    const response = await api.trpc('jobs.mediaInputs', undefined, { role: 'CONTENT' });
    type TList = { folder: string; truncated: boolean; files: { name: string; bytes: number }[] };
    const list = dataOf<TList & { files: { durationSeconds: number | null }[] }>(response);
    expect(list).toMatchObject({ folder: 'incoming/', truncated: false });
    expect(list.files.map((f) => f.name)).toEqual(['film.ts', 'shows/clip.ts']);
    expect(list.files[0]).toMatchObject({ bytes: 16, durationSeconds: null });
    expect(list.files[1]?.durationSeconds).toBeCloseTo(2, 1);
    expect(JSON.stringify(response.body)).not.toContain(api.deps.mediaRoot);
    expect((await api.trpc('jobs.mediaInputs', undefined, { role: 'NOC' })).status).toBe(403);
  });

  it('refuses a file outside the media input folder, naming inputFile, without a server path, writing nothing', async () => {
    for (const inputFile of [
      '../../etc/passwd',
      '/etc/passwd',
      '../outside.ts',
      join(api.deps.mediaRoot, 'outside.ts'),
    ]) {
      expectRefused(
        await create({ inputFile }),
        /media input folder \(incoming\/\); choose one from the list/,
      );
    }
    expectRefused(await create({ inputFile: 'escape.ts' }), /^escape\.ts links to a file outside/);
    expectRefused(await create({ inputFile: 'shows' }), /^shows is a folder/);
    expect(await api.prisma.jobRecord.count()).toBe(0);
    expect(await queue().count()).toBe(0);
  });

  it('refuses a missing file and a bad output key, each next to its field', async () => {
    expectRefused(await create({ inputFile: 'nope.ts' }), /^nope\.ts is no longer in the media input folder/);
    const badKey = await create({ inputFile: 'film.ts', outputKey: '../x' });
    expect(badKey.body.error?.json.data.zodError?.fieldErrors.outputKey).toBeDefined();
    expect(await api.prisma.jobRecord.count()).toBe(0);
  });

  it('creates a record, enqueues data the worker accepts, audits once; queues counts it; cancel removes it', async () => {
    const response = await create({ inputFile: 'shows/clip.ts' });
    expect(response.status).toBe(200);
    const job = dataOf<TJob>(response);
    expect(job).toMatchObject({
      state: 'QUEUED',
      input: { inputFile: 'shows/clip.ts', outputKey: 'film-1' },
    });
    expect(JSON.stringify(response.body)).not.toContain(api.deps.mediaRoot);
    const queued = await queue().getJob(job.id);
    const data = ZTranscodeJobSchema.parse(queued?.data);
    expect(data).toMatchObject({
      jobRecordId: job.id,
      sourcePath: join(api.deps.mediaRoot, MEDIA_INPUT_FOLDER, 'shows', 'clip.ts'),
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
    expect(list.items[0]?.input.inputFile).toBe('shows/clip.ts');
    expect(JSON.stringify(listResponse.body)).not.toContain(api.deps.mediaRoot);

    const cancel = await api.trpc('jobs.cancel', { id: job.id }, { role: 'NOC', kind: 'mutation' });
    expect(dataOf<TJob>(cancel).state).toBe('CANCELLED');
    expect(await queue().getJob(job.id)).toBeUndefined();
    expect(await audits('job.cancel', job.id)).toBe(1);
    const again = await api.trpc('jobs.cancel', { id: job.id }, { role: 'NOC', kind: 'mutation' });
    expect(again.status).toBe(409);
  });

  it('retries a failed job: back on the queue, QUEUED, audited; the list shows its last error lines', async () => {
    const job = dataOf<TJob>(await create({ inputFile: 'film.ts', outputKey: 'film-2' }));
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
      { inputFile: 'film.ts', profileVersionId: versionId, outputKey: 'x' },
      { role: 'NOC', kind: 'mutation' },
    );
    expect(response.status).toBe(403);
  });
});
