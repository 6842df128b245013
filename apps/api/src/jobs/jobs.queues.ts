import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

const DEFAULT_PREFIX = 'keten';
// One Queue per (connection, prefix, name): BullMQ registers its scripts and listeners once per Queue.
const cache = new WeakMap<Redis, Map<string, Queue>>();

/**
 * A Queue on the API's own Redis connection: Queue never blocks (unlike a Worker), so sharing is safe,
 * and the connection's lifetime stays with whoever created it (main.ts or the test harness).
 */
export function queueFor(redis: Redis, prefix: string | undefined, name: string): Queue {
  const key = `${prefix ?? DEFAULT_PREFIX}:${name}`;
  let queues = cache.get(redis);
  if (!queues) {
    queues = new Map();
    cache.set(redis, queues);
  }
  let queue = queues.get(key);
  if (!queue) {
    queue = new Queue(name, { connection: redis, prefix: prefix ?? DEFAULT_PREFIX });
    queues.set(key, queue);
  }
  return queue;
}
