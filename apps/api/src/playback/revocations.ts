import type { Redis } from 'ioredis';
import type { TDeps } from '../trpc/context';
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

/** A re-activated box plays again: off the list, and every replica told. */
export async function restoreMedia(stores: TRevocationStores, deviceId: string) {
  const { set, version } = revocationKeys(stores);
  await run(stores.redis.multi().zrem(set, deviceId).incr(version));
}

/**
 * Redis holds nothing that cannot be rebuilt: when the list's marker is missing (a new install, a flushed or
 * replaced Redis), it is refilled from PostgreSQL, each box revoked within the last 4 h listed until 4 h after its
 * row last changed (later than the revoke, so never too short).
 */
export async function rebuildRevocations(
  stores: TRevocationStores & Pick<TDeps, 'prisma'>,
  now = Date.now(),
) {
  const { set, version, built } = revocationKeys(stores);
  const devices = await stores.prisma.device.findMany({
    where: { tokenState: 'REVOKED', updatedAt: { gt: new Date(now - REVOCATION_TTL_MS) } },
    select: { id: true, updatedAt: true },
  });
  const multi = stores.redis.multi();
  // GT: never shortens an entry a revoke wrote meanwhile.
  for (const device of devices)
    multi.zadd(set, 'GT', device.updatedAt.getTime() + REVOCATION_TTL_MS, device.id);
  // No expiry set here: shortening the key's TTL could drop a revoke made meanwhile; revokes set it.
  await run(multi.set(built, new Date(now).toISOString()).incr(version));
  return devices.length;
}
