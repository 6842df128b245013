import { randomUUID } from 'node:crypto';
import {
  INGEST_EVENTS_QUEUE,
  type TIngestEvent,
  type TIngestEventInput,
  ZIngestEventSchema,
} from '@keten/contracts';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/** Where the worker's findings go: apps/api consumes the queue and stores them in ClickHouse. */
export type TEventSink = {
  emit(event: Omit<TIngestEventInput, 'id'> & { id?: string }): Promise<string>;
  close(): Promise<void>;
};

/** Every event is validated here, so a malformed one fails in the worker that made it, not in the api. */
export function createEventSink(connection: Redis, prefix: string): TEventSink {
  const queue = new Queue(INGEST_EVENTS_QUEUE, { connection, prefix });
  return {
    async emit(event) {
      const parsed = ZIngestEventSchema.parse({ ...event, id: event.id ?? randomUUID() });
      // The id is the job id: a retried emit of the same start or end never stores it twice.
      const phase = parsed.endedAt ? 'end' : 'start';
      await queue.add(parsed.kind, parsed, {
        jobId: `${parsed.id}-${phase}`,
        attempts: 10,
        backoff: { type: 'exponential', delay: 1_000 },
        removeOnComplete: { count: 1_000 },
        removeOnFail: { count: 5_000 },
      });
      return parsed.id;
    },
    close: () => queue.close(),
  };
}

/** Collects events in memory: for tests and for tools that run without Redis. */
export function createMemorySink(): TEventSink & { events: TIngestEvent[] } {
  const events: TIngestEvent[] = [];
  return {
    events,
    async emit(event) {
      const parsed = ZIngestEventSchema.parse({ ...event, id: event.id ?? randomUUID() });
      events.push(parsed);
      return parsed.id;
    },
    close: async () => undefined,
  };
}
