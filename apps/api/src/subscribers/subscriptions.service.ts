import type { PrismaClient } from '@keten/db/client';
import { recordAudit, type TActor } from '../audit/audit.service';
import { subscriberRowsChanged } from '../device-api/device-row-cache';
import { KetenError } from '../lib/errors';
import type { TSubscriptionAddInput, TSubscriptionEndInput } from './subscribers.schema';

const subscriptionFields = {
  id: true,
  subscriberId: true,
  packageId: true,
  startsAt: true,
  endsAt: true,
} as const;

/** Adds a subscription; refuses one that overlaps another subscription to the same package. */
export async function addSubscription(prisma: PrismaClient, actor: TActor, input: TSubscriptionAddInput) {
  const added = await prisma.$transaction(
    async (tx) => {
      const subscriber = await tx.subscriber.findUnique({ where: { id: input.subscriberId } });
      if (!subscriber) throw new KetenError('NOT_FOUND', 'No subscriber with this id.', 'subscriberId');
      const pkg = await tx.package.findUnique({ where: { id: input.packageId } });
      if (!pkg) throw new KetenError('NOT_FOUND', 'No package with this id.', 'packageId');
      const overlapping = await tx.subscription.findFirst({
        where: {
          subscriberId: input.subscriberId,
          packageId: input.packageId,
          OR: [{ endsAt: null }, { endsAt: { gt: input.startsAt } }],
          ...(input.endsAt ? { startsAt: { lt: input.endsAt } } : {}),
        },
      });
      if (overlapping) {
        throw new KetenError(
          'CONFLICT',
          `This subscriber already holds ${pkg.name} in that period; end that subscription first.`,
          'packageId',
        );
      }
      const created = await tx.subscription.create({
        data: {
          subscriberId: input.subscriberId,
          packageId: input.packageId,
          startsAt: input.startsAt,
          endsAt: input.endsAt ?? null,
        },
        select: subscriptionFields,
      });
      await recordAudit(tx, actor, {
        action: 'subscription.create',
        entityType: 'Subscription',
        entityId: created.id,
        after: { ...created, packageCode: pkg.code, accountNumber: subscriber.accountNumber },
      });
      return created;
    },
    // Two agents adding the same package at once must not both pass the overlap check.
    { isolationLevel: 'Serializable' },
  );
  subscriberRowsChanged(input.subscriberId);
  return added;
}

/** Ends a running subscription (now, or at a given moment after its start). */
export async function endSubscription(prisma: PrismaClient, actor: TActor, input: TSubscriptionEndInput) {
  const endsAt = input.endsAt ?? new Date();
  const ended = await prisma.$transaction(async (tx) => {
    const before = await tx.subscription.findUnique({
      where: { id: input.subscriptionId },
      select: subscriptionFields,
    });
    if (!before) throw new KetenError('NOT_FOUND', 'No subscription with this id.', 'subscriptionId');
    if (before.endsAt && before.endsAt <= new Date()) {
      throw new KetenError('CONFLICT', 'This subscription has already ended.', 'subscriptionId');
    }
    if (endsAt <= before.startsAt)
      throw new KetenError('INVALID_INPUT', 'Must be after the start.', 'endsAt');
    const after = await tx.subscription.update({
      where: { id: before.id },
      data: { endsAt },
      select: subscriptionFields,
    });
    await recordAudit(tx, actor, {
      action: 'subscription.end',
      entityType: 'Subscription',
      entityId: before.id,
      before,
      after,
    });
    return after;
  });
  subscriberRowsChanged(ended.subscriberId);
  return ended;
}
