import { Redis } from 'ioredis';

/** BullMQ workers block on Redis; they need unlimited retries per request (BullMQ's production guide). */
export function createWorkerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
}
