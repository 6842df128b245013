import { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';
import { queueFor } from '../jobs/jobs.queues';
import { buildServer } from '../server';
import { createCallerFactory } from '../trpc/trpc';
import { ruleFigures } from './alerts.figures';
import { startReceiver } from './alerts.fixtures';
import { alertsRouter } from './alerts.router';
import { ALERT_WEBHOOKS_QUEUE, ALERTS_QUEUE, ALERTS_SCHEDULER_ID } from './alerts.runtime';
import { SIGNATURE_HEADER, verifySignature } from './alerts.webhooks';

const EVERY_MS = 300;

/** Polls `check` until it holds, at most `timeoutMs`. */
async function until(check: () => Promise<boolean> | boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the alert scheduler with two api instances', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const instances: Awaited<ReturnType<typeof buildServer>>[] = [];
  const cycles: { instanceId: string; jobId: string; at: number }[] = [];
  const caller = (role: 'NOC' | 'ADMIN' = 'NOC') => createCallerFactory(alertsRouter)(api.contextFor(role));

  beforeAll(async () => {
    api = await startTestApi({ fetchPolicy: { testOnlyAllowLoopback: true } });
    // The first message is refused once: it must arrive on the retry.
    receiver = await startReceiver((count) => (count === 1 ? 503 : 200));
  });
  afterAll(async () => {
    await Promise.all(instances.map((app) => app.close()));
    const evaluations = queueFor(api.redis, api.deps.workerQueuePrefix, ALERTS_QUEUE);
    await evaluations.removeJobScheduler(ALERTS_SCHEDULER_ID);
    await evaluations.obliterate({ force: true });
    await queueFor(api.redis, api.deps.workerQueuePrefix, ALERT_WEBHOOKS_QUEUE).obliterate({ force: true });
    await queueFor(api.redis, api.deps.workerQueuePrefix, 'probe').obliterate({ force: true });
    await receiver?.close();
    await api?.stop();
  });

  it('evaluates each cycle exactly once, fires and resolves one alert, and delivers both messages signed', async () => {
    const webhook = await caller('ADMIN').webhooks.create({ name: 'pager', url: receiver.url });
    const rule = await caller().rules.create({
      name: 'Probe queue backing up',
      source: 'PLATFORM',
      metric: 'queueDepth',
      comparator: 'GT',
      threshold: 1,
      windowSeconds: 60,
      filters: { queue: ['probe'] },
      groupBy: 'queue',
      severity: 'WARNING',
    });
    for (const instanceId of ['api-a', 'api-b']) {
      instances.push(
        await buildServer({
          ...api.deps,
          alerts: {
            everyMs: EVERY_MS,
            instanceId,
            webhookBackoffMs: 100,
            onCycle: (report) => cycles.push({ instanceId, jobId: report.jobId, at: Date.now() }),
          },
        }),
      );
    }
    const started = Date.now();
    // Nothing consumes the probe queue here: three waiting jobs back it up.
    const probe = queueFor(api.redis, api.deps.workerQueuePrefix, 'probe');
    await probe.addBulk([1, 2, 3].map((n) => ({ name: 'probe', data: { n } })));
    await until(async () => (await caller().list({ ruleId: rule.id, states: ['FIRING'] })).length === 1);
    await probe.obliterate({ force: true });
    await until(async () => (await caller().list({ ruleId: rule.id, states: ['RESOLVED'] })).length === 1);
    await until(() => receiver.received.length === 2);
    const elapsed = Date.now() - started;

    // One evaluation per scheduled job, whichever instance took it, and no more jobs than the clock allows.
    const jobIds = cycles.map((cycle) => cycle.jobId);
    expect(new Set(jobIds).size).toBe(jobIds.length);
    expect(cycles.length).toBeLessThanOrEqual(Math.ceil(elapsed / EVERY_MS) + 2);
    expect(await api.prisma.alertEvent.count({ where: { ruleId: rule.id } })).toBe(1);

    const messages = receiver.received.map((message) => ({
      valid: verifySignature(webhook.secret, String(message.headers[SIGNATURE_HEADER]), message.body),
      transition: (JSON.parse(message.body) as { keten: { transition: string } }).keten.transition,
    }));
    // A retried message may arrive after a later one: receivers order by the alert's own times.
    expect(messages).toHaveLength(2);
    expect(messages).toEqual(
      expect.arrayContaining([
        { valid: true, transition: 'FIRING' },
        { valid: true, transition: 'RESOLVED' },
      ]),
    );
    // The first message was refused once (503), then delivered by the retry: the history says so.
    // The rows are written once the receiver has answered.
    const delivered = async () => {
      const rows = await caller().deliveries({ webhookId: webhook.id });
      return rows.length === 2 && rows.every((d) => d.status === 'DELIVERED');
    };
    await until(delivered);
    const history = await caller().deliveries({ webhookId: webhook.id });
    expect(history.map((d) => d.transition).sort()).toEqual(['FIRING', 'RESOLVED']);
    expect(history.map((d) => d.status)).toEqual(['DELIVERED', 'DELIVERED']);
    expect(history.map((d) => d.attempts).sort()).toEqual([1, 2]);
  });

  it('queues again a delivery that was written but never queued (a crash between commit and queue)', async () => {
    const [alert] = await caller().list({ states: ['RESOLVED'] });
    const webhook = await caller('ADMIN').webhooks.create({ name: 'late', url: receiver.url });
    await api.prisma.alertDelivery.create({
      data: {
        webhookId: webhook.id,
        eventId: alert?.id ?? '',
        transition: 'RESOLVED',
        createdAt: new Date(Date.now() - 5 * 60_000),
      },
    });
    await until(
      async () => (await caller().deliveries({ webhookId: webhook.id }))[0]?.status === 'DELIVERED',
    );
    expect(receiver.received).toHaveLength(3);
  });

  it('counts the workers connected to a queue: a worker gone reads 0', async () => {
    const rule = {
      source: 'PLATFORM' as const,
      metric: 'workers',
      windowSeconds: 60,
      filters: { queue: ['live'] },
      groupBy: 'queue',
    };
    const figures = {
      clickhouse: api.deps.clickhouse,
      redis: api.redis,
      queuePrefix: api.deps.workerQueuePrefix,
    };
    const connection = api.redis.duplicate({ maxRetriesPerRequest: null });
    const worker = new Worker('live', async () => undefined, {
      connection,
      prefix: api.deps.workerQueuePrefix,
    });
    await worker.waitUntilReady();
    await until(async () => (await ruleFigures(figures, rule, new Date()))[0]?.value === 1);
    await worker.close();
    await connection.quit();
    await until(async () => (await ruleFigures(figures, rule, new Date()))[0]?.value === 0);
    expect(await ruleFigures(figures, rule, new Date())).toEqual([
      { groupKey: 'live', dimensions: { queue: 'live' }, value: 0, samples: 1 },
    ]);
  });
});
