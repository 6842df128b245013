import { randomUUID } from 'node:crypto';
import { INGEST_EVENTS_QUEUE, ZIngestEventSchema } from '@keten/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createEventSink } from '../src/events/ingest-events';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('the worker event sink', () => {
  const prefix = `test-events-${randomUUID()}`;
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const sink = createEventSink(connection, prefix);
  const queue = new Queue(INGEST_EVENTS_QUEUE, { connection, prefix });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await sink.close();
    await connection.quit();
  });

  it('queues a finding for the api as it will parse it, start and end once each', async () => {
    const startedAt = new Date().toISOString();
    const event = {
      kind: 'black' as const,
      channelId: 'c1',
      sourceId: 's1',
      startedAt,
      cause: 'black for 2.0 s',
    };
    const id = await sink.emit(event);
    // A retried emit of the same start (e.g. after a Redis blip) does not queue it twice.
    await sink.emit({ ...event, id });
    await sink.emit({ ...event, id, endedAt: new Date(Date.now() + 3_000).toISOString() });
    const jobs = await queue.getJobs(['waiting']);
    expect(jobs.map((job) => job.id).sort()).toEqual([`${id}-end`, `${id}-start`]);
    for (const job of jobs) expect(ZIngestEventSchema.parse(job.data)).toMatchObject({ id, kind: 'black' });
  });

  it('refuses a malformed finding in the worker, naming the field', async () => {
    await expect(
      sink.emit({ kind: 'black', channelId: 'c1', sourceId: 's1', startedAt: 'yesterday' }),
    ).rejects.toThrow(/startedAt/);
  });
});
