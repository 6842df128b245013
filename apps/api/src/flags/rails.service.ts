import { Prisma, type PrismaClient } from '@keten/db/client';
import { type TRailDefinition, ZRailDefinitionSchema } from '@keten/flags';
import { recordAudit, type TActor } from '../audit/audit.service';
import { KetenError } from '../lib/errors';
import type { TRailCreate, TRailUpdate } from './flags.schema';
import { dropSnapshot } from './snapshot';

const json = (value: unknown) => value as Prisma.InputJsonValue;
const definitionOf = (value: Prisma.JsonValue) => ZRailDefinitionSchema.parse(value);

/** Every rail with what the list shows, in home-screen order. */
export async function listRails(prisma: PrismaClient) {
  const rows = await prisma.rail.findMany({
    select: { id: true, key: true, definition: true, version: true, updatedAt: true },
  });
  return rows
    .map(({ definition, ...row }) => {
      const parsed = definitionOf(definition);
      return {
        ...row,
        title: parsed.title,
        position: parsed.position,
        killed: parsed.killed,
        variantCount: parsed.variants.length,
        ruleCount: parsed.rules.length,
        defaultVariant: parsed.defaultVariant,
      };
    })
    .sort((a, b) => a.position - b.position || a.key.localeCompare(b.key));
}

/** One rail with its whole history (newest first). */
export async function getRail(prisma: PrismaClient, id: string) {
  const row = await prisma.rail.findUnique({
    where: { id },
    select: {
      id: true,
      key: true,
      definition: true,
      version: true,
      updatedAt: true,
      versions: {
        select: { version: true, definition: true, note: true, actorEmail: true, createdAt: true },
        orderBy: { version: 'desc' },
      },
    },
  });
  if (!row) throw new KetenError('NOT_FOUND', 'No rail with this id.', 'id');
  return {
    ...row,
    definition: definitionOf(row.definition),
    versions: row.versions.map((version) => ({ ...version, definition: definitionOf(version.definition) })),
  };
}

/** The channels a console editor may put on a rail (any operator reads them: they pick, boxes are filtered). */
export function railChannelOptions(prisma: PrismaClient) {
  return prisma.channel.findMany({ select: { id: true, lcn: true, name: true }, orderBy: { lcn: 'asc' } });
}

/** Rules may only name cohorts that exist, and items only channels that exist; refusals name the field. */
async function assertReferences(tx: Prisma.TransactionClient, definition: TRailDefinition) {
  const cohortIds = [...new Set(definition.rules.flatMap((rule) => (rule.cohortId ? [rule.cohortId] : [])))];
  const channelIds = new Set<string>();
  for (const variant of definition.variants)
    for (const item of variant.items) {
      if (item.type === 'channel') channelIds.add(item.channelId);
      else if (item.target.type === 'channel') channelIds.add(item.target.channelId);
    }
  const [cohorts, channels] = await Promise.all([
    cohortIds.length ? tx.cohort.findMany({ where: { id: { in: cohortIds } }, select: { id: true } }) : [],
    channelIds.size
      ? tx.channel.findMany({ where: { id: { in: [...channelIds] } }, select: { id: true } })
      : [],
  ]);
  const knownCohorts = new Set(cohorts.map((row) => row.id));
  const knownChannels = new Set(channels.map((row) => row.id));
  definition.rules.forEach((rule, index) => {
    if (rule.cohortId && !knownCohorts.has(rule.cohortId))
      throw new KetenError('INVALID_INPUT', 'No cohort with this id.', `definition.rules.${index}.cohortId`);
  });
  definition.variants.forEach((variant, v) => {
    variant.items.forEach((item, i) => {
      const path = `definition.variants.${v}.items.${i}`;
      if (item.type === 'channel' && !knownChannels.has(item.channelId))
        throw new KetenError('INVALID_INPUT', 'No channel with this id.', `${path}.channelId`);
      if (
        item.type === 'promotion' &&
        item.target.type === 'channel' &&
        !knownChannels.has(item.target.channelId)
      )
        throw new KetenError('INVALID_INPUT', 'No channel with this id.', `${path}.target.channelId`);
    });
  });
}

