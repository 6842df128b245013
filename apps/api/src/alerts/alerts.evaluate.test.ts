import { randomUUID } from 'node:crypto';
import { insertIngestEvents, insertQoeEvents, migrateClickHouse } from '@keten/db/clickhouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';
import { createCallerFactory } from '../trpc/trpc';
import { evaluateAlerts } from './alerts.evaluate';
import { minuteOfAttempts, startReceiver } from './alerts.fixtures';
import { alertsRouter } from './alerts.router';
import { webhookKeyring } from './alerts.secrets';
import { attemptDelivery, SIGNATURE_HEADER, verifySignature } from './alerts.webhooks';

// A clean hour boundary an hour ago: the fixture's 20 minutes lie wholly in the past.
const T0 = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000);
const minute = (n: number) => new Date(T0.getTime() + n * 60_000);

// Per minute, 25 attempts of firmware 6.2 (the bad one) and 25 of 6.1. 6.2's start failure rate: 0.32 for three
// minutes, then hovering around the 0.10 threshold (0.12, 0.08, 0.12, …) for ten minutes, then 0. 6.1 stays at 0.04.
const BAD: readonly number[] = [8, 8, 8, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 0, 0, 0, 0, 0, 0, 0];

describe('alert evaluation over real stores (injected clock)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const caller = (role: 'NOC' | 'ADMIN' = 'NOC') => createCallerFactory(alertsRouter)(api.contextFor(role));
  const deps = () => ({
    prisma: api.prisma,
    clickhouse: api.deps.clickhouse,
    redis: api.redis,
    queuePrefix: api.deps.workerQueuePrefix,
  });

  beforeAll(async () => {
    api = await startTestApi({ fetchPolicy: { testOnlyAllowLoopback: true } });
    receiver = await startReceiver();
    await migrateClickHouse(api.deps.clickhouse.client);
    const events = BAD.flatMap((failures, n) => [
      ...minuteOfAttempts(minute(n), 25, failures, { firmware: '6.2', boxModel: 'KT-4K' }),
      ...minuteOfAttempts(minute(n), 25, 1, { firmware: '6.1', boxModel: 'KT-4K' }),
    ]);
    await insertQoeEvents(api.deps.clickhouse.client, events);
  });
  afterAll(async () => {
    await receiver?.close();
    await api?.stop();
  });

  it('fires once and resolves once on a metric flapping around its threshold for ten minutes, per firmware', async () => {
    const rule = await caller().rules.create({
      name: 'Start failures per firmware',
      source: 'QOE',
      metric: 'vsfRate',
      comparator: 'GT',
      threshold: 0.1,
      clearThreshold: 0.05,
      windowSeconds: 60,
      forSeconds: 60,
      minSamples: 20,
      groupBy: 'firmware',
      severity: 'CRITICAL',
    });
    // The same condition without hysteresis or "for": what the flapping would page without them.
    const naive = await caller().rules.create({
      name: 'Naive start failures',
      source: 'QOE',
      metric: 'vsfRate',
      comparator: 'GT',
      threshold: 0.1,
      windowSeconds: 60,
      filters: { firmware: ['6.2'] },
      severity: 'INFO',
    });
    const webhook = await caller('ADMIN').webhooks.create({
      name: 'noc',
      url: receiver.url,
      minSeverity: 'WARNING',
    });
    expect(webhook.secret).toMatch(/^whsec_/);
    expect(await caller('ADMIN').webhooks.list()).not.toHaveProperty('0.secret');

    const deliveries: string[] = [];
    // Every 30 s from one minute in to twenty minutes in: 39 cycles.
    for (let s = 60; s <= 20 * 60; s += 30) {
      const report = await evaluateAlerts(deps(), new Date(T0.getTime() + s * 1000 + 5000));
      expect(report.failedRules).toEqual([]);
      deliveries.push(...report.deliveryIds);
    }

    const alerts = await caller().list({ ruleId: rule.id });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      state: 'RESOLVED',
      dimensions: { firmware: '6.2' },
      severity: 'CRITICAL',
    });
    // Fired after minute 0 was read and held pending for 60 s; resolved once 0 held for 60 s after minute 13.
    expect(alerts[0]?.firedAt).toEqual(new Date(T0.getTime() + 2 * 60_000 + 5000));
    expect(alerts[0]?.resolvedAt).toEqual(new Date(T0.getTime() + 15 * 60_000 + 5000));
    expect(alerts[0]?.peakValue).toBeCloseTo(0.32);
    // Without hysteresis the same data pages again every time it crosses: that is what the rule above prevents.
    expect((await caller().list({ ruleId: naive.id })).length).toBeGreaterThanOrEqual(5);

    // The INFO rule is below the webhook's minimum: two messages, both for the CRITICAL alert.
    expect(deliveries).toHaveLength(2);
    for (const id of deliveries) {
      expect(
        await attemptDelivery(
          {
            prisma: api.prisma,
            webhookKeys: webhookKeyring(api.deps),
            fetchPolicy: { testOnlyAllowLoopback: true },
          },
          id,
          false,
        ),
      ).toEqual({ delivered: true });
    }
    expect(receiver.received).toHaveLength(2);
    const [fired, resolved] = receiver.received.map((message) => ({
      valid: verifySignature(webhook.secret, String(message.headers[SIGNATURE_HEADER]), message.body),
      forged: verifySignature('whsec_other', String(message.headers[SIGNATURE_HEADER]), message.body),
      json: JSON.parse(message.body) as {
        text: string;
        blocks: unknown[];
        attachments: unknown[];
        keten: { transition: string };
      },
    }));
    expect(fired).toMatchObject({ valid: true, forged: false, json: { keten: { transition: 'FIRING' } } });
    expect(fired?.json.text).toContain('FIRING: Start failures per firmware');
    expect(fired?.json.text).toContain('· firmware 6.2');
    expect(fired?.json.text).toMatch(/video start failures [\d.]+ % \(> [\d.]+ %\)/);
    expect(fired?.json.blocks.length).toBeGreaterThan(0);
    expect(resolved).toMatchObject({ valid: true, json: { keten: { transition: 'RESOLVED' } } });
    // A body changed on the way no longer verifies.
    const first = receiver.received[0];
    expect(verifySignature(webhook.secret, String(first?.headers[SIGNATURE_HEADER]), `${first?.body} `)).toBe(
      false,
    );

    // The QoE page's time axis: both transitions of the alert, in order.
    const timeline = await caller().timeline({ from: T0, to: minute(20) });
    expect(
      timeline.filter((mark) => mark.alertId === alerts[0]?.id).map((mark) => [mark.transition, mark.at]),
    ).toEqual([
      ['FIRING', alerts[0]?.firedAt],
      ['RESOLVED', alerts[0]?.resolvedAt],
    ]);

    const history = await caller().deliveries({});
    expect(history.map((delivery) => [delivery.transition, delivery.status, delivery.attempts])).toEqual(
      expect.arrayContaining([
        ['FIRING', 'DELIVERED', 1],
        ['RESOLVED', 'DELIVERED', 1],
      ]),
    );
  });

  it('keeps alerts of a muted rule out of the webhooks and the bell, and records who acknowledged', async () => {
    const rule = await caller().rules.create({
      name: 'Attempts seen',
      source: 'QOE',
      metric: 'attempts',
      comparator: 'GTE',
      threshold: 1,
      windowSeconds: 300,
      severity: 'WARNING',
    });
    await caller().rules.mute({ id: rule.id, until: new Date(Date.now() + 3_600_000) });
    const report = await evaluateAlerts(deps(), new Date(T0.getTime() + 5 * 60_000));
    expect(report.fired).toBeGreaterThanOrEqual(1);
    expect(report.deliveryIds).toEqual([]);
    const [alert] = await caller().list({ ruleId: rule.id });
    expect((await caller().unread()).latest.map((a) => a.id)).not.toContain(alert?.id);
    await caller().rules.mute({ id: rule.id, until: null });
    expect((await caller().unread()).latest.map((a) => a.id)).toContain(alert?.id);

    const acked = await caller().acknowledge({
      id: alert?.id ?? '',
      note: 'firmware 6.2 rollback under way',
    });
    expect(acked).toMatchObject({
      acknowledgeNote: 'firmware 6.2 rollback under way',
      acknowledgedBy: { id: api.operators.NOC.id },
    });
    expect((await caller().unread()).latest.map((a) => a.id)).not.toContain(alert?.id);
    // It fired while muted, so nobody was told; its resolution (no attempts an hour later) tells nobody either.
    const later = await evaluateAlerts(deps(), new Date(T0.getTime() + 60 * 60_000));
    expect(later.resolved).toBeGreaterThanOrEqual(1);
    expect(later.deliveryIds).toEqual([]);
    const audit = await api.prisma.auditEntry.findMany({
      where: { entityId: { in: [rule.id, alert?.id ?? ''] } },
    });
    expect(audit.map((entry) => entry.action).sort()).toEqual([
      'alert.acknowledge',
      'alertRule.create',
      'alertRule.mute',
      'alertRule.unmute',
    ]);
  });

  it('reads feeds down and failovers per channel from the ingest findings', async () => {
    const now = new Date();
    const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();
    const finding = (kind: 'source_down' | 'source_up' | 'failover', channelId: string, seconds: number) => ({
      id: randomUUID(),
      kind,
      channelId,
      sourceId: 'primary',
      fromSourceId: kind === 'failover' ? 'backup' : null,
      startedAt: ago(seconds),
      endedAt: null,
      cause: 'test',
      detail: {},
    });
    await insertIngestEvents(api.deps.clickhouse.client, [
      // ch-down: its primary went down 5 min ago and stayed down; ch-back: down, then up again.
      finding('source_down', 'ch-down', 300),
      finding('failover', 'ch-down', 299),
      finding('failover', 'ch-down', 200),
      finding('source_down', 'ch-back', 600),
      finding('source_up', 'ch-back', 500),
    ]);
    const down = await caller().rules.create({
      name: 'Feed down',
      source: 'INGEST',
      metric: 'feedDownSeconds',
      comparator: 'GT',
      threshold: 60,
      windowSeconds: 60,
      groupBy: 'channelId',
    });
    const failovers = await caller().rules.create({
      name: 'Failovers',
      source: 'INGEST',
      metric: 'failoversPerHour',
      comparator: 'GTE',
      threshold: 2,
      windowSeconds: 3600,
    });
    await evaluateAlerts(deps(), now);
    const [feed] = await caller().list({ ruleId: down.id, states: ['FIRING'] });
    expect(await caller().list({ ruleId: down.id })).toHaveLength(1);
    expect(feed?.dimensions).toEqual({ channelId: 'ch-down' });
    expect(feed?.value).toBeGreaterThanOrEqual(299);
    // In words, with its unit; a channel Keten does not know keeps its id.
    expect(feed?.message).toMatch(/^Feed down: feed down for \d{3} s \(> 60 s\) · channel ch-down$/);
    const [flapping] = await caller().list({ ruleId: failovers.id, states: ['FIRING'] });
    expect(flapping?.value).toBe(2);
  });

  it('refuses a rule whose metric or dimension its source does not have, naming the field', async () => {
    const refused = await api.trpc(
      'alerts.rules.create',
      {
        name: 'Bad',
        source: 'INGEST',
        metric: 'vsfRate',
        comparator: 'GT',
        threshold: 1,
        windowSeconds: 60,
        groupBy: 'firmware',
      },
      { role: 'NOC', kind: 'mutation' },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error?.json.message).toMatch(/^Metric: must be one of feedDownSeconds/);
    expect(refused.body.error?.json.data.zodError?.fieldErrors.groupBy).toEqual(['must be one of channelId']);
    await expect(caller('NOC').webhooks.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
