import type { TListPage } from '@keten/contracts';
import { Prisma, type PrismaClient } from '@keten/db/client';
import { recordAudit, type TActor } from '../audit/audit.service';
import { subscriberRowsChanged } from '../device-api/device-row-cache';
import { KetenError } from '../lib/errors';
import { likeEscape } from '../lib/like';
import type {
  TSubscriberCreateInput,
  TSubscriberListInput,
  TSubscriberUpdateInput,
} from './subscribers.schema';

export const subscriberFields = {
  id: true,
  accountNumber: true,
  name: true,
  email: true,
  region: true,
  city: true,
  postcode: true,
  status: true,
  maxConcurrentStreams: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.SubscriberSelect;

type TSubscriberRow = Prisma.SubscriberGetPayload<{ select: typeof subscriberFields }> & { devices: number };

/** Server-side page: ILIKE '%q%' on name, e-mail and account number is served by their trigram indexes. */
export async function listSubscribers(
  prisma: PrismaClient,
  input: TSubscriberListInput,
): Promise<TListPage<TSubscriberRow>> {
  const q = input.q?.trim();
  const where: Prisma.SubscriberWhereInput = {
    status: input.status,
    region: input.region,
    OR: q
      ? [
          { name: { contains: likeEscape(q), mode: 'insensitive' } },
          { email: { contains: likeEscape(q), mode: 'insensitive' } },
          { accountNumber: { contains: likeEscape(q), mode: 'insensitive' } },
        ]
      : undefined,
  };
  const sort = input.sort ?? 'accountNumber';
  const [total, rows] = await Promise.all([
    prisma.subscriber.count({ where }),
    prisma.subscriber.findMany({
      where,
      orderBy: [{ [sort]: input.dir }, { id: 'asc' }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
      select: { ...subscriberFields, _count: { select: { devices: true } } },
    }),
  ]);
  const items = rows.map(({ _count, ...row }) => ({ ...row, devices: _count.devices }));
  return { items, total, page: input.page, pageSize: input.pageSize };
}

export async function getSubscriber(prisma: PrismaClient, id: string) {
  const subscriber = await prisma.subscriber.findUnique({
    where: { id },
    select: {
      ...subscriberFields,
      subscriptions: {
        orderBy: [{ startsAt: 'desc' }],
        select: {
          id: true,
          startsAt: true,
          endsAt: true,
          package: { select: { id: true, code: true, name: true, kind: true } },
        },
      },
    },
  });
  if (!subscriber) throw new KetenError('NOT_FOUND', 'No subscriber with this id.', 'id');
  return subscriber;
}

export async function createSubscriber(prisma: PrismaClient, actor: TActor, input: TSubscriberCreateInput) {
  try {
    return await prisma.$transaction(async (tx) => {
      const created = await tx.subscriber.create({ data: input, select: subscriberFields });
      await recordAudit(tx, actor, {
        action: 'subscriber.create',
        entityType: 'Subscriber',
        entityId: created.id,
        after: created,
      });
      return created;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new KetenError(
        'CONFLICT',
        'A subscriber with this account number already exists.',
        'accountNumber',
      );
    }
    throw error;
  }
}

export async function updateSubscriber(prisma: PrismaClient, actor: TActor, input: TSubscriberUpdateInput) {
  const { id, ...changes } = input;
  const updated = await prisma.$transaction(async (tx) => {
    const before = await tx.subscriber.findUnique({ where: { id }, select: subscriberFields });
    if (!before) throw new KetenError('NOT_FOUND', 'No subscriber with this id.', 'id');
    const after = await tx.subscriber.update({ where: { id }, data: changes, select: subscriberFields });
    await recordAudit(tx, actor, {
      action: 'subscriber.update',
      entityType: 'Subscriber',
      entityId: id,
      before,
      after,
    });
    return after;
  });
  subscriberRowsChanged(id);
  return updated;
}

/** Packages a subscription can be added for, for the console's picker. */
export function packageOptions(prisma: PrismaClient) {
  return prisma.package.findMany({
    select: { id: true, code: true, name: true, kind: true },
    orderBy: [{ kind: 'asc' }, { name: 'asc' }],
  });
}
