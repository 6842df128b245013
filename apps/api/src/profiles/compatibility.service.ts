import { rungIncompatibility, type TDecoderCapability } from '@keten/contracts';
import { Prisma, type PrismaClient } from '@keten/db/client';
import { KetenError } from '../lib/errors';

type TDb = PrismaClient | Prisma.TransactionClient;
type TRung = Parameters<typeof rungIncompatibility>[0];

export interface TEntitledModel {
  boxModelId: string;
  subscribers: number;
  devices: number;
}

export interface TAffectedModel extends TEntitledModel {
  code: string;
  name: string;
  vendor: string;
}

export interface TCompatibilityImpact {
  boxModels: TAffectedModel[];
  /** Distinct subscribers over all affected models (a household with two such boxes counts once). */
  subscribers: number;
  devices: number;
}

// Reads every field of the decoder rule's TDecoderCapability (the satisfies fails when one is added there).
export const boxModelCapabilityFields = {
  id: true,
  code: true,
  vendor: true,
  name: true,
  videoCodecs: true,
  maxH264Profile: true,
  maxH264Level: true,
  maxHevcProfile: true,
  maxHevcLevel: true,
  maxWidth: true,
  maxHeight: true,
  maxFps: true,
} satisfies Prisma.BoxModelSelect & Record<keyof TDecoderCapability, true>;

/** Which channels a change reaches: every channel on any version of a profile, or the channels being re-pinned. */
export type TChannelScope = { profileId: string } | { channelIds: string[] };

function channelFilter(scope: TChannelScope) {
  return 'profileId' in scope
    ? Prisma.sql`c.encoding_profile_version_id IN (SELECT id FROM encoding_profile_versions WHERE profile_id = ${scope.profileId})`
    : Prisma.sql`c.id = ANY(${scope.channelIds})`;
}

/**
 * Boxes of active subscribers with a running subscription to a package that carries one of the scope's channels.
 * Disabled channels reach no box, unless `anyState` asks who would get one back.
 */
function entitledDevicesSql(scope: TChannelScope, anyState = false) {
  const state = anyState ? Prisma.empty : Prisma.sql`AND c.state <> 'DISABLED'`;
  return Prisma.sql`
    WITH pkgs AS (
      SELECT DISTINCT pc.package_id
      FROM package_channels pc
      JOIN channels c ON c.id = pc.channel_id
      WHERE ${channelFilter(scope)} ${state}
    ), entitled AS (
      SELECT DISTINCT s.subscriber_id
      FROM subscriptions s
      JOIN pkgs ON pkgs.package_id = s.package_id
      JOIN subscribers sub ON sub.id = s.subscriber_id
      WHERE sub.status = 'ACTIVE' AND s.starts_at <= now() AND (s.ends_at IS NULL OR s.ends_at > now())
    )
    SELECT d.box_model_id, d.subscriber_id
    FROM devices d
    JOIN entitled e ON e.subscriber_id = d.subscriber_id
    WHERE d.status <> 'RETIRED'`;
}

/** Box models entitled to any channel in scope, with subscriber and device counts, aggregated in SQL. */
export function entitledModels(db: TDb, scope: TChannelScope) {
  return db.$queryRaw<TEntitledModel[]>`
    SELECT box_model_id AS "boxModelId", count(DISTINCT subscriber_id)::int AS subscribers, count(*)::int AS devices
    FROM (${entitledDevicesSql(scope)}) boxes
    GROUP BY box_model_id`;
}

/** How many households and boxes a change of these channels reaches, whatever the channels' state. */
export async function entitledReach(db: TDb, scope: TChannelScope) {
  await roomToAggregate(db);
  const [reach] = await db.$queryRaw<{ subscribers: number; devices: number }[]>`
    SELECT count(DISTINCT subscriber_id)::int AS subscribers, count(*)::int AS devices
    FROM (${entitledDevicesSql(scope, true)}) boxes`;
  return { subscribers: reach?.subscribers ?? 0, devices: reach?.devices ?? 0 };
}

/**
 * Counting distinct households over every box of a base package spills 4 MB sorts to disk at 100k
 * subscribers (measured 0.8 s → 0.35 s with 32 MB); SET LOCAL keeps it to this transaction.
 */
export async function roomToAggregate(db: TDb) {
  await db.$executeRaw`SET LOCAL work_mem = '32MB'`;
}

/** Which entitled box models could play none of these rungs, and how many subscribers and boxes that is. */
export async function compatibilityImpact(
  db: TDb,
  scope: TChannelScope,
  rungs: TRung[],
): Promise<TCompatibilityImpact> {
  await roomToAggregate(db);
  const entitled = await entitledModels(db, scope);
  if (entitled.length === 0) return { boxModels: [], subscribers: 0, devices: 0 };
  const models = await db.boxModel.findMany({
    where: { id: { in: entitled.map((e) => e.boxModelId) } },
    select: boxModelCapabilityFields,
  });
  const stranded = models.filter((box) => rungs.every((rung) => rungIncompatibility(rung, box)));
  if (stranded.length === 0) return { boxModels: [], subscribers: 0, devices: 0 };
  const counts = new Map(entitled.map((e) => [e.boxModelId, e]));
  const boxModels = stranded
    .map((box) => ({
      boxModelId: box.id,
      code: box.code,
      name: box.name,
      vendor: box.vendor,
      subscribers: counts.get(box.id)?.subscribers ?? 0,
      devices: counts.get(box.id)?.devices ?? 0,
    }))
    .sort((a, b) => b.subscribers - a.subscribers);
  const ids = boxModels.map((m) => m.boxModelId);
  const [total] = await db.$queryRaw<{ subscribers: number }[]>`
    SELECT count(DISTINCT subscriber_id)::int AS subscribers
    FROM (${entitledDevicesSql(scope)}) boxes
    WHERE box_model_id = ANY(${ids})`;
  return {
    boxModels,
    subscribers: total?.subscribers ?? 0,
    devices: boxModels.reduce((sum, m) => sum + m.devices, 0),
  };
}

/**
 * Refuses, unless confirmed, a ladder that leaves an entitled box model of these channels with no playable rung.
 * `field` names the input the refusal belongs to; the impact goes into the audit entry.
 */
export async function assertPlayable(
  db: TDb,
  channelIds: string[],
  rungs: TRung[],
  confirmIncompatible: boolean | undefined,
  field: string,
): Promise<TCompatibilityImpact> {
  const impact = await compatibilityImpact(db, { channelIds }, rungs);
  if (impact.boxModels.length > 0 && !confirmIncompatible) {
    throw new KetenError('COMPATIBILITY_REFUSED', describeImpact(impact), field, { ...impact });
  }
  return impact;
}

export function describeImpact(impact: TCompatibilityImpact): string {
  const models = impact.boxModels
    .map((m) => `${m.vendor} ${m.name} (${m.subscribers} subscribers, ${m.devices} boxes)`)
    .join(', ');
  return `This ladder leaves ${models} without a playable rung: ${impact.subscribers} subscribers and ${impact.devices} boxes affected. Confirm to save it anyway.`;
}
