import type { TDeps } from '../deps';

/** Two missed heartbeats (recommended every 30 s), or a minute without a playlist request, and the stream no longer counts. */
export const STREAM_TTL_MS = 60_000;

/** How long a stream counts after its last heartbeat or playlist request (tests shorten it). */
export const streamTtlMs = (deps: Pick<TDeps, 'deviceApi'>) => deps.deviceApi?.streamTtlMs ?? STREAM_TTL_MS;

type TStreamStores = Pick<TDeps, 'redis' | 'workerQueuePrefix'>;

/** The subscriber's set of counted streams, under the install's prefix (keten:streams:<id> by default). */
export const streamKey = (stores: Pick<TDeps, 'workerQueuePrefix'>, subscriberId: string) =>
  `${stores.workerQueuePrefix ?? 'keten'}:streams:${subscriberId}`;

// Atomic: prune expired, then let a device already playing in (channel switch), else admit below the limit.
const ADMIT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local playing = redis.call('ZSCORE', KEYS[1], ARGV[3])
if not playing and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[3], ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
redis.call('PEXPIRE', KEYS[2], ARGV[6])
return 1`;

export interface TStream {
  subscriberId: string;
  deviceId: string;
  /** The channel's slug: what both POST /v1/play and the media origin know. */
  channel: string;
}

/**
 * Registers a play, or keeps it counted (one round trip: POST /v1/play and every counted playlist request of the
 * media origin); false when the subscriber already has `limit` other devices playing.
 */
export async function admitStream(
  { redis, ...stores }: TStreamStores,
  stream: TStream,
  limit: number,
  { now = Date.now(), ttlMs = STREAM_TTL_MS }: { now?: number; ttlMs?: number } = {},
): Promise<boolean> {
  const k = streamKey(stores, stream.subscriberId);
  const admitted = await redis.eval(
    ADMIT,
    2,
    k,
    `${k}:channel`,
    now,
    now + ttlMs,
    stream.deviceId,
    limit,
    stream.channel,
    ttlMs * 2,
  );
  return admitted === 1;
}

/** Keeps a registered stream alive; false when it had already expired (the box must POST /v1/play again). */
export async function refreshStream(
  { redis, ...stores }: TStreamStores,
  subscriberId: string,
  deviceId: string,
  { now = Date.now(), ttlMs = STREAM_TTL_MS }: { now?: number; ttlMs?: number } = {},
) {
  const k = streamKey(stores, subscriberId);
  const score = await redis.zscore(k, deviceId);
  if (score === null || Number(score) <= now) return false;
  await redis.zadd(k, 'XX', now + ttlMs, deviceId);
  return true;
}

/** Ends a device's stream at once (player stopped), freeing its slot. */
export async function releaseStream(
  { redis, ...stores }: TStreamStores,
  subscriberId: string,
  deviceId: string,
) {
  await redis.zrem(streamKey(stores, subscriberId), deviceId);
}
