import type { PrismaClient } from '@keten/db/client';
import {
  type TCohort,
  type TConfigDocument,
  type TFlag,
  type TRail,
  ZCohortRuleSchema,
  ZConfigDocumentSchema,
  ZFlagDefinitionSchema,
  ZRailDefinitionSchema,
} from '@keten/flags';

/** Everything /v1/config evaluates against, read in one go. */
export interface TFlagSnapshot {
  flags: TFlag[];
  cohorts: Map<string, TCohort>;
  config: { version: number; document: TConfigDocument };
  /** Server-driven content: every rail's definition in force. */
  rails: TRail[];
}

/**
 * How stale another API process's snapshot may be: a change saved elsewhere reaches its boxes within this plus
 * their poll interval. A save in this process drops the snapshot at once.
 */
export const SNAPSHOT_TTL_MS = 5000;

export const EMPTY_CONFIG: TConfigDocument = { settings: {}, overrides: [] };

export async function loadSnapshot(prisma: PrismaClient): Promise<TFlagSnapshot> {
  const [flags, cohorts, config, rails] = await Promise.all([
    prisma.featureFlag.findMany({ select: { key: true, definition: true }, orderBy: { key: 'asc' } }),
    prisma.cohort.findMany({ select: { id: true, key: true, name: true, rule: true } }),
    prisma.configVersion.findFirst({
      orderBy: { version: 'desc' },
      select: { version: true, document: true },
    }),
    prisma.rail.findMany({ select: { key: true, definition: true }, orderBy: { key: 'asc' } }),
  ]);
  return {
    // Parsed again on the way out: a row written by an older schema gets its defaults, never crashes a box's call.
    flags: flags.map((flag) => ({ key: flag.key, definition: ZFlagDefinitionSchema.parse(flag.definition) })),
    cohorts: new Map(
      cohorts.map((cohort) => [cohort.id, { ...cohort, rule: ZCohortRuleSchema.parse(cohort.rule) }]),
    ),
    config: config
      ? { version: config.version, document: ZConfigDocumentSchema.parse(config.document) }
      : { version: 0, document: EMPTY_CONFIG },
    rails: rails.map((rail) => ({ key: rail.key, definition: ZRailDefinitionSchema.parse(rail.definition) })),
  };
}

const snapshots = new WeakMap<PrismaClient, { at: number; snapshot: Promise<TFlagSnapshot> }>();

/** The cached snapshot (one load at a time, shared by every request), reloaded after SNAPSHOT_TTL_MS. */
export function currentSnapshot(prisma: PrismaClient, now = Date.now()): Promise<TFlagSnapshot> {
  const cached = snapshots.get(prisma);
  if (cached && now - cached.at < SNAPSHOT_TTL_MS) return cached.snapshot;
  const snapshot = loadSnapshot(prisma);
  snapshots.set(prisma, { at: now, snapshot });
  snapshot.catch(() => {
    if (snapshots.get(prisma)?.snapshot === snapshot) snapshots.delete(prisma);
  });
  return snapshot;
}

/** After a save in this process: the next /v1/config reads the new state. */
export function dropSnapshot(prisma: PrismaClient) {
  snapshots.delete(prisma);
}
