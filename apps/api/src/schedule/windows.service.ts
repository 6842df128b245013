import type { TWindowCreateInput } from '@keten/contracts';
import type { PrismaClient } from '@keten/db/client';
import { recordAudit, type TActor } from '../audit/audit.service';
import { KetenError } from '../lib/errors';
import { lockChannelSchedule, refuseOverlap } from './overlap';

const include = { channel: { select: { id: true, lcn: true, name: true, slug: true } } } as const;

/** Availability windows of pop-up/event channels, latest first (one channel, or all). */
export function listWindows(prisma: PrismaClient, input: { channelId?: string }) {
  return prisma.availabilityWindow.findMany({
    where: input.channelId ? { channelId: input.channelId } : {},
    include,
    orderBy: [{ startsAt: 'desc' }],
    take: 500,
  });
}

export function createWindow(prisma: PrismaClient, actor: TActor, input: TWindowCreateInput) {
  return prisma.$transaction(async (tx) => {
    const channel = await tx.channel.findUnique({ where: { id: input.channelId }, select: { id: true } });
    if (!channel) throw new KetenError('NOT_FOUND', 'No channel with this id.', 'channelId');
    await lockChannelSchedule(tx, [input.channelId]);
    const clash = await tx.availabilityWindow.findFirst({
      where: { channelId: input.channelId, startsAt: { lt: input.end }, endsAt: { gt: input.start } },
      orderBy: { startsAt: 'asc' },
    });
    refuseOverlap(clash && { ...clash, title: clash.note ?? 'availability window' }, input.start, 'window');
    const created = await tx.availabilityWindow.create({
      data: {
        channelId: input.channelId,
        startsAt: input.start,
        endsAt: input.end,
        note: input.note ?? null,
      },
      include,
    });
    await recordAudit(tx, actor, {
      action: 'availabilityWindow.create',
      entityType: 'AvailabilityWindow',
      entityId: created.id,
      after: created,
    });
    return created;
  });
}

export function deleteWindow(prisma: PrismaClient, actor: TActor, input: { id: string }) {
  return prisma.$transaction(async (tx) => {
    const before = await tx.availabilityWindow.findUnique({ where: { id: input.id } });
    if (!before) throw new KetenError('NOT_FOUND', 'No availability window with this id.', 'id');
    await tx.availabilityWindow.delete({ where: { id: input.id } });
    await recordAudit(tx, actor, {
      action: 'availabilityWindow.delete',
      entityType: 'AvailabilityWindow',
      entityId: before.id,
      before,
    });
    return { id: before.id };
  });
}
