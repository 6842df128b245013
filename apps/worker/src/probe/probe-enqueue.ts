import { PROBE_JOB_OPTIONS, PROBE_KIND, PROBE_QUEUE, ZProbeJobSchema } from '@keten/contracts';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/** Queues a probe of one source from inside the worker (e.g. when its channel goes live). */
export function createProbeEnqueuer(connection: Redis, prefix: string) {
  const queue = new Queue(PROBE_QUEUE, { connection, prefix });
  return {
    async enqueue(sourceId: string): Promise<void> {
      const data = ZProbeJobSchema.parse({ sourceId });
      await queue.add(PROBE_KIND, data, { ...PROBE_JOB_OPTIONS, jobId: `probe-${sourceId}-${Date.now()}` });
    },
    close: () => queue.close(),
  };
}
