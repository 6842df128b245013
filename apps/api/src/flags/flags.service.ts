import { Prisma, type PrismaClient } from '@keten/db/client';
import { type TFlagDefinition, ZFlagDefinitionSchema } from '@keten/flags';
import { recordAudit, type TActor } from '../audit/audit.service';
import { KetenError } from '../lib/errors';
import type { TFlagCreate, TFlagSchedule, TFlagUpdate } from './flags.schema';
import { dropSnapshot } from './snapshot';

const json = (value: unknown) => value as Prisma.InputJsonValue;
const definitionOf = (value: Prisma.JsonValue) => ZFlagDefinitionSchema.parse(value);

/** Every flag with what the list shows: type, kill switch, rule count, version, pending scheduled changes. */
export async function listFlags(prisma: PrismaClient) {
  const rows = await prisma.featureFlag.findMany({
    select: {
      id: true,
      key: true,
      description: true,
      definition: true,
      version: true,
      updatedAt: true,
      scheduledChanges: {
        where: { state: 'PENDING' },
        select: { at: true },
        orderBy: { at: 'asc' },
        take: 1,
      },
    },
    orderBy: { key: 'asc' },
  });
  return rows.map(({ definition, scheduledChanges, ...row }) => {
    const parsed = definitionOf(definition);
    return {
      ...row,
      type: parsed.type,
      killed: parsed.killed,
      ruleCount: parsed.rules.length,
      defaultValue: parsed.variants.find((variant) => variant.key === parsed.defaultVariant)?.value ?? null,
      nextScheduledAt: scheduledChanges[0]?.at ?? null,
    };
  });
}

/** One flag with its whole history (newest first) and its scheduled changes. */
export async function getFlag(prisma: PrismaClient, id: string) {
  const row = await prisma.featureFlag.findUnique({
    where: { id },
    select: {
      id: true,
      key: true,
      description: true,
      definition: true,
      version: true,
      updatedAt: true,
      versions: {
        select: { version: true, definition: true, note: true, actorEmail: true, createdAt: true },
        orderBy: { version: 'desc' },
      },
      scheduledChanges: {
        select: {
          id: true,
          at: true,
          definition: true,
          note: true,
          state: true,
          createdByEmail: true,
          appliedAt: true,
          appliedVersion: true,
        },
        orderBy: { at: 'desc' },
        take: 50,
      },
    },
  });
  if (!row) throw new KetenError('NOT_FOUND', 'No flag with this id.', 'id');
  return {
    ...row,
    definition: definitionOf(row.definition),
    versions: row.versions.map((version) => ({ ...version, definition: definitionOf(version.definition) })),
    scheduledChanges: row.scheduledChanges.map((change) => ({
      ...change,
      definition: definitionOf(change.definition),
    })),
  };
}

/** A rule may only name a cohort that exists (a deleted one later is skipped, COHORT_MISSING, not refused). */
async function assertCohortsExist(tx: Prisma.TransactionClient, definition: TFlagDefinition) {
  const ids = [...new Set(definition.rules.flatMap((rule) => (rule.cohortId ? [rule.cohortId] : [])))];
  if (ids.length === 0) return;
  const found = new Set(
    (await tx.cohort.findMany({ where: { id: { in: ids } }, select: { id: true } })).map(
      (cohort) => cohort.id,
    ),
  );
  definition.rules.forEach((rule, index) => {
    if (rule.cohortId && !found.has(rule.cohortId))
      throw new KetenError('INVALID_INPUT', 'No cohort with this id.', `definition.rules.${index}.cohortId`);
  });
}

function keyConflict(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
    throw new KetenError('CONFLICT', 'A flag with this key already exists.', 'key');
  }
  throw error;
}

export async function createFlag(prisma: PrismaClient, actor: TActor, input: TFlagCreate) {
  try {
    const created = await prisma.$transaction(async (tx) => {
      await assertCohortsExist(tx, input.definition);
      const flag = await tx.featureFlag.create({
        data: {
          key: input.key,
          description: input.description || null,
          definition: json(input.definition),
          versions: {
            create: {
              version: 1,
              definition: json(input.definition),
              actorId: actor.id,
              actorEmail: actor.email,
            },
          },
        },
        select: { id: true, key: true, description: true, version: true },
      });
      await recordAudit(tx, actor, {
        action: 'flag.create',
        entityType: 'FeatureFlag',
        entityId: flag.id,
        after: { key: flag.key, description: flag.description, version: 1, definition: input.definition },
      });
      return flag;
    });
    dropSnapshot(prisma);
    return created;
  } catch (error) {
    keyConflict(error);
  }
}

