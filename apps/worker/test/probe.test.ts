import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import {
  type AddressInfo,
  createServer as createTcpServer,
  type Socket,
  type Server as TcpServer,
} from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROBE_JOB_OPTIONS, PROBE_KIND, PROBE_QUEUE, ZSourceProbeSchema } from '@keten/contracts';
import { createTestDatabase, type TestDatabase } from '@keten/db/testing';
import { type Job, Queue, type Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySink } from '../src/events/ingest-events';
import { createWorkerConnection } from '../src/lib/redis';
import { startProbeWorker } from '../src/probe/probe.worker';
import { probeSource } from '../src/probe/probe-source';
import { TestSource } from '../src/sources/test-source';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const FFPROBE = '/usr/bin/ffprobe';
const run = promisify(execFile);

/** A TS file of two 2 s parts whose clocks start at `offsets`: what a glitching encoder sends. */
async function makeJumpyTs(dir: string, name: string, offsets: [number, number]): Promise<string> {
  const part = async (name: string, offset: number) => {
    const path = join(dir, `${name}-${offset}.ts`);
    await run('/usr/bin/ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-y'],
      ...['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=2'],
      ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=2'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-ac', '2'],
      ...['-output_ts_offset', String(offset), '-f', 'mpegts', path],
    ]);
    return path;
  };
  const [a, b] = await Promise.all(offsets.map((offset) => part(name, offset)));
  const joined = join(dir, `${name}.ts`);
  await run('/bin/sh', ['-c', `cat '${a}' '${b}' > '${joined}'`]);
  return joined;
}

