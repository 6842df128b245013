import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { startTestApi } from '../../test/harness';
import { createCallerFactory } from '../trpc/trpc';
import { alertsRouter } from './alerts.router';

/** The zod field paths a refused input named. */
async function refusedFields(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCError);
  const cause = (error as TRPCError).cause;
  expect(cause).toBeInstanceOf(ZodError);
  return (cause as ZodError).issues.map((issue) => issue.path.join('.'));
}

describe('editing alert rules and webhooks', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  const caller = (role: 'NOC' | 'ADMIN' = 'NOC') => createCallerFactory(alertsRouter)(api.contextFor(role));
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => api?.stop());

  const ruleInput = {
    name: `Slow starts ${Date.now()}`,
    source: 'QOE' as const,
    metric: 'videoStartTimeP50',
    comparator: 'GT' as const,
    threshold: 1200,
    clearThreshold: 1000,
    windowSeconds: 1800,
    forSeconds: 120,
    minSamples: 10,
    groupBy: 'firmware',
    filters: { boxModel: ['kaon-kstb6077'] },
    severity: 'WARNING' as const,
  };

  it("saves a rule's new threshold and audits it with before and after", async () => {
    const rule = await caller().rules.create(ruleInput);
    const updated = await caller().rules.update({ ...ruleInput, id: rule.id, threshold: 1500 });
    expect(updated.threshold).toBe(1500);
    expect(updated.filters).toEqual({ boxModel: ['kaon-kstb6077'] });
    const listed = (await caller().rules.list()).find((r) => r.id === rule.id);
    expect(listed?.threshold).toBe(1500);
    const audit = await api.prisma.auditEntry.findFirstOrThrow({
      where: { action: 'alertRule.update', entityId: rule.id },
    });
    expect(audit.before).toMatchObject({ threshold: 1200 });
    expect(audit.after).toMatchObject({ threshold: 1500 });
  });

  it('refuses a bad edit naming the field, and leaves the rule as it was', async () => {
    const rule = await caller().rules.create({ ...ruleInput, name: `${ruleInput.name} b` });
    // The clear level must lie on the good side of the threshold.
    expect(await refusedFields(caller().rules.update({ ...ruleInput, id: rule.id, threshold: 900 }))).toEqual(
      ['clearThreshold'],
    );
    expect(
      await refusedFields(caller().rules.update({ ...ruleInput, id: rule.id, metric: 'feedDownSeconds' })),
    ).toEqual(['metric']);
    expect(
      await refusedFields(caller().rules.update({ ...ruleInput, id: rule.id, windowSeconds: 30 })),
    ).toEqual(['windowSeconds']);
    const stored = await api.prisma.alertRule.findUniqueOrThrow({ where: { id: rule.id } });
    expect(stored.threshold).toBe(1200);
  });

  it("edits a webhook's URL and severity, audited without the secret, and keeps its secret", async () => {
    const created = await caller('ADMIN').webhooks.create({
      name: `NOC Slack ${Date.now()}`,
      url: 'https://hooks.example.com/a',
    });
    const updated = await caller('ADMIN').webhooks.update({
      id: created.id,
      name: created.name,
      url: 'https://hooks.example.com/b',
      minSeverity: 'CRITICAL',
      enabled: false,
    });
    expect(updated).toMatchObject({
      url: 'https://hooks.example.com/b',
      minSeverity: 'CRITICAL',
      enabled: false,
    });
    expect(updated).not.toHaveProperty('secret');
    const audit = await api.prisma.auditEntry.findFirstOrThrow({
      where: { action: 'alertWebhook.update', entityId: created.id },
    });
    expect(audit.before).toMatchObject({ url: 'https://hooks.example.com/a', minSeverity: 'INFO' });
    expect(audit.after).toMatchObject({ url: 'https://hooks.example.com/b', minSeverity: 'CRITICAL' });
    expect(JSON.stringify([audit.before, audit.after])).not.toContain(created.secret);
    expect(
      await refusedFields(
        caller('ADMIN').webhooks.update({
          id: created.id,
          name: created.name,
          url: 'ftp://hooks.example.com',
          minSeverity: 'INFO',
          enabled: true,
        }),
      ),
    ).toEqual(['url']);
    // NOC manages rules, not webhooks.
    await expect(
      caller('NOC').webhooks.update({ ...updated, url: 'https://hooks.example.com/c' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