interface TNewVersion {
  action: 'flag.update' | 'flag.kill' | 'flag.revive' | 'flag.revert' | 'flag.scheduled-apply';
  definition: TFlagDefinition;
  description?: string | null;
  note?: string | null;
  /** Refuse when the flag moved on since the editor loaded it. */
  expectedVersion?: number;
  extra?: Record<string, unknown>;
}

/** Puts a definition in force as the flag's next version: history row, flag row and audit, in one transaction. */
async function saveVersion(tx: Prisma.TransactionClient, actor: TActor, id: string, change: TNewVersion) {
  const before = await tx.featureFlag.findUnique({
    where: { id },
    select: { key: true, description: true, definition: true, version: true },
  });
  if (!before) throw new KetenError('NOT_FOUND', 'No flag with this id.', 'id');
  if (change.expectedVersion !== undefined && before.version !== change.expectedVersion) {
    throw new KetenError(
      'CONFLICT',
      `This flag was changed (version ${before.version}) since you opened version ${change.expectedVersion}; reload and apply your edit again.`,
      'expectedVersion',
    );
  }
  const beforeDefinition = definitionOf(before.definition);
  if (change.definition.type !== beforeDefinition.type) {
    throw new KetenError(
      'INVALID_INPUT',
      `A flag keeps its type (${beforeDefinition.type}): boxes already read it so. Create a new flag instead.`,
      'definition.type',
    );
  }
  await assertCohortsExist(tx, change.definition);
  const version = before.version + 1;
  // Conditional on the version read above: two saves racing cannot both become version n + 1.
  const moved = await tx.featureFlag.updateMany({
    where: { id, version: before.version },
    data: {
      definition: json(change.definition),
      version,
      ...(change.description !== undefined ? { description: change.description || null } : {}),
    },
  });
  if (moved.count !== 1) throw new KetenError('CONFLICT', 'This flag was changed meanwhile; reload.', 'id');
  await tx.featureFlagVersion.create({
    data: {
      flagId: id,
      version,
      definition: json(change.definition),
      note: change.note || null,
      actorId: actor.id || null,
      actorEmail: actor.email,
    },
  });
  await recordAudit(tx, actor, {
    action: change.action,
    entityType: 'FeatureFlag',
    entityId: id,
    before: { key: before.key, version: before.version, definition: beforeDefinition },
    after: { key: before.key, version, definition: change.definition, ...change.extra },
  });
  return { id, key: before.key, version };
}

async function inTransaction<T>(prisma: PrismaClient, run: (tx: Prisma.TransactionClient) => Promise<T>) {
  const result = await prisma.$transaction(run);
  dropSnapshot(prisma);
  return result;
}

export function updateFlag(prisma: PrismaClient, actor: TActor, input: TFlagUpdate) {
  return inTransaction(prisma, (tx) =>
    saveVersion(tx, actor, input.id, {
      action: 'flag.update',
      definition: input.definition,
      description: input.description ?? null,
      note: input.note,
      expectedVersion: input.expectedVersion,
    }),
  );
}

/** The kill switch: one click, its own version (so reverting it is one click too). */
export function setKilled(
  prisma: PrismaClient,
  actor: TActor,
  input: { id: string; killed: boolean; note?: string },
) {
  return inTransaction(prisma, async (tx) => {
    const row = await tx.featureFlag.findUnique({ where: { id: input.id }, select: { definition: true } });
    if (!row) throw new KetenError('NOT_FOUND', 'No flag with this id.', 'id');
    const definition = definitionOf(row.definition);
    if (definition.killed === input.killed) {
      throw new KetenError(
        'CONFLICT',
        input.killed ? 'The flag is already killed.' : 'The flag is already live.',
        'killed',
      );
    }
    return saveVersion(tx, actor, input.id, {
      action: input.killed ? 'flag.kill' : 'flag.revive',
      definition: { ...definition, killed: input.killed },
      note: input.note,
    });
  });
}

/** One-click revert: an old version's definition becomes the newest version (history is never rewritten). */
export function revertFlag(prisma: PrismaClient, actor: TActor, input: { id: string; toVersion: number }) {
  return inTransaction(prisma, async (tx) => {
    const old = await tx.featureFlagVersion.findUnique({
      where: { flagId_version: { flagId: input.id, version: input.toVersion } },
      select: { definition: true },
    });
    if (!old) throw new KetenError('NOT_FOUND', `This flag has no version ${input.toVersion}.`, 'toVersion');
    return saveVersion(tx, actor, input.id, {
      action: 'flag.revert',
      definition: definitionOf(old.definition),
      note: `Reverted to version ${input.toVersion}`,
      extra: { revertedTo: input.toVersion },
    });
  });
}

