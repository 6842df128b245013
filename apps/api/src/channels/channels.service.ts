import { slugify, type TListPage } from '@keten/contracts';
import { Prisma, type PrismaClient } from '@keten/db/client';
import { recordAudit, type TActor } from '../audit/audit.service';
import { KetenError } from '../lib/errors';
import { likeEscape } from '../lib/like';
import { entitledReach } from '../profiles/compatibility.service';
import { assertVersionExists, checkLadder } from './channels.ladder';
import type { TChannelCreate, TChannelList, TChannelSetState, TChannelUpdate } from './channels.schema';
import {
  auditSnapshot,
  channelFields,
  loadChannel,
  type TChannelView,
  toChannelView,
} from './channels.snapshot';
import { syncSources } from './channels.sources';

export async function listChannels(
  prisma: PrismaClient,
  input: TChannelList,
): Promise<TListPage<TChannelView>> {
  const q = input.q?.trim();
  const where: Prisma.ChannelWhereInput = {
    state: input.state,
    genre: input.genre,
    ...(q
      ? {
          OR: [
            { name: { contains: likeEscape(q), mode: 'insensitive' } },
            { slug: { contains: likeEscape(slugify(q) || q.toLowerCase()) } },
            ...(/^\d{1,4}$/.test(q) ? [{ lcn: Number(q) }] : []),
          ],
        }
      : {}),
  };
  // LCN is unique: as the tie-breaker it keeps pages stable whatever the sort column.
  const orderBy: Prisma.ChannelOrderByWithRelationInput[] = [
    { [input.sort ?? 'lcn']: input.dir },
    { lcn: 'asc' },
  ];
  const [total, rows] = await prisma.$transaction([
    prisma.channel.count({ where }),
    prisma.channel.findMany({
      where,
      orderBy,
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
      select: channelFields,
    }),
  ]);
  return { items: rows.map(toChannelView), total, page: input.page, pageSize: input.pageSize };
}

export async function getChannel(prisma: PrismaClient, id: string) {
  const channel = await loadChannel(prisma, id);
  const packages = await prisma.package.findMany({
    where: { channels: { some: { channelId: id } } },
    select: { id: true, code: true, name: true, kind: true },
    orderBy: [{ kind: 'asc' }, { name: 'asc' }],
  });
  return { ...toChannelView(channel), packages };
}

/** LCN and slug are unique: say which channel holds them, next to the field, before the database refuses. */
async function assertUnique(tx: Prisma.TransactionClient, lcn: number, slug: string, exceptId?: string) {
  const lcnHolder = await tx.channel.findUnique({ where: { lcn }, select: { id: true, name: true } });
  if (lcnHolder && lcnHolder.id !== exceptId) {
    throw new KetenError('CONFLICT', `LCN ${lcn} is already used by ${lcnHolder.name}.`, 'lcn');
  }
  const slugHolder = await tx.channel.findUnique({ where: { slug }, select: { id: true, name: true } });
  if (slugHolder && slugHolder.id !== exceptId) {
    throw new KetenError('CONFLICT', `The slug ${slug} is already used by ${slugHolder.name}.`, 'slug');
  }
}

function slugFor(input: { slug?: string; name: string }): string {
  const slug = input.slug || slugify(input.name);
  if (!slug)
    throw new KetenError('INVALID_INPUT', 'Could not derive a slug from the name; enter one.', 'slug');
  return slug;
}

/** Two saves racing for one LCN: the loser gets the same answer as a plain clash. */
function conflictFromDatabase(error: unknown, lcn: number): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
    const target = JSON.stringify(error.meta ?? {});
    if (target.includes('slug')) throw new KetenError('CONFLICT', 'This slug was just taken.', 'slug');
    throw new KetenError('CONFLICT', `LCN ${lcn} was just taken by another channel.`, 'lcn');
  }
  throw error;
}

export async function createChannel(prisma: PrismaClient, actor: TActor, input: TChannelCreate) {
  const slug = slugFor(input);
  try {
    return await prisma.$transaction(async (tx) => {
      await assertUnique(tx, input.lcn, slug);
      const { sources, confirmIncompatible, ...fields } = input;
      await assertVersionExists(tx, fields.encodingProfileVersionId);
      const { id } = await tx.channel.create({
        data: {
          ...fields,
          slug,
          sources: {
            // Priority 1 is the primary, as the worker and the seed count.
            create: sources.map(({ protocol, url, enabled }, index) => ({
              priority: index + 1,
              protocol,
              url,
              enabled,
            })),
          },
        },
        select: { id: true },
      });
      const after = await loadChannel(tx, id);
      const confirmed = await checkLadder(tx, null, after, confirmIncompatible);
      await recordAudit(tx, actor, {
        action: 'channel.create',
        entityType: 'Channel',
        entityId: id,
        after: { ...auditSnapshot(after), ...confirmed },
      });
      return toChannelView(after);
    });
  } catch (error) {
    conflictFromDatabase(error, input.lcn);
  }
}

/** Fields and the whole source list in one transaction and one audit entry. */
export async function updateChannel(prisma: PrismaClient, actor: TActor, input: TChannelUpdate) {
  const slug = slugFor(input);
  try {
    return await prisma.$transaction(async (tx) => {
      const before = await loadChannel(tx, input.id);
      await assertUnique(tx, input.lcn, slug, input.id);
      const { id, sources, confirmIncompatible, ...fields } = input;
      await assertVersionExists(tx, fields.encodingProfileVersionId);
      await tx.channel.update({ where: { id }, data: { ...fields, slug } });
      await syncSources(tx, before, sources);
      const after = await loadChannel(tx, id);
      const confirmed = await checkLadder(tx, before, after, confirmIncompatible);
      await recordAudit(tx, actor, {
        action: 'channel.update',
        entityType: 'Channel',
        entityId: id,
        before: auditSnapshot(before),
        after: { ...auditSnapshot(after), ...confirmed },
      });
      return toChannelView(after);
    });
  } catch (error) {
    conflictFromDatabase(error, input.lcn);
  }
}

/**
 * Publish, take back to draft, disable, or bring a disabled channel back (to draft or straight to live).
 * Coming back re-checks the pinned ladder against the boxes it reaches again. Asking for the state it
 * already has changes nothing and writes no audit entry.
 */
export async function setChannelState(prisma: PrismaClient, actor: TActor, input: TChannelSetState) {
  return prisma.$transaction(async (tx) => {
    const before = await loadChannel(tx, input.id);
    if (before.state === input.state) return toChannelView(before);
    await tx.channel.update({ where: { id: input.id }, data: { state: input.state } });
    const after = await loadChannel(tx, input.id);
    const confirmed = await checkLadder(tx, before, after, input.confirmIncompatible, 'state');
    await recordAudit(tx, actor, {
      action: 'channel.state',
      entityType: 'Channel',
      entityId: input.id,
      before: auditSnapshot(before),
      after: { ...auditSnapshot(after), ...confirmed },
    });
    return toChannelView(after);
  });
}

/** Who notices a change of this channel: the packages that carry it and their active subscribers' boxes. */
export async function channelReach(prisma: PrismaClient, id: string) {
  return prisma.$transaction(async (tx) => {
    const channel = await loadChannel(tx, id);
    const packages = await tx.package.findMany({
      where: { channels: { some: { channelId: id } } },
      select: { id: true, name: true },
      orderBy: { name: 'asc' },
    });
    const reach = await entitledReach(tx, { channelIds: [id] });
    return { id, state: channel.state, packages, ...reach };
  });
}
