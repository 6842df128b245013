import { Prisma, type PrismaClient } from '@keten/db/client';
import { matchCohort, type TCohortRule, ZCohortRuleSchema, ZConfigDocumentSchema } from '@keten/flags';
import { z } from 'zod';
import { recordAudit, type TActor } from '../audit/audit.service';
import { KetenError } from '../lib/errors';
import type { TCohortCreate, TCohortUpdate } from './flags.schema';
import { activeFleet } from './fleet';
import { dropSnapshot } from './snapshot';

/** The part of a flag's or a rail's definition that names cohorts. */
const ZRuleListSchema = z.object({
  rules: z.array(z.object({ id: z.string(), cohortId: z.string().nullable() })),
});

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

/** What refers to a cohort, in words ("flag new-epg (rule beta)"): a cohort in use cannot be deleted. */
export async function cohortUsers(tx: Prisma.TransactionClient, id: string): Promise<string[]> {
  const [flags, pending, rails, rollouts, config] = await Promise.all([
    tx.featureFlag.findMany({ select: { key: true, definition: true }, orderBy: { key: 'asc' } }),
    tx.flagScheduledChange.findMany({
      where: { state: 'PENDING' },
      select: { definition: true, flag: { select: { key: true } } },
    }),
    tx.rail.findMany({ select: { key: true, definition: true }, orderBy: { key: 'asc' } }),
    tx.firmwareRollout.findMany({
      where: { cohortId: id },
      select: { name: true },
      orderBy: { name: 'asc' },
    }),
    tx.configVersion.findFirst({ orderBy: { version: 'desc' }, select: { document: true } }),
  ]);
  const rulesNaming = (definition: Prisma.JsonValue) => {
    const parsed = ZRuleListSchema.safeParse(definition);
    return parsed.success
      ? parsed.data.rules.filter((rule) => rule.cohortId === id).map((rule) => rule.id)
      : [];
  };
  const users: string[] = [];
  for (const flag of flags) {
    const rules = rulesNaming(flag.definition);
    if (rules.length) users.push(`flag ${flag.key} (rule ${rules.join(', ')})`);
  }
  for (const change of pending) {
    if (rulesNaming(change.definition).length) users.push(`a scheduled change of flag ${change.flag.key}`);
  }
  for (const rail of rails) {
    const rules = rulesNaming(rail.definition);
    if (rules.length) users.push(`rail ${rail.key} (rule ${rules.join(', ')})`);
  }
  for (const rollout of rollouts) users.push(`firmware rollout “${rollout.name}”`);
  const overrides = config ? ZConfigDocumentSchema.parse(config.document).overrides : [];
  const positions = overrides.flatMap((override, index) => (override.cohortId === id ? [index + 1] : []));
  if (positions.length) users.push(`the central configuration (override ${positions.join(', ')})`);
  return users;
}

/** Deletes an unused cohort (audited); refused, naming every user, while anything refers to it. */
export async function deleteCohort(prisma: PrismaClient, actor: TActor, id: string) {
  const deleted = await prisma.$transaction(async (tx) => {
    const before = await tx.cohort.findUnique({ where: { id }, select: cohortFields });
    if (!before) throw new KetenError('NOT_FOUND', 'No cohort with this id.', 'id');
    const users = await cohortUsers(tx, id);
    if (users.length > 0) {
      throw new KetenError(
        'CONFLICT',
        `Cohort “${before.name}” is used by ${users.join('; ')}. Remove it there first.`,
        'id',
      );
    }
    await tx.cohort.delete({ where: { id } });
    await recordAudit(tx, actor, { action: 'cohort.delete', entityType: 'Cohort', entityId: id, before });
    return { id, name: before.name };
  });
  dropSnapshot(prisma);
  return deleted;
}
