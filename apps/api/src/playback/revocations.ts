import type { Redis } from 'ioredis';
import type { TDeps } from '../deps';
import { PLAY_URL_SECONDS } from './playback.service';

/** A revoked box stays listed as long as the longest-lived URL it may hold (POST /v1/play's), then drops off. */
export const REVOCATION_TTL_MS = PLAY_URL_SECONDS * 1000;

export type TRevocationStores = Pick<TDeps, 'redis' | 'workerQueuePrefix'>;

/** Per installation (the harness gives each test database its own prefix): seeded device ids repeat. */
export function revocationKeys(stores: Pick<TDeps, 'workerQueuePrefix'>) {
  const set = `${stores.workerQueuePrefix ?? 'keten'}:revoked-devices`;
  return { set, version: `${set}:version`, built: `${set}:built` };
}

async function run(multi: ReturnType<Redis['multi']>) {
  const results = await multi.exec();
  const failed = results?.find(([error]) => error)?.[0];
  if (!results || failed) throw failed ?? new Error('redis transaction aborted');
}

/**
 * Lists a box as revoked for every origin replica (sorted set: device id → listed until, epoch ms) and bumps
 * the version they poll. Throws when Redis cannot take it, so the caller's revoke rolls back whole.
 */
export async function revokeMedia(stores: TRevocationStores, deviceId: string, now = Date.now()) {
  const { set, version } = revocationKeys(stores);
  await run(
    stores.redis
      .multi()
      .zremrangebyscore(set, '-inf', now)
      .zadd(set, now + REVOCATION_TTL_MS, deviceId)
      .pexpire(set, REVOCATION_TTL_MS)
      .incr(version),
  );
}

// Replicas are told (version bump) only when the box was listed: most activations are of boxes that never were.
const RESTORE = `if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then redis.call('INCR', KEYS[2]) end return 1`;

/** A re-activated box plays again: off the list, and every replica told. */
export async function restoreMedia(stores: TRevocationStores, deviceId: string) {
  const { set, version } = revocationKeys(stores);
  await stores.redis.eval(RESTORE, 2, set, version, deviceId);
}

/**
 * Tells every replica to re-read the list now. After a re-activation commits: a replica that re-read between
 * restoreMedia and the commit still saw the box REVOKED in PostgreSQL, and would keep it listed until its resync.
 */
export async function announceRevocations(stores: TRevocationStores) {
  await stores.redis.incr(revocationKeys(stores).version);
}

/**
 * The boxes PostgreSQL says are revoked and may still hold a URL signed before: REVOKED within the last 4 h, each
 * listed until 4 h after its row last changed (later than the revoke, so never too short). Device id → epoch ms.
 */
export async function revokedInPostgres(prisma: TDeps['prisma'], now = Date.now()) {
  const devices = await prisma.device.findMany({
    where: { tokenState: 'REVOKED', updatedAt: { gt: new Date(now - REVOCATION_TTL_MS) } },
    select: { id: true, updatedAt: true },
  });
  return new Map(devices.map((device) => [device.id, device.updatedAt.getTime() + REVOCATION_TTL_MS]));
}

/**
 * Redis holds nothing that cannot be rebuilt: when the list's marker is missing (a new install, a flushed or
 * replaced Redis), it is refilled from PostgreSQL (revokedInPostgres).
 */
export async function rebuildRevocations(
  stores: TRevocationStores & Pick<TDeps, 'prisma'>,
  now = Date.now(),
) {
  const { set, version, built } = revocationKeys(stores);
  const devices = await revokedInPostgres(stores.prisma, now);
  const multi = stores.redis.multi();
  // GT: never shortens an entry a revoke wrote meanwhile.
  for (const [deviceId, until] of devices) multi.zadd(set, 'GT', until, deviceId);
  // No expiry set here: shortening the key's TTL could drop a revoke made meanwhile; revokes set it.
  await run(multi.set(built, new Date(now).toISOString()).incr(version));
  return devices.size;
}
