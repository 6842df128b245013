import { INGEST_EVENTS_QUEUE } from '@keten/contracts';
import type { TKetenClickHouse } from '@keten/db/clickhouse';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { IngestEventInvalidError, storeIngestEvent } from './ingest.service';

const DEFAULT_PREFIX = 'keten';

export type TIngestEventsConsumerOptions = {
  /** The API's Redis connection; the consumer blocks on a duplicate of it, closed with the consumer. */
  redis: Redis;
  clickhouse: TKetenClickHouse;
  /** BullMQ prefix shared with apps/worker (WORKER_QUEUE_PREFIX); unset, 'keten'. */
  prefix?: string;
  concurrency?: number;
  onError?: (message: string, error: unknown) => void;
};

export type TIngestEventsConsumer = {
  worker: Worker;
  /** Stops taking jobs, lets the ones in hand finish, then closes its Redis connection. Idempotent. */
  close(): Promise<void>;
};

/**
 * Consumes the worker's findings from the ingest-events queue into ClickHouse (apps/api is its only owner).
 * A malformed event fails its job at once (no retry) with a message naming the field; nothing is stored.
 * A ClickHouse failure fails the attempt, and BullMQ retries it with the backoff the worker set.
 */
export function startIngestEventsConsumer(options: TIngestEventsConsumerOptions): TIngestEventsConsumer {
  const onError = options.onError ?? (() => undefined);
  // A Worker blocks its connection (BRPOPLPUSH) and BullMQ wants no per-request retry limit on it.
  const connection = options.redis.duplicate({ maxRetriesPerRequest: null, lazyConnect: false });
  connection.on('error', () => undefined);
  const worker = new Worker(
    INGEST_EVENTS_QUEUE,
    async (job: Job) => {
      try {
        await storeIngestEvent(options.clickhouse, job.data);
      } catch (error) {
        if (error instanceof IngestEventInvalidError) throw new UnrecoverableError(error.message);
        throw error;
      }
    },
    { connection, prefix: options.prefix ?? DEFAULT_PREFIX, concurrency: options.concurrency ?? 4 },
  );
  worker.on('failed', (job, error) => onError(`ingest event ${job?.id ?? '?'} not stored`, error));
  worker.on('error', (error) => onError('ingest-events consumer error', error));

  let closing: Promise<void> | null = null;
  return {
    worker,
    close() {
      closing ??= worker.close().finally(() =>
        connection.quit().then(
          () => undefined,
          () => connection.disconnect(),
        ),
      );
      return closing;
    },
  };
}
