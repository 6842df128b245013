import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { REFRESH_TOKEN_SECONDS } from './config';

// Refresh tokens live only in Redis, by hash: a leaked Redis dump holds no usable token.
const PREFIX = 'keten:device-refresh:';
const live = (hash: string) => `${PREFIX}live:${hash}`;
const spent = (hash: string) => `${PREFIX}spent:${hash}`;
const newest = (family: string) => `${PREFIX}family:${family}`;
const revoked = (family: string) => `${PREFIX}revoked:${family}`;
/** The key that marks a revoked token family (the rate limit reads it in its own round trip, rate-limit.ts). */
export const revokedFamilyKey = revoked;

export interface TRefreshRecord {
  deviceId: string;
  tokenVersion: number;
  family: string;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

/** A new token family, at activation; every refresh token and access token after it carries this id. */
export const newFamilyId = () => randomBytes(12).toString('base64url');

/*
 * Each script runs alone on the Redis server, so a redeem, a reuse and an issue can never interleave.
 * The family's keys are derived inside the scripts (the token names no family): fine on one Redis server,
 * a Redis Cluster would need the family id inside the token.
 *
 * A revoked family keeps a tombstone for the refresh lifetime, which outlives every token it ever issued:
 * an issue into it is refused, and authenticateDevice refuses its access tokens.
 */
const ISSUE = `
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
return 1`;

const REDEEM = `
local raw = redis.call('GETDEL', KEYS[1])
if raw then
  local family = cjson.decode(raw).family
  redis.call('SET', KEYS[2], family, 'EX', ARGV[2])
  if redis.call('EXISTS', ARGV[1] .. 'revoked:' .. family) == 1 then return {'revoked'} end
  return {'ok', raw}
end
local family = redis.call('GET', KEYS[2])
if not family then return {'unknown'} end
redis.call('SET', ARGV[1] .. 'revoked:' .. family, '1', 'EX', ARGV[2])
local latest = redis.call('GETDEL', ARGV[1] .. 'family:' .. family)
if latest then redis.call('DEL', ARGV[1] .. 'live:' .. latest) end
return {'reused'}`;

/** Mints a refresh token in `record.family`; null when that family has been revoked meanwhile. */
export async function issueRefreshToken(redis: Redis, record: TRefreshRecord): Promise<string | null> {
  const token = randomBytes(32).toString('base64url');
  const hash = hashOf(token);
  const issued = await redis.eval(
    ISSUE,
    3,
    live(hash),
    newest(record.family),
    revoked(record.family),
    JSON.stringify(record),
    hash,
    REFRESH_TOKEN_SECONDS,
  );
  return issued === 1 ? token : null;
}

export type TRedeemResult =
  | { kind: 'ok'; record: TRefreshRecord }
  | { kind: 'revoked' }
  | { kind: 'unknown' };

/**
 * Spends a refresh token once. A second use of a spent token revokes its whole family (one of the two
 * holders stole it): 'revoked', as is any token of a family revoked meanwhile.
 */
export async function redeemRefreshToken(redis: Redis, token: string): Promise<TRedeemResult> {
  const hash = hashOf(token);
  const [kind, raw] = (await redis.eval(
    REDEEM,
    2,
    live(hash),
    spent(hash),
    PREFIX,
    REFRESH_TOKEN_SECONDS,
  )) as [string, string?];
  if (kind === 'ok' && raw) return { kind: 'ok', record: JSON.parse(raw) as TRefreshRecord };
  return kind === 'unknown' ? { kind: 'unknown' } : { kind: 'revoked' };
}

/** Whether a token family has been revoked (checked on every authenticated device call). */
export async function isFamilyRevoked(redis: Redis, family: string): Promise<boolean> {
  return (await redis.exists(revoked(family))) === 1;
}
