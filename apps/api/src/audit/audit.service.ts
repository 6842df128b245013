import type { Prisma } from '@keten/db/client';

/** Who did it, from where: taken from the request, never from input. */
export interface TActor {
  id: string;
  email: string;
  ip: string | null;
}

export interface TAuditChange {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

// Dates become ISO strings and undefined disappears, so the stored diff reads like the API's JSON.
function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  return value === undefined || value === null
    ? undefined
    : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);
}

/** Writes one audit entry; call it inside the mutation's own transaction so both land or neither. */
export async function recordAudit(
  tx: Prisma.TransactionClient,
  actor: TActor,
  change: TAuditChange,
): Promise<void> {
  await tx.auditEntry.create({
    data: {
      // A system actor (the flag scheduler) has no operator row: its id is empty, its email says who it is.
      actorId: actor.id || null,
      actorEmail: actor.email,
      ip: actor.ip,
      action: change.action,
      entityType: change.entityType,
      entityId: change.entityId,
      before: toJson(change.before),
      after: toJson(change.after),
    },
  });
}
