import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { parsePrometheusText, promValue } from '@keten/contracts/metrics';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { SYSTEM_QUEUE } from '../src/system/system.queue';
import { spawnWorkerProcess } from './support/processes';
import { until } from './support/until';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://keten:keten@127.0.0.1:5432/keten';
const TOKEN = 'worker-metrics-token-for-the-test-0123456789';
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe('GET /metrics on the worker process', () => {
  it('serves the Prometheus text format to a bearer of METRICS_TOKEN, and counts a finished job', async () => {
    const prefix = `test-${randomUUID()}`;
    const worker = spawnWorkerProcess({
      REDIS_URL,
      DATABASE_URL,
      WORKER_QUEUE_PREFIX: prefix,
      WORKER_METRICS_PORT: '0',
      METRICS_TOKEN: TOKEN,
    });
    children.push(worker.child);
    await worker.waitFor(/worker: ready/);
    const url = /worker: metrics on (\S+)/.exec(worker.output())?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const scrape = async () => {
      const response = await fetch(url!, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      return parsePrometheusText(await response.text());
    };

    const before = await scrape();
    expect(before.get('keten_live_channels')?.type).toBe('gauge');
    expect(promValue(before, 'keten_live_channels', { state: 'on_air' })).toBe(0);
    expect(before.get('keten_live_switches_total')?.type).toBe('counter');
    expect(before.get('keten_ffmpeg_restarts_total')?.type).toBe('counter');
    expect(before.get('process_cpu_seconds_total')?.type).toBe('counter');
    expect(promValue(before, 'keten_worker_jobs_total', { queue: SYSTEM_QUEUE, outcome: 'completed' })).toBe(
      0,
    );

    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(SYSTEM_QUEUE, { connection, prefix });
    try {
      const job = await queue.add('ping', { sentAt: new Date().toISOString(), holdMs: 0 });
      await until('the ping done', async () => (await queue.getJobState(job.id!)) === 'completed', 10_000);
      const after = await until(
        'the job counted',
        async () => {
          const families = await scrape();
          const done = promValue(families, 'keten_worker_jobs_total', {
            queue: SYSTEM_QUEUE,
            outcome: 'completed',
          });
          return done === 1 ? families : null;
        },
        5_000,
      );
      expect(promValue(after, 'keten_worker_jobs_total', { queue: SYSTEM_QUEUE, outcome: 'failed' })).toBe(0);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
      await connection.quit();
    }

    // Without the token, or with a wrong one: refused, and nothing of the metrics in the answer.
    const anonymous = await fetch(url!);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'METRICS_FORBIDDEN' });
    const wrong = await fetch(url!, { headers: { authorization: `Bearer ${TOKEN}-not` } });
    expect(wrong.status).toBe(401);
    expect(
      (await fetch(url!.replace('/metrics', '/'), { headers: { authorization: `Bearer ${TOKEN}` } })).status,
    ).toBe(404);
  });

  it('serves no HTTP unless WORKER_METRICS_PORT is set', async () => {
    const worker = spawnWorkerProcess({
      REDIS_URL,
      DATABASE_URL,
      WORKER_QUEUE_PREFIX: `test-${randomUUID()}`,
    });
    children.push(worker.child);
    await worker.waitFor(/worker: ready/);
    expect(worker.output()).not.toMatch(/metrics on/);
  });
});