describe('source probe (real ffprobe, PostgreSQL, Redis, BullMQ)', () => {
  const prefix = `test-probe-${randomUUID()}`;
  const events = createMemorySink();
  const dir = mkdtempSync(join(tmpdir(), 'keten-probe-'));
  let db: TestDatabase;
  let connection: Redis;
  let queue: Queue;
  let worker: Worker;
  let live: TestSource;
  let dead: TestSource;
  let trickle: Server;
  let silent: TcpServer;
  const silentSockets = new Set<Socket>();
  let channelId: string;

  const settled = async (job: Job) => {
    for (;;) {
      const state = await queue.getJobState(job.id!);
      if (state === 'completed' || state === 'failed') return { state, job: (await queue.getJob(job.id!))! };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  /** What the api's channels.sources.probe does: the history row first, then the job with jobId = row id. */
  const enqueueProbe = async (sourceId: string) => {
    const record = await db.prisma.jobRecord.create({
      data: { queue: PROBE_QUEUE, kind: PROBE_KIND, state: 'QUEUED', channelId, input: { sourceId } },
    });
    await db.prisma.jobRecord.update({ where: { id: record.id }, data: { bullJobId: record.id } });
    const job = await queue.add(
      PROBE_KIND,
      { sourceId, jobRecordId: record.id },
      { ...PROBE_JOB_OPTIONS, jobId: record.id },
    );
    return { job, recordId: record.id };
  };

  const addSource = async (priority: number, url: string, protocol: 'HTTP_TS' | 'FILE' = 'HTTP_TS') =>
    (await db.prisma.channelSource.create({ data: { channelId, priority, protocol, url } })).id;

  beforeAll(async () => {
    [db, live, dead] = await Promise.all([
      createTestDatabase('probe'),
      new TestSource().start(),
      new TestSource().start(),
    ]);
    dead.setMode('stopped');
    // Answers with a byte now and then: never silent long enough for ffprobe's own I/O timeout.
    trickle = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'video/mp2t' });
      const timer = setInterval(() => response.write(Buffer.from([0x47])), 200);
      response.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => trickle.listen(0, '127.0.0.1', resolve));
    // Accepts the connection and never says a word.
    silent = createTcpServer((socket) => {
      silentSockets.add(socket);
      socket.on('close', () => silentSockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const channel = await db.prisma.channel.create({
      data: { lcn: 901, name: 'Probe test', slug: 'probe-test', genre: 'GENERAL', language: 'nl' },
    });
    channelId = channel.id;
    connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(PROBE_QUEUE, { connection, prefix });
    worker = startProbeWorker(
      createWorkerConnection(REDIS_URL),
      prefix,
      { prisma: db.prisma, ffprobePath: FFPROBE, events, timeoutSeconds: 10 },
      2,
    );
  });

  afterAll(async () => {
    await worker?.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
    await connection?.quit();
    await Promise.all([live?.close(), dead?.close()]);
    trickle?.closeAllConnections();
    await new Promise((resolve) => trickle?.close(resolve));
    for (const socket of silentSockets) socket.destroy();
    await new Promise((resolve) => silent?.close(resolve));
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('probes a healthy live feed through the queue: codecs, size, fps, audio, continuous timestamps', async () => {
    const sourceId = await addSource(1, live.url);
    const started = Date.now();
    const { job, recordId } = await enqueueProbe(sourceId);
    const { state } = await settled(job);
    const seconds = (Date.now() - started) / 1000;
    console.log(`probe of a healthy live feed took ${seconds.toFixed(2)} s`);
    expect(state).toBe('completed');
    expect(seconds).toBeLessThan(8);

    const source = await db.prisma.channelSource.findUniqueOrThrow({ where: { id: sourceId } });
    const probe = ZSourceProbeSchema.parse(source.probe);
    expect(probe).toMatchObject({
      ok: true,
      error: null,
      formatName: 'mpegts',
      video: { codec: 'h264', width: 640, height: 360 },
      audio: { codec: 'aac', channels: 2, sampleRate: 48_000 },
      timestamps: { discontinuities: 0 },
    });
    expect(probe.video?.fps).toBeCloseTo(25, 0);
    expect(probe.timestamps.sampledSeconds).toBeGreaterThan(2);
    expect(probe.timestamps.packets).toBeGreaterThan(100);
    expect(source).toMatchObject({ health: 'HEALTHY', lastError: null });
    expect(source.lastCheckedAt).not.toBeNull();

    const record = await db.prisma.jobRecord.findUniqueOrThrow({ where: { id: recordId } });
    expect(record).toMatchObject({ state: 'COMPLETED', progress: 100, error: null, attempts: 1 });
    expect(ZSourceProbeSchema.parse(record.output)).toEqual(probe);

    const event = events.events.find((e) => e.sourceId === sourceId);
    expect(event).toMatchObject({
      kind: 'probe',
      channelId,
      cause: 'h264 640x360 25 fps, aac 2 ch',
      detail: { width: 640, height: 360, fps: 25, discontinuities: 0, audioChannels: 2 },
    });
    expect(event?.endedAt).not.toBeNull();
  });

  it('a stopped feed is a completed probe with ok=false, ffprobe’s reason and the source DOWN', async () => {
    const sourceId = await addSource(2, dead.url);
    const { job, recordId } = await enqueueProbe(sourceId);
    expect((await settled(job)).state).toBe('completed');

    const source = await db.prisma.channelSource.findUniqueOrThrow({ where: { id: sourceId } });
    const probe = ZSourceProbeSchema.parse(source.probe);
    expect(probe).toMatchObject({ ok: false, video: null, audio: null, error: 'End of file' });
    expect(source).toMatchObject({ health: 'DOWN', lastError: 'End of file' });
    const record = await db.prisma.jobRecord.findUniqueOrThrow({ where: { id: recordId } });
    expect(record.state).toBe('COMPLETED');
    expect(events.events.find((e) => e.sourceId === sourceId)?.cause).toBe('probe failed: End of file');
  });

  it('a source id that does not exist fails the job at once, with no retry, and says so', async () => {
    const { job, recordId } = await enqueueProbe('no-such-source');
    const { state, job: done } = await settled(job);
    expect(state).toBe('failed');
    expect(done.failedReason).toBe('source no-such-source does not exist (deleted before it was probed?)');
    expect(done.attemptsMade).toBe(1);
    const record = await db.prisma.jobRecord.findUniqueOrThrow({ where: { id: recordId } });
    expect(record).toMatchObject({ state: 'FAILED', error: done.failedReason });
  });

  it('timestamps that jump forward make the source DEGRADED with the discontinuity counted', async () => {
    const sourceId = await addSource(3, await makeJumpyTs(dir, 'forward', [0, 100]), 'FILE');
    const { job } = await enqueueProbe(sourceId);
    expect((await settled(job)).state).toBe('completed');
    const source = await db.prisma.channelSource.findUniqueOrThrow({ where: { id: sourceId } });
    const probe = ZSourceProbeSchema.parse(source.probe);
    expect(probe).toMatchObject({ ok: true, video: { width: 320, height: 180 }, audio: { channels: 2 } });
    // The jump lies past the 3 s sample's end: seen as a sample cut short while the file went on.
    expect(probe.timestamps.discontinuities).toBe(1);
    expect(source.health).toBe('DEGRADED');
    expect(events.events.find((e) => e.sourceId === sourceId)?.cause).toBe(
      'h264 320x180 25 fps, aac 2 ch, 1 timestamp discontinuity',
    );
  });

  it('timestamps that go back (an encoder restarted its clock) make the source DEGRADED', async () => {
    const sourceId = await addSource(4, await makeJumpyTs(dir, 'back', [100, 0]), 'FILE');
    const { job } = await enqueueProbe(sourceId);
    expect((await settled(job)).state).toBe('completed');
    const source = await db.prisma.channelSource.findUniqueOrThrow({ where: { id: sourceId } });
    const probe = ZSourceProbeSchema.parse(source.probe);
    expect(probe.ok).toBe(true);
    // MPEG-TS readers take a clock that goes back for one that wrapped, i.e. a huge jump forward.
    expect(probe.timestamps.discontinuities).toBeGreaterThan(0);
    expect(source.health).toBe('DEGRADED');
  });

  it('a refused, a silent and a useless feed give ok=false with the reason, not a throw', async () => {
    const refused = await probeSource('http://127.0.0.1:1/stream.ts', { ffprobePath: FFPROBE });
    expect(refused).toMatchObject({ ok: false, error: 'Connection refused' });

    // ffprobe's own I/O timeout is half the hard limit, so it names the reason itself.
    const quiet = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/stream.ts`;
    const hushed = await probeSource(quiet, { ffprobePath: FFPROBE, timeoutSeconds: 2 });
    expect(hushed).toMatchObject({ ok: false, error: 'Connection timed out' });

    const url = `http://127.0.0.1:${(trickle.address() as AddressInfo).port}/stream.ts`;
    const started = Date.now();
    const stuck = await probeSource(url, { ffprobePath: FFPROBE, timeoutSeconds: 2 });
    expect(stuck).toMatchObject({ ok: false, error: 'no answer from the feed within 2 s' });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(ZSourceProbeSchema.safeParse(stuck).success).toBe(true);
    // The killed ffprobe is gone, not left reading the feed.
    await expect(run('pgrep', ['-f', url])).rejects.toMatchObject({ code: 1 });
  });

  it('a cancel kills ffprobe and rejects the probe', async () => {
    const abort = new AbortController();
    const pending = probeSource(live.url, { ffprobePath: FFPROBE, signal: abort.signal });
    setTimeout(() => abort.abort('operator cancel'), 300);
    await expect(pending).rejects.toThrow('probe aborted: operator cancel');
  });
});
