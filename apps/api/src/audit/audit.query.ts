import type { PrismaClient } from '@keten/db/client';
import { likeEscape } from '../lib/like';
import type { TAuditListInput } from './audit.schema';

/** Newest first, keyset-paginated by id so a page never shifts while new entries arrive. */
export async function listAuditEntries(prisma: PrismaClient, input: TAuditListInput) {
  const rows = await prisma.auditEntry.findMany({
    where: {
      actorEmail: input.actor ? { contains: likeEscape(input.actor), mode: 'insensitive' } : undefined,
      entityType: input.entityType,
      entityId: input.entityId,
      at: input.from || input.to ? { gte: input.from, lt: input.to } : undefined,
    },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
    cursor: input.cursor ? { id: input.cursor } : undefined,
    skip: input.cursor ? 1 : 0,
    select: {
      id: true,
      at: true,
      actorEmail: true,
      action: true,
      entityType: true,
      entityId: true,
      before: true,
      after: true,
      ip: true,
    },
  });
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}
