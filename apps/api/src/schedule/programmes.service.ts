import { amsterdamDayBounds, type TProgrammeCreateInput, type TProgrammeUpdateInput } from '@keten/contracts';
import type { Prisma, PrismaClient } from '@keten/db/client';
import { recordAudit, type TActor } from '../audit/audit.service';
import { KetenError } from '../lib/errors';
import { lockChannelSchedule, refuseOverlap } from './overlap';

const channelFields = {
  id: true,
  lcn: true,
  name: true,
  slug: true,
  state: true,
} satisfies Prisma.ChannelSelect;

/** Every channel, by number, for the schedule's channel picker (about a hundred rows). */
export function listScheduleChannels(prisma: PrismaClient) {
  return prisma.channel.findMany({ select: channelFields, orderBy: { lcn: 'asc' } });
}

/** A channel's programmes that touch one Amsterdam calendar day (23 or 25 hours on change-over days). */
export async function dayProgrammes(prisma: PrismaClient, input: { channelId: string; date: string }) {
  const { from, to } = amsterdamDayBounds(input.date);
  const programmes = await prisma.programme.findMany({
    where: { channelId: input.channelId, startsAt: { lt: to }, endsAt: { gt: from } },
    orderBy: { startsAt: 'asc' },
    take: 500,
  });
  return { from, to, programmes };
}

function dataOf(input: TProgrammeCreateInput) {
  return {
    channelId: input.channelId,
    startsAt: input.start,
    endsAt: input.end,
    title: input.title,
    description: input.description ?? null,
    category: input.category ?? null,
    seasonNumber: input.seasonNumber ?? null,
    episodeNumber: input.episodeNumber ?? null,
    episodeTitle: input.episodeTitle ?? null,
    ageRating: input.ageRating ?? null,
    // Written in the console: a later XMLTV re-import reports a clash with it instead of replacing it.
    enteredByHand: true,
  };
}

async function checkSlot(tx: Prisma.TransactionClient, input: TProgrammeCreateInput, exceptId?: string) {
  const channel = await tx.channel.findUnique({ where: { id: input.channelId }, select: { id: true } });
  if (!channel) throw new KetenError('NOT_FOUND', 'No channel with this id.', 'channelId');
  await lockChannelSchedule(tx, [input.channelId]);
  const clash = await tx.programme.findFirst({
    where: {
      channelId: input.channelId,
      startsAt: { lt: input.end },
      endsAt: { gt: input.start },
      ...(exceptId ? { id: { not: exceptId } } : {}),
    },
    orderBy: { startsAt: 'asc' },
  });
  refuseOverlap(clash, input.start, 'programme');
}

export function createProgramme(prisma: PrismaClient, actor: TActor, input: TProgrammeCreateInput) {
  return prisma.$transaction(async (tx) => {
    await checkSlot(tx, input);
    const created = await tx.programme.create({ data: dataOf(input) });
    await recordAudit(tx, actor, {
      action: 'programme.create',
      entityType: 'Programme',
      entityId: created.id,
      after: created,
    });
    return created;
  });
}

export function updateProgramme(prisma: PrismaClient, actor: TActor, input: TProgrammeUpdateInput) {
  return prisma.$transaction(async (tx) => {
    const before = await tx.programme.findUnique({ where: { id: input.id } });
    if (!before) throw new KetenError('NOT_FOUND', 'No programme with this id.', 'id');
    await checkSlot(tx, input, input.id);
    const after = await tx.programme.update({ where: { id: input.id }, data: dataOf(input) });
    await recordAudit(tx, actor, {
      action: 'programme.update',
      entityType: 'Programme',
      entityId: after.id,
      before,
      after,
    });
    return after;
  });
}

export function deleteProgramme(prisma: PrismaClient, actor: TActor, input: { id: string }) {
  return prisma.$transaction(async (tx) => {
    const before = await tx.programme.findUnique({ where: { id: input.id } });
    if (!before) throw new KetenError('NOT_FOUND', 'No programme with this id.', 'id');
    await tx.programme.delete({ where: { id: input.id } });
    await recordAudit(tx, actor, {
      action: 'programme.delete',
      entityType: 'Programme',
      entityId: before.id,
      before,
    });
    return { id: before.id };
  });
}
