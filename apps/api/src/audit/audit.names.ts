import type { PrismaClient } from '@keten/db/client';
import { operatorNames, RESOLVERS, type TName } from './audit.resolvers';

/** Who did it, in words: an operator by name (email as detail), a set-top box by serial, or the system. */
export interface TAuditActor {
  kind: 'operator' | 'box' | 'system';
  name: string;
  detail: string | null;
}

/** What it was done to, in words; name null when nothing is known but the type and id. */
export interface TAuditEntity {
  name: string | null;
  detail: string | null;
  /** The entity no longer exists: the name comes from the entry's own before/after values. */
  gone: boolean;
}

export interface TNamedEntry {
  actorId: string | null;
  actorEmail: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** Types whose entries stand for an event rather than a row (an XMLTV import): named from the entry itself. */
const EVENT_NAMES: Record<string, (after: Record<string, unknown>) => TName> = {
  Schedule: (after) => ({
    name: 'XMLTV import',
    detail: typeof after.source === 'string' ? after.source : null,
  }),
};

// The fields, in order, that name a thing in its own before/after values once the row is gone.
const SNAPSHOT_NAME_FIELDS = ['name', 'title', 'serial', 'email', 'accountNumber', 'code', 'key'] as const;
const SNAPSHOT_DETAIL_FIELDS = ['email', 'accountNumber', 'code', 'mac'] as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function fromSnapshot(entry: TNamedEntry): TName | null {
  const values = [entry.after, entry.before].find(isRecord);
  if (!values) return null;
  const text = (field: string) =>
    typeof values[field] === 'string' && values[field] ? String(values[field]) : null;
  const nameField = SNAPSHOT_NAME_FIELDS.find((field) => text(field));
  if (!nameField) return null;
  const detailField = SNAPSHOT_DETAIL_FIELDS.find((field) => field !== nameField && text(field));
  return { name: text(nameField) ?? '', detail: detailField ? text(detailField) : null };
}

/** What a box writes as its actor ("device:<serial>", device-api/activation.service.ts): box activity. */
export const BOX_ACTOR_PREFIX = 'device:';

// System actors write "system:<part>"; the part in an operator's words.
const SYSTEM_ACTORS: Record<string, string> = {
  'login-throttle': 'Sign-in guard',
  'flag-scheduler': 'Flag scheduler',
  'rollout-engine': 'Rollout engine',
};

function actorOf(entry: TNamedEntry, operators: Map<string, TName>): TAuditActor {
  const operator = entry.actorId ? operators.get(entry.actorId) : undefined;
  if (operator) return { kind: 'operator', ...operator };
  const email = entry.actorEmail;
  if (email.startsWith(BOX_ACTOR_PREFIX)) {
    return { kind: 'box', name: `Box ${email.slice(BOX_ACTOR_PREFIX.length)}`, detail: null };
  }
  if (email.startsWith('system:')) {
    const part = email.slice('system:'.length);
    return { kind: 'system', name: SYSTEM_ACTORS[part] ?? 'System', detail: part };
  }
  // An operator row that is gone: the email written with the entry is all there is.
  return { kind: 'operator', name: entry.actorEmail, detail: null };
}

function entityOf(entry: TNamedEntry, found: Map<string, TName>): TAuditEntity {
  const live = found.get(`${entry.entityType}:${entry.entityId}`);
  if (live) return { ...live, gone: false };
  const event = EVENT_NAMES[entry.entityType];
  if (event) return { ...event(isRecord(entry.after) ? entry.after : {}), gone: false };
  const snapshot = fromSnapshot(entry);
  // Known types that were not found have been deleted; unknown types were never looked up.
  const gone = entry.entityType in RESOLVERS;
  return snapshot ? { ...snapshot, gone } : { name: null, detail: null, gone };
}

/**
 * Names the actor and the entity of each entry at read time: one query for the operators who acted and one per
 * entity type present, whatever the page size. Deleted things keep a name from the entry's own values.
 */
export async function nameEntries<T extends TNamedEntry>(
  prisma: PrismaClient,
  entries: readonly T[],
): Promise<(T & { actor: TAuditActor; entity: TAuditEntity })[]> {
  const idsByType = new Map<string, Set<string>>();
  for (const entry of entries) {
    if (!(entry.entityType in RESOLVERS)) continue;
    const ids = idsByType.get(entry.entityType) ?? new Set<string>();
    idsByType.set(entry.entityType, ids.add(entry.entityId));
  }
  const actorIds = [...new Set(entries.flatMap((entry) => (entry.actorId ? [entry.actorId] : [])))];
  const [operators, ...perType] = await Promise.all([
    actorIds.length > 0 ? operatorNames(prisma, actorIds) : [],
    ...[...idsByType].map(async ([type, ids]) =>
      ((await RESOLVERS[type]?.(prisma, [...ids])) ?? []).map(
        ([id, name]) => [`${type}:${id}`, name] as const,
      ),
    ),
  ]);
  const found = new Map<string, TName>(perType.flat());
  const actors = new Map<string, TName>(operators);
  return entries.map((entry) => ({
    ...entry,
    actor: actorOf(entry, actors),
    entity: entityOf(entry, found),
  }));
}
