import { migrateClickHouse } from '@keten/db/clickhouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';
import { startReceiver } from '../alerts/alerts.fixtures';
import { alertsRouter } from '../alerts/alerts.router';
import { ALERT_WEBHOOKS_QUEUE, ALERTS_QUEUE, ALERTS_SCHEDULER_ID } from '../alerts/alerts.runtime';
import { SIGNATURE_HEADER, verifySignature } from '../alerts/alerts.webhooks';
import { queueFor } from '../jobs/jobs.queues';
import { buildServer } from '../server';
import { createCallerFactory } from '../trpc/trpc';
import { scriptedJudge } from './rollouts.fixtures';
import { rolloutsRouter } from './rollouts.router';
import { ROLLOUTS_QUEUE, ROLLOUTS_SCHEDULER_ID } from './rollouts.runtime';

const EVERY_MS = 300;

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the rollout engine with two api instances', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const instances: Awaited<ReturnType<typeof buildServer>>[] = [];
  const ticks: { instanceId: string; jobId: string; changes: string[] }[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    api = await startTestApi({ fetchPolicy: { testOnlyAllowLoopback: true } });
    await migrateClickHouse(api.deps.clickhouse.client);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await Promise.all(instances.map((app) => app.close()));
    const engine = queueFor(api.redis, api.deps.workerQueuePrefix, ROLLOUTS_QUEUE);
    await engine.removeJobScheduler(ROLLOUTS_SCHEDULER_ID);
    await engine.obliterate({ force: true });
    const alerts = queueFor(api.redis, api.deps.workerQueuePrefix, ALERTS_QUEUE);
    await alerts.removeJobScheduler(ALERTS_SCHEDULER_ID);
    await alerts.obliterate({ force: true });
    await queueFor(api.redis, api.deps.workerQueuePrefix, ALERT_WEBHOOKS_QUEUE).obliterate({ force: true });
    await receiver?.close();
    await api?.stop();
  });

  it('runs each cycle exactly once, walks the waves, and posts every change signed through the alert webhooks', async () => {
    const webhook = await createCallerFactory(alertsRouter)(api.contextFor('ADMIN')).webhooks.create({
      name: 'product',
      url: receiver.url,
      minSeverity: 'INFO',
    });
    const model = await api.prisma.boxModel.create({
      data: {
        code: 'kt-4k',
        vendor: 'Keten',
        name: 'KT 4K',
        videoCodecs: ['H264'],
        maxH264Profile: 'high',
        maxH264Level: '4.1',
        maxWidth: 3840,
        maxHeight: 2160,
        maxFps: 60,
      },
    });
    const image = (version: string) => ({
      boxModelId: model.id,
      version,
      imageUrl: `https://firmware.example.net/kt-4k/${version}.img`,
      sha256: 'ab'.repeat(32),
      sizeBytes: 200_000_000n,
    });
    await api.prisma.firmwareVersion.create({
      data: { ...image('6.1'), releasedAt: new Date(Date.now() - 86_400_000) },
    });
    const target = await api.prisma.firmwareVersion.create({
      data: { ...image('6.2'), releasedAt: new Date() },
    });
    const cohort = await api.prisma.cohort.create({
      data: { key: 'all-kt', name: 'All KT', rule: { boxModels: ['kt-4k'] } },
    });
    // Waves without soak: each cycle with a passing verdict moves the rollout one step.
    const rollouts = createCallerFactory(rolloutsRouter)(api.contextFor('PRODUCT'));
    const rollout = await rollouts.create({
      name: 'KT 6.2',
      firmwareVersionId: target.id,
      cohortId: cohort.id,
      waves: [
        { percent: 5, soakMinutes: 0 },
        { percent: 50, soakMinutes: 0 },
        { percent: 100, soakMinutes: 0 },
      ],
    });

    for (const instanceId of ['api-a', 'api-b']) {
      instances.push(
        await buildServer({
          ...api.deps,
          rollouts: {
            everyMs: EVERY_MS,
            instanceId,
            judge: scriptedJudge(() => 'pass'),
            onError: (message, error) => errors.push(`${message}: ${String(error)}`),
            onTick: (report) =>
              ticks.push({ instanceId, jobId: report.jobId, changes: report.changes.map((c) => c.change) }),
          },
          // One instance also runs the alerts runtime: its webhook worker posts the rollout's messages.
          ...(instanceId === 'api-a'
            ? { alerts: { everyMs: 60_000, instanceId, webhookBackoffMs: 100 } }
            : {}),
        }),
      );
    }
    const started = Date.now();
    await rollouts.start({ id: rollout.id });
    await until(async () => (await rollouts.get({ id: rollout.id })).state === 'COMPLETED');
    const elapsed = Date.now() - started;
    expect(errors).toEqual([]);

    const jobIds = ticks.map((tick) => tick.jobId);
    expect(new Set(jobIds).size).toBe(jobIds.length);
    expect(ticks.length).toBeLessThanOrEqual(Math.ceil(elapsed / EVERY_MS) + 2);
    // Each step made once, in order, whichever instance ran the cycle.
    expect(ticks.flatMap((tick) => tick.changes)).toEqual(['wave 2 started', 'wave 3 started', 'completed']);
    const done = await rollouts.get({ id: rollout.id });
    expect(done.waves.map((wave) => wave.state)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);

    // start, two advances, completion: four messages, each signed.
    await until(() => receiver.received.length === 4);
    const messages = receiver.received.map((message) => ({
      valid: verifySignature(webhook.secret, String(message.headers[SIGNATURE_HEADER]), message.body),
      text: (JSON.parse(message.body) as { text: string }).text,
    }));
    expect(messages.every((message) => message.valid)).toBe(true);
    expect(messages.map((message) => message.text).sort()).toEqual(
      [
        '[INFO] FIRING: Rollout KT 6.2 started: wave 1 reaches 5 % of the cohort.',
        '[INFO] FIRING: Rollout KT 6.2: wave 1 (5 %) passed, wave 2 reaches 50 % of the cohort.',
        '[INFO] FIRING: Rollout KT 6.2: wave 2 (50 %) passed, wave 3 reaches 100 % of the cohort.',
        '[INFO] FIRING: Rollout KT 6.2 completed: the whole cohort is offered 6.2.',
      ].sort(),
    );
  }, 90_000);
});
