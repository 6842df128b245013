import { createRequire } from 'node:module';
import { INGEST_EVENTS_QUEUE, type TIngestEventInput, ZIngestEventSchema } from '@keten/contracts';
import { stores } from './stores';

export type TIngestQueue = {
  add(name: string, data: unknown, options: Record<string, unknown>): Promise<unknown>;
  close(): Promise<void>;
};
type TQueueClass = new (
  name: string,
  options: { connection: { host: string; port: number; db: number }; prefix: string },
) => TIngestQueue;
// The console does not depend on BullMQ: the test borrows apps/api's copy to queue an event as the worker does.
const { Queue } = createRequire(new URL('../../api/package.json', import.meta.url))('bullmq') as {
  Queue: TQueueClass;
};

/** The queue apps/worker hands its ingest, QC and failover findings to; apps/api stores them in ClickHouse. */
export function ingestEventsQueue(): TIngestQueue {
  const url = new URL(stores.REDIS_URL);
  return new Queue(INGEST_EVENTS_QUEUE, {
    connection: {
      host: url.hostname,
      port: Number(url.port || 6379),
      db: Number(url.pathname.slice(1) || 0),
    },
    prefix: stores.WORKER_QUEUE_PREFIX,
  });
}

/** What apps/worker's event sink does (apps/worker/src/events/ingest-events.ts). */
export async function emitIngestEvent(queue: TIngestQueue, event: TIngestEventInput) {
  const parsed = ZIngestEventSchema.parse(event);
  await queue.add(parsed.kind, parsed, {
    jobId: `${parsed.id}-${parsed.endedAt ? 'end' : 'start'}`,
    attempts: 10,
    backoff: { type: 'exponential', delay: 1_000 },
    removeOnComplete: { count: 1_000 },
    removeOnFail: { count: 5_000 },
  });
}
