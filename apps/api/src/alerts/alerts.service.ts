import { randomBytes } from 'node:crypto';
import { Prisma, type PrismaClient } from '@keten/db/client';
import { recordAudit, type TActor } from '../audit/audit.service';
import { KetenError } from '../lib/errors';
import type {
  TAlertAck,
  TAlertList,
  TAlertRuleCreate,
  TAlertRuleMute,
  TAlertRuleUpdate,
  TAlertTimeline,
} from './alerts.schema';

const ruleFields = {
  id: true,
  name: true,
  description: true,
  source: true,
  metric: true,
  comparator: true,
  threshold: true,
  clearThreshold: true,
  windowSeconds: true,
  forSeconds: true,
  minSamples: true,
  filters: true,
  groupBy: true,
  severity: true,
  enabled: true,
  mutedUntil: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.AlertRuleSelect;

const eventFields = {
  id: true,
  ruleId: true,
  rule: { select: { name: true, metric: true, comparator: true, mutedUntil: true } },
  groupKey: true,
  state: true,
  severity: true,
  value: true,
  peakValue: true,
  samples: true,
  threshold: true,
  dimensions: true,
  message: true,
  channelId: true,
  channel: { select: { name: true, lcn: true } },
  pendingAt: true,
  firedAt: true,
  resolvedAt: true,
  acknowledgedAt: true,
  acknowledgeNote: true,
  acknowledgedBy: { select: { id: true, name: true, email: true } },
} satisfies Prisma.AlertEventSelect;

function nameTaken(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/** Rules by name, each with how many of its alerts are firing now. */
export async function listAlertRules(prisma: PrismaClient) {
  const [rules, firing] = await Promise.all([
    prisma.alertRule.findMany({ select: ruleFields, orderBy: { name: 'asc' } }),
    prisma.alertEvent.groupBy({ by: ['ruleId'], where: { state: 'FIRING' }, _count: { _all: true } }),
  ]);
  const count = new Map(firing.map((row) => [row.ruleId, row._count._all]));
  return rules.map((rule) => ({ ...rule, firing: count.get(rule.id) ?? 0 }));
}

export async function createAlertRule(prisma: PrismaClient, actor: TActor, input: TAlertRuleCreate) {
  try {
    return await prisma.$transaction(async (tx) => {
      const created = await tx.alertRule.create({ data: input, select: ruleFields });
      await recordAudit(tx, actor, {
        action: 'alertRule.create',
        entityType: 'AlertRule',
        entityId: created.id,
        after: created,
      });
      return created;
    });
  } catch (error) {
    if (nameTaken(error)) throw new KetenError('CONFLICT', 'A rule with this name already exists.', 'name');
    throw error;
  }
}

export async function updateAlertRule(prisma: PrismaClient, actor: TActor, input: TAlertRuleUpdate) {
  const { id, ...data } = input;
  try {
    return await prisma.$transaction(async (tx) => {
      const before = await tx.alertRule.findUnique({ where: { id }, select: ruleFields });
      if (!before) throw new KetenError('NOT_FOUND', 'No alert rule with this id.', 'id');
      const after = await tx.alertRule.update({ where: { id }, data, select: ruleFields });
      // A rule that changed what it measures starts over: its open alerts no longer mean what they said.
      const measuresOtherwise =
        before.source !== after.source || before.metric !== after.metric || before.groupBy !== after.groupBy;
      if (measuresOtherwise || !after.enabled) {
        await tx.alertEvent.updateMany({
          where: { ruleId: id, state: 'FIRING' },
          data: { state: 'RESOLVED', resolvedAt: new Date() },
        });
        await tx.alertEvent.deleteMany({ where: { ruleId: id, state: 'PENDING' } });
      }
      await recordAudit(tx, actor, {
        action: 'alertRule.update',
        entityType: 'AlertRule',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  } catch (error) {
    if (nameTaken(error)) throw new KetenError('CONFLICT', 'A rule with this name already exists.', 'name');
    throw error;
  }
}

export async function deleteAlertRule(prisma: PrismaClient, actor: TActor, id: string) {
  return prisma.$transaction(async (tx) => {
    const before = await tx.alertRule.findUnique({ where: { id }, select: ruleFields });
    if (!before) throw new KetenError('NOT_FOUND', 'No alert rule with this id.', 'id');
    await tx.alertRule.delete({ where: { id } });
    await recordAudit(tx, actor, {
      action: 'alertRule.delete',
      entityType: 'AlertRule',
      entityId: id,
      before,
    });
    return { id };
  });
}

/** Mute a rule until a time (it keeps evaluating: alerts are recorded, nobody is paged, the bell leaves them out). */
export async function muteAlertRule(
  prisma: PrismaClient,
  actor: TActor,
  input: TAlertRuleMute,
  now = new Date(),
) {
  if (input.until !== null && input.until <= now) {
    throw new KetenError('INVALID_INPUT', 'Until: must be in the future.', 'until');
  }
  return prisma.$transaction(async (tx) => {
    const before = await tx.alertRule.findUnique({
      where: { id: input.id },
      select: { id: true, mutedUntil: true },
    });
    if (!before) throw new KetenError('NOT_FOUND', 'No alert rule with this id.', 'id');
    const after = await tx.alertRule.update({
      where: { id: input.id },
      data: { mutedUntil: input.until },
      select: ruleFields,
    });
    await recordAudit(tx, actor, {
      action: input.until ? 'alertRule.mute' : 'alertRule.unmute',
      entityType: 'AlertRule',
      entityId: input.id,
      before: { mutedUntil: before.mutedUntil },
      after: { mutedUntil: after.mutedUntil },
    });
    return after;
  });
}

/** Acknowledge an alert: who, when, and a note. Acknowledging twice keeps the first. */
export async function acknowledgeAlert(
  prisma: PrismaClient,
  actor: TActor,
  input: TAlertAck,
  now = new Date(),
) {
  return prisma.$transaction(async (tx) => {
    const before = await tx.alertEvent.findUnique({ where: { id: input.id }, select: eventFields });
    if (!before) throw new KetenError('NOT_FOUND', 'No alert with this id.', 'id');
    if (before.acknowledgedAt) {
      throw new KetenError(
        'CONFLICT',
        `Already acknowledged by ${before.acknowledgedBy?.name ?? 'someone'}.`,
        'id',
      );
    }
    const after = await tx.alertEvent.update({
      where: { id: input.id },
      data: { acknowledgedById: actor.id, acknowledgedAt: now, acknowledgeNote: input.note || null },
      select: eventFields,
    });
    await recordAudit(tx, actor, {
      action: 'alert.acknowledge',
      entityType: 'AlertEvent',
      entityId: input.id,
      after: { acknowledgedAt: after.acknowledgedAt, note: after.acknowledgeNote },
    });
    return after;
  });
}

/** Alert history, newest first (pending alerts only when asked for by state). */
export function listAlerts(prisma: PrismaClient, input: TAlertList) {
  const time =
    input.from || input.to
      ? { pendingAt: { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lt: input.to } : {}) } }
      : {};
  return prisma.alertEvent.findMany({
    where: {
      state: { in: input.states ?? ['FIRING', 'RESOLVED'] },
      ...(input.severities ? { severity: { in: input.severities } } : {}),
      ...(input.ruleId ? { ruleId: input.ruleId } : {}),
      ...(input.acknowledged === undefined
        ? {}
        : { acknowledgedAt: input.acknowledged ? { not: null } : null }),
      ...time,
    },
    select: eventFields,
    orderBy: [{ pendingAt: 'desc' }, { id: 'desc' }],
    take: input.limit,
  });
}

/** The bell: firing alerts nobody acknowledged, of rules not muted now, newest first. */
export async function unreadAlerts(prisma: PrismaClient, now = new Date()) {
  const where: Prisma.AlertEventWhereInput = {
    state: 'FIRING',
    acknowledgedAt: null,
    rule: { OR: [{ mutedUntil: null }, { mutedUntil: { lte: now } }] },
  };
  const [count, latest] = await Promise.all([
    prisma.alertEvent.count({ where }),
    prisma.alertEvent.findMany({ where, select: eventFields, orderBy: { firedAt: 'desc' }, take: 10 }),
  ]);
  return { count, latest };
}

/** Alerts that fired or resolved in [from, to): the QoE page draws each transition on its time axis. */
export async function alertTimeline(prisma: PrismaClient, input: TAlertTimeline) {
  const alerts = await prisma.alertEvent.findMany({
    where: {
      state: { in: ['FIRING', 'RESOLVED'] },
      OR: [{ firedAt: { gte: input.from, lt: input.to } }, { resolvedAt: { gte: input.from, lt: input.to } }],
    },
    select: eventFields,
    orderBy: { firedAt: 'asc' },
    take: 200,
  });
  const marks = alerts.flatMap((alert) => [
    ...(alert.firedAt && alert.firedAt >= input.from && alert.firedAt < input.to
      ? [{ at: alert.firedAt, transition: 'FIRING' as const, alert }]
      : []),
    ...(alert.resolvedAt && alert.resolvedAt >= input.from && alert.resolvedAt < input.to
      ? [{ at: alert.resolvedAt, transition: 'RESOLVED' as const, alert }]
      : []),
  ]);
  return marks
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map(({ at, transition, alert }) => ({
      at,
      transition,
      alertId: alert.id,
      ruleName: alert.rule.name,
      severity: alert.severity,
      message: alert.message,
      dimensions: alert.dimensions,
      channel: alert.channel,
    }));
}

/** A webhook signing secret: 32 random bytes, shown once. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
