import { Prisma, type PrismaClient } from '@keten/db/client';
import { matchCohort, type TCohortRule, ZCohortRuleSchema } from '@keten/flags';
import { recordAudit, type TActor } from '../audit/audit.service';
import { KetenError } from '../lib/errors';
import type { TCohortCreate, TCohortUpdate } from './flags.schema';
import { activeFleet } from './fleet';
import { dropSnapshot } from './snapshot';

const cohortFields = {
  id: true,
  key: true,
  name: true,
  description: true,
  rule: true,
  updatedAt: true,
} satisfies Prisma.CohortSelect;

const parsed = <T extends { rule: Prisma.JsonValue }>(row: T) => ({
  ...row,
  rule: ZCohortRuleSchema.parse(row.rule),
});

export async function listCohorts(prisma: PrismaClient) {
  const rows = await prisma.cohort.findMany({ select: cohortFields, orderBy: { name: 'asc' } });
  return rows.map(parsed);
}

export async function getCohort(prisma: PrismaClient, id: string) {
  const row = await prisma.cohort.findUnique({ where: { id }, select: cohortFields });
  if (!row) throw new KetenError('NOT_FOUND', 'No cohort with this id.', 'id');
  return parsed(row);
}

function conflict(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
    const target = String(error.meta?.target ?? '');
    const field = target.includes('key') ? 'key' : 'name';
    throw new KetenError('CONFLICT', `A cohort with this ${field} already exists.`, field);
  }
  throw error;
}

export async function createCohort(prisma: PrismaClient, actor: TActor, input: TCohortCreate) {
  try {
    const created = await prisma.$transaction(async (tx) => {
      const row = await tx.cohort.create({
        data: { ...input, description: input.description || null },
        select: cohortFields,
      });
      await recordAudit(tx, actor, {
        action: 'cohort.create',
        entityType: 'Cohort',
        entityId: row.id,
        after: row,
      });
      return row;
    });
    dropSnapshot(prisma);
    return parsed(created);
  } catch (error) {
    conflict(error);
  }
}

export async function updateCohort(prisma: PrismaClient, actor: TActor, input: TCohortUpdate) {
  try {
    const updated = await prisma.$transaction(async (tx) => {
      const before = await tx.cohort.findUnique({ where: { id: input.id }, select: cohortFields });
      if (!before) throw new KetenError('NOT_FOUND', 'No cohort with this id.', 'id');
      const { id, ...data } = input;
      const after = await tx.cohort.update({
        where: { id },
        data: { ...data, description: data.description || null },
        select: cohortFields,
      });
      await recordAudit(tx, actor, {
        action: 'cohort.update',
        entityType: 'Cohort',
        entityId: id,
        before,
        after,
      });
      return after;
    });
    dropSnapshot(prisma);
    return parsed(updated);
  } catch (error) {
    conflict(error);
  }
}

/**
 * How many active boxes a rule (saved or still being edited) holds, by the same engine /v1/config uses, over
 * the fleet as read at most 15 s ago; with a few of them to check by hand.
 */
export async function countCohort(prisma: PrismaClient, input: { key: string; rule: TCohortRule }) {
  const fleet = await activeFleet(prisma);
  const matching = fleet.filter((device) => matchCohort(input, device).matched);
  return {
    matching: matching.length,
    total: fleet.length,
    sample: matching.slice(0, 5).map((device) => device.serial),
  };
}
