import { Prisma, type PrismaClient } from '@keten/db/client';
import { recordAudit, type TActor } from '../audit/audit.service';
import { KetenError } from '../lib/errors';
import type { TAlertDeliveries, TAlertWebhookCreate, TAlertWebhookUpdate } from './alerts.schema';
import { sealWebhookSecret, type TWebhookKeyring } from './alerts.secrets';
import { newWebhookSecret } from './alerts.service';

// Never the secret: it leaves this module once, from createAlertWebhook.
const webhookFields = {
  id: true,
  name: true,
  url: true,
  minSeverity: true,
  enabled: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.AlertWebhookSelect;

const taken = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

export function listAlertWebhooks(prisma: PrismaClient) {
  return prisma.alertWebhook.findMany({ select: webhookFields, orderBy: { name: 'asc' } });
}

/**
 * Creates a webhook with a fresh secret, stored sealed (alerts.secrets.ts): the answer is the only place the secret
 * is ever shown.
 */
export async function createAlertWebhook(
  prisma: PrismaClient,
  keys: TWebhookKeyring,
  actor: TActor,
  input: TAlertWebhookCreate,
) {
  const secret = newWebhookSecret();
  try {
    return await prisma.$transaction(async (tx) => {
      const created = await tx.alertWebhook.create({
        data: { ...input, secret: sealWebhookSecret(keys, secret) },
        select: webhookFields,
      });
      // The audit keeps the webhook, never the secret.
      await recordAudit(tx, actor, {
        action: 'alertWebhook.create',
        entityType: 'AlertWebhook',
        entityId: created.id,
        after: created,
      });
      return { ...created, secret };
    });
  } catch (error) {
    if (taken(error)) throw new KetenError('CONFLICT', 'A webhook with this name already exists.', 'name');
    throw error;
  }
}

export async function updateAlertWebhook(prisma: PrismaClient, actor: TActor, input: TAlertWebhookUpdate) {
  const { id, ...data } = input;
  try {
    return await prisma.$transaction(async (tx) => {
      const before = await tx.alertWebhook.findUnique({ where: { id }, select: webhookFields });
      if (!before) throw new KetenError('NOT_FOUND', 'No webhook with this id.', 'id');
      const after = await tx.alertWebhook.update({ where: { id }, data, select: webhookFields });
      await recordAudit(tx, actor, {
        action: 'alertWebhook.update',
        entityType: 'AlertWebhook',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  } catch (error) {
    if (taken(error)) throw new KetenError('CONFLICT', 'A webhook with this name already exists.', 'name');
    throw error;
  }
}

export async function deleteAlertWebhook(prisma: PrismaClient, actor: TActor, id: string) {
  return prisma.$transaction(async (tx) => {
    const before = await tx.alertWebhook.findUnique({ where: { id }, select: webhookFields });
    if (!before) throw new KetenError('NOT_FOUND', 'No webhook with this id.', 'id');
    await tx.alertWebhook.delete({ where: { id } });
    await recordAudit(tx, actor, {
      action: 'alertWebhook.delete',
      entityType: 'AlertWebhook',
      entityId: id,
      before,
    });
    return { id };
  });
}

/** Delivery history, newest first: which message, to which webhook (by name), how many attempts, the last outcome. */
export function listAlertDeliveries(prisma: PrismaClient, input: TAlertDeliveries) {
  return prisma.alertDelivery.findMany({
    where: input.webhookId ? { webhookId: input.webhookId } : {},
    select: {
      id: true,
      transition: true,
      status: true,
      attempts: true,
      lastStatusCode: true,
      lastError: true,
      createdAt: true,
      lastAttemptAt: true,
      deliveredAt: true,
      webhook: { select: { id: true, name: true } },
      event: { select: { id: true, message: true, severity: true } },
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: input.limit,
  });
}
