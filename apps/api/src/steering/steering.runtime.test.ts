import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';
import { queueFor } from '../jobs/jobs.queues';
import { buildServer } from '../server';
import { STEERING_WEBHOOKS_QUEUE } from './steering.announce';
import { STEERING_QUEUE, STEERING_SCHEDULER_ID } from './steering.runtime';

const EVERY_MS = 300;

describe('the steering scheduler with two api instances', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  const instances: Awaited<ReturnType<typeof buildServer>>[] = [];
  const cycles: { instanceId: string; jobId: string }[] = [];

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await Promise.all(instances.map((app) => app.close()));
    const evaluations = queueFor(api.redis, api.deps.workerQueuePrefix, STEERING_QUEUE);
    await evaluations.removeJobScheduler(STEERING_SCHEDULER_ID);
    await evaluations.obliterate({ force: true });
    await queueFor(api.redis, api.deps.workerQueuePrefix, STEERING_WEBHOOKS_QUEUE).obliterate({
      force: true,
    });
    await api?.stop();
  });

  it('runs each cycle exactly once among the replicas, no more often than the clock allows', async () => {
    for (const instanceId of ['api-a', 'api-b']) {
      instances.push(
        await buildServer({
          ...api.deps,
          steering: {
            everyMs: EVERY_MS,
            instanceId,
            onCycle: (report) => cycles.push({ instanceId, jobId: report.jobId }),
          },
        }),
      );
    }
    const started = Date.now();
    const deadline = started + 30_000;
    while (cycles.length < 6 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const elapsed = Date.now() - started;
    const jobIds = cycles.map((cycle) => cycle.jobId);
    expect(jobIds.length).toBeGreaterThanOrEqual(6);
    expect(new Set(jobIds).size).toBe(jobIds.length);
    expect(cycles.length).toBeLessThanOrEqual(Math.ceil(elapsed / EVERY_MS) + 2);
  }, 60_000);
});
