import { randomUUID } from 'node:crypto';
import { INGEST_EVENTS_QUEUE, type TIngestEventInput, ZIngestEventSchema } from '@keten/contracts';
import { channelIngestTimeline } from '@keten/db/clickhouse';
import { type Job, Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';

const WAIT_MS = 15_000;

async function waitFor<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('ingest-events consumer (real Redis queue → embedded ClickHouse)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let queue: Queue;

  /** Exactly what apps/worker's event sink does (src/events/ingest-events.ts). */
  async function emit(event: TIngestEventInput) {
    const parsed = ZIngestEventSchema.parse(event);
    const phase = parsed.endedAt ? 'end' : 'start';
    return queue.add(parsed.kind, parsed, {
      jobId: `${parsed.id}-${phase}`,
      attempts: 10,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: { count: 1_000 },
      removeOnFail: { count: 5_000 },
    });
  }
  const timeline = (channelId: string) =>
    channelIngestTimeline(api.deps.clickhouse.client, {
      channelId,
      from: new Date(Date.now() - 3_600_000),
      to: new Date(Date.now() + 60_000),
    });

  beforeAll(async () => {
    api = await startTestApi({ ingestEvents: true });
    queue = new Queue(INGEST_EVENTS_QUEUE, { connection: api.redis, prefix: api.deps.workerQueuePrefix });
  }, 60_000);
  afterAll(async () => {
    await queue?.obliterate({ force: true });
    await queue?.close();
    await api?.stop();
  });

  it('stores a finding the worker queued, and its end as the same finding', async () => {
    const id = randomUUID();
    const startedAt = new Date(Date.now() - 30_000).toISOString();
    const start = {
      id,
      kind: 'black',
      channelId: 'ch-queue',
      sourceId: 'src-1',
      startedAt,
      cause: 'black for 2.0 s',
      detail: { seconds: 2 },
    } as const;
    await emit(start);
    const [stored] = await waitFor(async () => {
      const rows = await timeline('ch-queue');
      return rows.length > 0 ? rows : undefined;
    }, 'the start in ClickHouse');
    expect(stored).toMatchObject({ id, kind: 'black', sourceId: 'src-1', startedAt, endedAt: null });

    const endedAt = new Date().toISOString();
    await emit({ ...start, endedAt });
    const [ended] = await waitFor(async () => {
      const rows = await timeline('ch-queue');
      return rows[0]?.endedAt ? rows : undefined;
    }, 'the end in ClickHouse');
    expect(ended).toMatchObject({ id, kind: 'black', startedAt, endedAt, cause: 'black for 2.0 s' });
    expect(await timeline('ch-queue')).toHaveLength(1);
  });

  it('fails a malformed event at once with the field named, and stores nothing', async () => {
    const job = await queue.add(
      'black',
      { id: randomUUID(), kind: 'black', channelId: 'ch-bad', sourceId: null, startedAt: 'soon' },
      { jobId: 'bad-start', attempts: 10 },
    );
    const failed = await waitFor(async () => {
      // The state first, then the job: a job read before it failed keeps no failedReason.
      if ((await queue.getJobState(job.id ?? '')) !== 'failed') return undefined;
      return (await queue.getJob(job.id ?? '')) as Job | undefined;
    }, 'the job to fail');
    expect(failed.failedReason).toMatch(/^ingest event refused: startedAt: /);
    // Not retried: a malformed event would be malformed on every attempt.
    expect(failed.attemptsMade).toBe(1);
    expect(await timeline('ch-bad')).toEqual([]);
  });
});
