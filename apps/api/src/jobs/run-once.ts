import { type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { queueFor } from './jobs.queues';

/** Releases the lock only if this instance still holds it (it may have expired and been taken by another). */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** Blocking connections for BullMQ workers (no per-request retry limit, errors left to the workers' own events). */
export function blockingConnections(redis: Redis) {
  const opened: Redis[] = [];
  return {
    open() {
      const connection = redis.duplicate({ maxRetriesPerRequest: null, lazyConnect: false });
      connection.on('error', () => undefined);
      opened.push(connection);
      return connection;
    },
    async closeAll() {
      await Promise.allSettled(
        opened.map((connection) => connection.quit().catch(() => connection.disconnect())),
      );
    },
  };
}

export interface TRunOnceOptions<T> {
  redis: Redis;
  prefix: string;
  queue: string;
  schedulerId: string;
  jobName: string;
  everyMs: number;
  /** The Redis lock's name under the prefix, e.g. `steering:evaluating`. */
  lockName: string;
  instanceId: string;
  /** One cycle; its result is the job's return value. */
  run: (job: Job) => Promise<T>;
  /** `steering evaluator`: how errors are named. */
  label: string;
  onError: (message: string, error: unknown) => void;
  /** Where the worker's blocking connection comes from (shared with the runtime's other workers). */
  connections: ReturnType<typeof blockingConnections>;
}

/**
 * A cycle every `everyMs` run by exactly one of N api replicas: each replica upserts the same BullMQ job scheduler
 * (idempotent, so one job per cycle), one replica takes each job, and a Redis lock (4 cycles or 60 s at most) skips a
 * job while a slow cycle still runs. The scheduler stays when a replica closes: the others go on.
 */
export async function startRunOnce<T>(options: TRunOnceOptions<T>): Promise<{ close(): Promise<void> }> {
  await queueFor(options.redis, options.prefix, options.queue).upsertJobScheduler(
    options.schedulerId,
    { every: options.everyMs },
    {
      name: options.jobName,
      opts: { removeOnComplete: { count: 200 }, removeOnFail: { count: 200 } },
    },
  );
  const lockKey = `${options.prefix}:${options.lockName}`;
  const worker = new Worker(
    options.queue,
    async (job: Job) => {
      const acquired = await options.redis.set(
        lockKey,
        options.instanceId,
        'PX',
        Math.max(options.everyMs * 4, 60_000),
        'NX',
      );
      if (acquired === null) return { skipped: 'a cycle is still running' };
      try {
        return await options.run(job);
      } finally {
        await options.redis.eval(RELEASE, 1, lockKey, options.instanceId);
      }
    },
    { connection: options.connections.open(), prefix: options.prefix, concurrency: 1 },
  );
  worker.on('error', (error) => options.onError(`${options.label} error`, error));
  worker.on('failed', (_job, error) => options.onError(`${options.label}: cycle failed`, error));
  return { close: () => worker.close() };
}