export async function scheduleChange(
  prisma: PrismaClient,
  actor: TActor,
  input: TFlagSchedule,
  now = new Date(),
) {
  if (input.at.getTime() <= now.getTime()) {
    throw new KetenError('INVALID_INPUT', 'must be in the future (save the flag to change it now)', 'at');
  }
  return prisma.$transaction(async (tx) => {
    const flag = await tx.featureFlag.findUnique({
      where: { id: input.id },
      select: { key: true, definition: true },
    });
    if (!flag) throw new KetenError('NOT_FOUND', 'No flag with this id.', 'id');
    if (definitionOf(flag.definition).type !== input.definition.type) {
      throw new KetenError(
        'INVALID_INPUT',
        'A flag keeps its type; create a new flag instead.',
        'definition.type',
      );
    }
    await assertCohortsExist(tx, input.definition);
    const change = await tx.flagScheduledChange.create({
      data: {
        flagId: input.id,
        at: input.at,
        definition: json(input.definition),
        note: input.note || null,
        createdById: actor.id,
        createdByEmail: actor.email,
      },
      select: { id: true, at: true },
    });
    await recordAudit(tx, actor, {
      action: 'flag.schedule',
      entityType: 'FeatureFlag',
      entityId: input.id,
      before: { key: flag.key, definition: definitionOf(flag.definition) },
      after: { key: flag.key, scheduledAt: input.at, definition: input.definition, changeId: change.id },
    });
    return change;
  });
}

export async function cancelScheduledChange(prisma: PrismaClient, actor: TActor, changeId: string) {
  return prisma.$transaction(async (tx) => {
    const cancelled = await tx.flagScheduledChange.updateMany({
      where: { id: changeId, state: 'PENDING' },
      data: { state: 'CANCELLED' },
    });
    if (cancelled.count !== 1) {
      throw new KetenError('CONFLICT', 'This change has already been applied or cancelled.', 'changeId');
    }
    const change = await tx.flagScheduledChange.findUniqueOrThrow({
      where: { id: changeId },
      select: { flagId: true, at: true, flag: { select: { key: true } } },
    });
    await recordAudit(tx, actor, {
      action: 'flag.schedule-cancel',
      entityType: 'FeatureFlag',
      entityId: change.flagId,
      before: { key: change.flag.key, scheduledAt: change.at, changeId, state: 'PENDING' },
      after: { key: change.flag.key, scheduledAt: change.at, changeId, state: 'CANCELLED' },
    });
    return { id: changeId, state: 'CANCELLED' as const };
  });
}

/** Who the audit log names for changes the scheduler applies (audit.names.ts: "Flag scheduler"). */
const SCHEDULER: TActor = { id: '', email: 'system:flag-scheduler', ip: null };

/**
 * Puts every scheduled change due at `now` in force, oldest first, each as a new version with its audit entry.
 * Safe with several API processes: a change is claimed by a conditional update, so it applies once.
 */
export async function applyDueChanges(prisma: PrismaClient, now = new Date()) {
  const due = await prisma.flagScheduledChange.findMany({
    where: { state: 'PENDING', at: { lte: now } },
    select: { id: true },
    orderBy: { at: 'asc' },
    take: 100,
  });
  const applied: { changeId: string; flagId: string; version: number }[] = [];
  for (const { id } of due) {
    const result = await prisma
      .$transaction(async (tx) => {
        const change = await tx.flagScheduledChange.findUnique({
          where: { id },
          select: { flagId: true, at: true, definition: true, note: true, createdByEmail: true, state: true },
        });
        if (change?.state !== 'PENDING') return null;
        const saved = await saveVersion(tx, SCHEDULER, change.flagId, {
          action: 'flag.scheduled-apply',
          definition: definitionOf(change.definition),
          note: change.note ?? `Scheduled by ${change.createdByEmail}`,
          extra: { changeId: id, scheduledAt: change.at, scheduledBy: change.createdByEmail },
        });
        const claimed = await tx.flagScheduledChange.updateMany({
          where: { id, state: 'PENDING' },
          data: { state: 'APPLIED', appliedAt: now, appliedVersion: saved.version },
        });
        // Another process claimed it first: roll this one back.
        if (claimed.count !== 1) throw new KetenError('CONFLICT', 'already applied');
        return { changeId: id, flagId: change.flagId, version: saved.version };
      })
      .catch((error: unknown) => {
        if (error instanceof KetenError && error.code === 'CONFLICT') return null;
        throw error;
      });
    if (result) applied.push(result);
  }
  if (applied.length > 0) dropSnapshot(prisma);
  return applied;
}
