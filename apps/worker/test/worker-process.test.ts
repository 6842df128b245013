import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_QUEUE } from '../src/system/system.queue';
import { spawnWorkerProcess } from './support/processes';
import { until } from './support/until';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// The worker only connects to PostgreSQL when a transcode runs; these tests need a valid URL, not a database.
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://keten:keten@127.0.0.1:5432/keten';
const children: ChildProcess[] = [];

function startWorker(env: Record<string, string | undefined>) {
  const worker = spawnWorkerProcess(env);
  children.push(worker.child);
  return worker;
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe('worker process', () => {
  it('refuses to start without REDIS_URL and names it', async () => {
    const worker = startWorker({});
    // 'close', not 'exit': only then has all its output been read.
    const [code] = await once(worker.child, 'close');
    expect(code).toBe(1);
    expect(worker.output()).toMatch(/REDIS_URL: is missing/);
  });

  /** Starts a worker on its own key prefix, runs one ping job that holds for `holdMs`, and sends SIGTERM while it runs. */
  async function sigtermDuringJob(deadlineMs: number, holdMs: number) {
    const prefix = `test-${randomUUID()}`;
    const worker = startWorker({
      REDIS_URL,
      DATABASE_URL,
      WORKER_QUEUE_PREFIX: prefix,
      WORKER_SHUTDOWN_DEADLINE_MS: String(deadlineMs),
    });
    await worker.waitFor(/worker: ready/);
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(SYSTEM_QUEUE, { connection, prefix });
    try {
      const job = await queue.add('ping', { sentAt: new Date().toISOString(), holdMs });
      // Poll rather than listen: a QueueEvents reader can start after the job already became active.
      await until('the job active', async () => (await queue.getJobState(job.id!)) === 'active', 10_000);
      worker.child.kill('SIGTERM');
      const [code] = await once(worker.child, 'close');
      return {
        code,
        output: worker.output(),
        state: await queue.getJobState(job.id!),
        job: await queue.getJob(job.id!),
      };
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
      await connection.quit();
    }
  }

  it('finishes the active job on SIGTERM, then exits 0 with nothing left behind', async () => {
    const outcome = await sigtermDuringJob(10_000, 1500);
    expect(outcome.code).toBe(0);
    expect(outcome.output).toMatch(/stopped \(graceful\)/);
    expect(outcome.state).toBe('completed');
    expect(outcome.job?.returnvalue).toMatchObject({ pong: true });
  });

  it('hands a job that outlives the deadline back to the queue', async () => {
    const outcome = await sigtermDuringJob(300, 20_000);
    expect(outcome.code).toBe(0);
    expect(outcome.output).toMatch(/stopped \(forced\)/);
    // Not completed and not failed: still owed, so a next worker will run it.
    expect(['active', 'waiting', 'wait']).toContain(outcome.state);
  });
});