export async function createRail(prisma: PrismaClient, actor: TActor, input: TRailCreate) {
  try {
    const created = await prisma.$transaction(async (tx) => {
      await assertReferences(tx, input.definition);
      const rail = await tx.rail.create({
        data: {
          key: input.key,
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
        select: { id: true, key: true, version: true },
      });
      await recordAudit(tx, actor, {
        action: 'rail.create',
        entityType: 'Rail',
        entityId: rail.id,
        after: { key: rail.key, version: 1, definition: input.definition },
      });
      return rail;
    });
    dropSnapshot(prisma);
    return created;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
      throw new KetenError('CONFLICT', 'A rail with this key already exists.', 'key');
    throw error;
  }
}

interface TNewVersion {
  action: 'rail.update' | 'rail.revert';
  definition: TRailDefinition;
  note?: string | null;
  expectedVersion?: number;
  extra?: Record<string, unknown>;
}

/** Puts a definition in force as the rail's next version: history row, rail row and audit, in one transaction. */
async function saveVersion(tx: Prisma.TransactionClient, actor: TActor, id: string, change: TNewVersion) {
  const before = await tx.rail.findUnique({
    where: { id },
    select: { key: true, definition: true, version: true },
  });
  if (!before) throw new KetenError('NOT_FOUND', 'No rail with this id.', 'id');
  if (change.expectedVersion !== undefined && before.version !== change.expectedVersion) {
    throw new KetenError(
      'CONFLICT',
      `This rail was changed (version ${before.version}) since you opened version ${change.expectedVersion}; reload and apply your edit again.`,
      'expectedVersion',
    );
  }
  await assertReferences(tx, change.definition);
  const version = before.version + 1;
  // Conditional on the version read above: two saves racing cannot both become version n + 1.
  const moved = await tx.rail.updateMany({
    where: { id, version: before.version },
    data: { definition: json(change.definition), version },
  });
  if (moved.count !== 1) throw new KetenError('CONFLICT', 'This rail was changed meanwhile; reload.', 'id');
  await tx.railVersion.create({
    data: {
      railId: id,
      version,
      definition: json(change.definition),
      note: change.note || null,
      actorId: actor.id || null,
      actorEmail: actor.email,
    },
  });
  await recordAudit(tx, actor, {
    action: change.action,
    entityType: 'Rail',
    entityId: id,
    before: { key: before.key, version: before.version, definition: definitionOf(before.definition) },
    after: { key: before.key, version, definition: change.definition, ...change.extra },
  });
  return { id, key: before.key, version };
}

export async function updateRail(prisma: PrismaClient, actor: TActor, input: TRailUpdate) {
  const saved = await prisma.$transaction((tx) =>
    saveVersion(tx, actor, input.id, {
      action: 'rail.update',
      definition: input.definition,
      note: input.note,
      expectedVersion: input.expectedVersion,
    }),
  );
  dropSnapshot(prisma);
  return saved;
}

/** One-click revert: an old version's definition becomes the newest version (history is never rewritten). */
export async function revertRail(
  prisma: PrismaClient,
  actor: TActor,
  input: { id: string; toVersion: number },
) {
  const saved = await prisma.$transaction(async (tx) => {
    const old = await tx.railVersion.findUnique({
      where: { railId_version: { railId: input.id, version: input.toVersion } },
      select: { definition: true },
    });
    if (!old) throw new KetenError('NOT_FOUND', `This rail has no version ${input.toVersion}.`, 'toVersion');
    return saveVersion(tx, actor, input.id, {
      action: 'rail.revert',
      definition: definitionOf(old.definition),
      note: `Reverted to version ${input.toVersion}`,
      extra: { revertedTo: input.toVersion },
    });
  });
  dropSnapshot(prisma);
  return saved;
}
