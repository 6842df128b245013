import type { TDeps } from '../deps';
import { rebuildRevocations, revocationKeys, revokedInPostgres } from './revocations';

export interface TRevocationListOptions {
  /** How often the version key is read; a revoke bites within about this long. */
  pollMs?: number;
  /** A full re-read this often even when the version did not move (a lost INCR, a flushed key). */
  resyncMs?: number;
  onError?: (message: string, error: unknown) => void;
}

/**
 * This process's copy of the revoked boxes, so the origin's check is a Map lookup, not a Redis round trip.
 * Each re-read is the union of Redis's list and PostgreSQL's boxes revoked in the last 4 h, so a revoke a Redis
 * failover lost still bites within a resync. When Redis is unreachable it keeps the last list it read (fails
 * open): see README "Revocation".
 */
export function createRevocationList(
  // With prisma, a list Redis lost is rebuilt from PostgreSQL (rebuildRevocations).
  stores: Pick<TDeps, 'redis' | 'workerQueuePrefix'> & Partial<Pick<TDeps, 'prisma'>>,
  { pollMs = 1000, resyncMs = 30_000, onError = () => {} }: TRevocationListOptions = {},
) {
  const keys = revocationKeys(stores);
  let revoked = new Map<string, number>();
  let seenVersion: string | null | undefined;
  let syncedAt = 0;
  let failing = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let fromPostgres = new Map<string, number>();
  let postgresFailing = false;

  /** PostgreSQL's revoked boxes; while it cannot be read, the last ones it gave (said once). */
  async function readPostgres(now: number) {
    if (!stores.prisma) return fromPostgres;
    try {
      fromPostgres = await revokedInPostgres(stores.prisma, now);
      postgresFailing = false;
    } catch (error) {
      if (!postgresFailing)
        onError('media revocation list: cannot read PostgreSQL; merging the last boxes read from it', error);
      postgresFailing = true;
    }
    return fromPostgres;
  }

  async function sync() {
    // Version first: a revoke landing between the two reads is caught by the next poll.
    const [seen, built] = await stores.redis.mget(keys.version, keys.built);
    const version =
      built === null && stores.prisma
        ? await rebuildRevocations({ ...stores, prisma: stores.prisma }).then(() =>
            stores.redis.get(keys.version),
          )
        : seen;
    const now = Date.now();
    if (version === seenVersion && now - syncedAt < resyncMs) return;
    const [flat, listed] = await Promise.all([
      stores.redis.zrangebyscore(keys.set, now, '+inf', 'WITHSCORES'),
      readPostgres(now),
    ]);
    const next = new Map([...listed].filter(([, until]) => until > now));
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const deviceId = flat[i] as string;
      next.set(deviceId, Math.max(next.get(deviceId) ?? 0, Number(flat[i + 1])));
    }
    revoked = next;
    seenVersion = version;
    syncedAt = now;
  }

  async function tick() {
    try {
      await sync();
      failing = false;
    } catch (error) {
      if (!failing)
        onError('media revocation list: cannot read Redis; serving with the last list read', error);
      failing = true;
    }
    if (!stopped) timer = setTimeout(tick, pollMs).unref();
  }

  return {
    /** Whether media signed for this device must be refused now. */
    has: (deviceId: string, now = Date.now()) => (revoked.get(deviceId) ?? 0) > now,
    /** Reads the list once (so a new replica starts with it), then keeps polling. */
    start: () => tick(),
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
    /** Device ids and until when (epoch ms) they stay listed, as this process knows them. */
    entries: () => [...revoked].filter(([, until]) => until > Date.now()),
  };
}

export type TRevocationList = ReturnType<typeof createRevocationList>;
