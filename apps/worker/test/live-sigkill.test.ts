import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIVE_KIND, LIVE_QUEUE, liveJobId } from '@keten/contracts';
import { createTestDatabase, type TestDatabase } from '@keten/db/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSource } from '../src/sources/test-source';
import { createLiveChannel, livePlaylistPath, watchPlaylist } from './support/live';
import { ffmpegsWriting, isAlive, spawnWorkerProcess, untilDead } from './support/processes';
import { until } from './support/until';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The worker process's working directory (see spawnWorkerProcess). */
const WORKER_DIR = fileURLToPath(new URL('..', import.meta.url));

describe('a live worker killed with SIGKILL', () => {
  let db: TestDatabase;
  let mediaRoot: string;
  let primary: TestSource;
  let backup: TestSource;
  let connection: Redis;
  let queue: Queue;
  const prefix = `test-live-kill-${randomUUID()}`;
  const processes: ReturnType<typeof spawnWorkerProcess>[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('live_sigkill');
    mediaRoot = mkdtempSync(join(tmpdir(), 'keten-live-kill-'));
    primary = await new TestSource().start();
    backup = await new TestSource({ toneHz: 880 }).start();
    connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(LIVE_QUEUE, { connection, prefix });
  });

  afterAll(async () => {
    for (const worker of processes) worker.child.kill('SIGKILL');
    for (const { pid } of ffmpegsWriting(join(mediaRoot, '.live'))) process.kill(pid, 'SIGKILL');
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await connection?.quit();
    await primary?.close();
    await backup?.close();
    await db?.drop();
    rmSync(mediaRoot, { recursive: true, force: true });
  });

  const startWorker = async () => {
    const worker = spawnWorkerProcess({
      REDIS_URL,
      DATABASE_URL: db.url,
      WORKER_QUEUE_PREFIX: prefix,
      // Relative, as in .env.example: encoders and the orphan sweep must still agree on their folders.
      MEDIA_ROOT: relative(WORKER_DIR, mediaRoot),
      LIVE_PRESET: 'ultrafast',
      WORKER_LOCK_SECONDS: '3',
      WORKER_STALLED_CHECK_SECONDS: '1',
    });
    processes.push(worker);
    await worker.waitFor(/worker: ready/);
    return worker;
  };

  it('has its channel taken over by the next worker, numbering intact, its encoders killed', async () => {
    const channel = await createLiveChannel(db.prisma, [primary.url, backup.url]);
    const first = await startWorker();
    await queue.add(LIVE_KIND, { channelId: channel.id }, { jobId: liveJobId(channel.id), attempts: 5 });
    const playlist = watchPlaylist(livePlaylistPath(mediaRoot, channel.slug));
    await until('segments from the first worker', () => playlist.entries().length >= 3, 40_000);
    const orphans = ffmpegsWriting(join(mediaRoot, '.live')).filter((p) => p.parent === first.pid);
    expect(orphans).toHaveLength(2); // one encoder per source

    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    await playlist.sync(); // the dead worker may have published a segment the last poll did not see
    const lastBefore = Math.max(...playlist.entries().map((e) => e.seq));
    // Its encoders outlive it, still writing: exactly the orphans the next worker must kill.
    expect(orphans.some((p) => isAlive(p.pid))).toBe(true);

    await startWorker();
    await until(
      'segments from the next worker',
      () => playlist.entries().some((e) => e.seq > lastBefore + 1),
      60_000,
    );
    playlist.stop();
    const seqs = playlist.entries().map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, n) => seqs[0]! + n));
    expect(playlist.entries().find((e) => e.seq === lastBefore + 1)?.discontinuity).toBe(true);
    await untilDead(orphans.map((p) => p.pid));
  }, 150_000);
});
