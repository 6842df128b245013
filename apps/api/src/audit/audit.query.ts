import type { Prisma, PrismaClient } from '@keten/db/client';
import { likeEscape } from '../lib/like';
import { BOX_ACTOR_PREFIX, nameEntries } from './audit.names';
import type { TAuditListInput } from './audit.schema';

function whereOf(input: TAuditListInput): Prisma.AuditEntryWhereInput {
  const actor = input.actor ? { contains: likeEscape(input.actor), mode: 'insensitive' as const } : undefined;
  return {
    AND: [
      actor ? { OR: [{ actorEmail: actor }, { actor: { name: actor } }] } : {},
      input.includeBoxes ? {} : { NOT: { actorEmail: { startsWith: BOX_ACTOR_PREFIX } } },
    ],
    entityType: input.entityType,
    entityId: input.entityId,
    at: input.from || input.to ? { gte: input.from, lt: input.to } : undefined,
  };
}

/** Newest first, keyset-paginated by id so a page never shifts while new entries arrive; actors and things named. */
export async function listAuditEntries(prisma: PrismaClient, input: TAuditListInput) {
  const rows = await prisma.auditEntry.findMany({
    where: whereOf(input),
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
    cursor: input.cursor ? { id: input.cursor } : undefined,
    skip: input.cursor ? 1 : 0,
    select: {
      id: true,
      at: true,
      actorId: true,
      actorEmail: true,
      action: true,
      entityType: true,
      entityId: true,
      before: true,
      after: true,
      ip: true,
    },
  });
  const items = await nameEntries(prisma, rows.slice(0, input.limit));
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}
