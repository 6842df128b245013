import {
  addCalendarDays,
  amsterdamDayBounds,
  amsterdamInstant,
  INSTANT_RANGE_MESSAGE,
  instantInRange,
  PROGRAMME_MAX_HOURS,
  programmeTooLong,
  type TProgrammeCreateInput,
  type TProgrammeMoveInput,
  type TProgrammeUpdateInput,
  type TScheduleGridInput,
} from '@keten/contracts';
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

/** Every channel, by number, with its packages: the grid's rows and their filter (about a hundred rows). */
export async function listScheduleChannels(prisma: PrismaClient) {
  const rows = await prisma.channel.findMany({
    select: { ...channelFields, packages: { select: { package: { select: { code: true, name: true } } } } },
    orderBy: { lcn: 'asc' },
  });
  return rows.map(({ packages, ...channel }) => ({ ...channel, packages: packages.map((p) => p.package) }));
}

/** Programmes of the grid's channels that touch `days` Amsterdam days from `date` (a day view or a week). */
export async function gridProgrammes(prisma: PrismaClient, input: TScheduleGridInput) {
  const from = amsterdamInstant(input.date);
  const to = amsterdamInstant(addCalendarDays(input.date, input.days));
  const programmes = await prisma.programme.findMany({
    where: { channelId: { in: input.channelIds }, startsAt: { lt: to }, endsAt: { gt: from } },
    orderBy: [{ channelId: 'asc' }, { startsAt: 'asc' }],
    // 50 channels × 7 days of 20-minute slots is about 25k; a real week per channel is a few hundred.
    take: 20_000,
  });
  return { from, to, programmes };
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

async function checkSlot(
  tx: Prisma.TransactionClient,
  input: { channelId: string; start: Date; end: Date },
  exceptId?: string,
) {
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

/** What the audit entry adds when the operator confirmed a programme longer than the maximum. */
function lengthOverride(input: TProgrammeCreateInput) {
  if (!programmeTooLong(input.start, input.end)) return {};
  const hours = Math.round((input.end.getTime() - input.start.getTime()) / 360_000) / 10;
  return { lengthOverride: { maxHours: PROGRAMME_MAX_HOURS, hours } };
}

export function createProgramme(prisma: PrismaClient, actor: TActor, input: TProgrammeCreateInput) {
  return prisma.$transaction(async (tx) => {
    await checkSlot(tx, input);
    const created = await tx.programme.create({ data: dataOf(input) });
    await recordAudit(tx, actor, {
      action: 'programme.create',
      entityType: 'Programme',
      entityId: created.id,
      after: { ...created, ...lengthOverride(input) },
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
      after: { ...after, ...lengthOverride(input) },
    });
    return after;
  });
}

/**
 * Moves a programme to a new start, and from the grid possibly to another channel, keeping its duration. The
 * overlap rule is the one creating it obeys; the length was accepted when it was entered, so it is not asked again.
 */
export function moveProgramme(prisma: PrismaClient, actor: TActor, input: TProgrammeMoveInput) {
  return prisma.$transaction(async (tx) => {
    const before = await tx.programme.findUnique({ where: { id: input.id } });
    if (!before) throw new KetenError('NOT_FOUND', 'No programme with this id.', 'id');
    const end = new Date(input.start.getTime() + (before.endsAt.getTime() - before.startsAt.getTime()));
    if (!instantInRange(end))
      throw new KetenError(
        'INVALID_INPUT',
        `Moved there, the programme would end outside the schedule's range: times ${INSTANT_RANGE_MESSAGE}.`,
        'start',
      );
    const channelId = input.channelId ?? before.channelId;
    await checkSlot(tx, { channelId, start: input.start, end }, before.id);
    const after = await tx.programme.update({
      where: { id: input.id },
      // Moved by a person: a later import reports a clash with it instead of moving it back.
      data: { channelId, startsAt: input.start, endsAt: end, enteredByHand: true },
    });
    await recordAudit(tx, actor, {
      action: 'programme.move',
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
