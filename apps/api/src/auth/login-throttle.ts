import type { TLoginLimitKind } from '@keten/contracts/console-channel';
import type { Redis } from 'ioredis';

/**
 * Sign-in throttling that slows a guesser without letting anyone lock the owner out (the numbers are
 * explained in ./README.md):
 * - per account + address: 5 failures free, then each failure doubles the wait (1 s, 2 s, … 15 min);
 *   the owner's address is never slowed by failures from anywhere else;
 * - per address, all accounts: 30 failures in 15 minutes (one address spraying many accounts), except for
 *   an account that signed in from that address before (a sprayer behind the owner's NAT cannot block them);
 * - per account, all addresses: 50 failures in an hour is an attack (audited); past 300, addresses that
 *   never signed in to the account are refused for the rest of the hour, those that did still get in.
 */
export const LOGIN_LIMITS = {
  freeFailuresPerAddress: 5,
  firstDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  /** How long an account + address pair remembers its failures after the last one. */
  pairMemorySeconds: 24 * 3600,
  perAddress: 30,
  perAddressWindowSeconds: 15 * 60,
  accountAttackThreshold: 50,
  accountCeiling: 300,
  accountWindowSeconds: 3600,
  /** An address the account signed in from stays "known" (exempt from the ceiling) this long. */
  knownAddressSeconds: 30 * 24 * 3600,
} as const;

/** Numbers of the same shape, so a test can use smaller ones. */
export type TLoginLimits = { readonly [K in keyof typeof LOGIN_LIMITS]: number };

const PREFIX = 'keten:login:';
const attackAudited = (email: string, threshold: number) => `${PREFIX}attack-audited:${threshold}:${email}`;
const keysOf = (email: string, bucket: string) => [
  `${PREFIX}pair:${bucket}|${email}`,
  `${PREFIX}address:${bucket}`,
  `${PREFIX}account:${email}`,
  `${PREFIX}known:${email}`,
  `${PREFIX}account-addresses:${email}`,
];

// Check every limit and count the attempt as a failure in one step, so parallel guesses cannot all
// slip through before the first failure is counted; a correct password takes its count back.
const BEGIN = `
local now = tonumber(ARGV[1])
local free = tonumber(ARGV[3])
local known = redis.call('SISMEMBER', KEYS[4], ARGV[2]) == 1
local perAddress = tonumber(redis.call('GET', KEYS[2]) or '0')
if perAddress >= tonumber(ARGV[7]) and not known then return {'address', redis.call('PTTL', KEYS[2])} end
local failures = tonumber(redis.call('HGET', KEYS[1], 'failures') or '0')
if failures >= free then
  local delay = math.min(tonumber(ARGV[4]) * 2 ^ (failures - free), tonumber(ARGV[5]))
  local last = tonumber(redis.call('HGET', KEYS[1], 'last') or '0')
  if now < last + delay then return {'account-address', math.ceil(last + delay - now)} end
end
local perAccount = tonumber(redis.call('GET', KEYS[3]) or '0')
if perAccount >= tonumber(ARGV[9]) and not known then
  return {'account', redis.call('PTTL', KEYS[3])}
end
redis.call('HINCRBY', KEYS[1], 'failures', 1)
redis.call('HSET', KEYS[1], 'last', now)
redis.call('EXPIRE', KEYS[1], ARGV[6])
redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[8], 'NX')
local count = redis.call('INCR', KEYS[3])
redis.call('EXPIRE', KEYS[3], ARGV[10], 'NX')
redis.call('PFADD', KEYS[5], ARGV[2])
redis.call('EXPIRE', KEYS[5], ARGV[10], 'NX')
return {'ok', count}`;

const SUCCEED = `
redis.call('DEL', KEYS[1])
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
if tonumber(redis.call('GET', KEYS[3]) or '0') > 0 then redis.call('DECR', KEYS[3]) end
redis.call('SADD', KEYS[4], ARGV[1])
redis.call('EXPIRE', KEYS[4], ARGV[2])
return 1`;

export type TLoginAttempt =
  /** Go ahead; `accountFailures` counts this attempt too (failed attempts on the account this hour). */
  | { allowed: true; accountFailures: number }
  | { allowed: false; retryAfterMs: number; limit: TLoginLimitKind };

/** Checks the limits for `email` from address `bucket` and, when allowed, counts the attempt as failed. */
export async function beginLoginAttempt(
  redis: Redis,
  email: string,
  bucket: string,
  now = Date.now(),
  limits: TLoginLimits = LOGIN_LIMITS,
): Promise<TLoginAttempt> {
  const [verdict, value] = (await redis.eval(
    BEGIN,
    5,
    ...keysOf(email, bucket),
    now,
    bucket,
    limits.freeFailuresPerAddress,
    limits.firstDelayMs,
    limits.maxDelayMs,
    limits.pairMemorySeconds,
    limits.perAddress,
    limits.perAddressWindowSeconds,
    limits.accountCeiling,
    limits.accountWindowSeconds,
  )) as [string, number];
  if (verdict === 'ok') return { allowed: true, accountFailures: value };
  return {
    allowed: false,
    retryAfterMs: Math.max(1000, value),
    limit: verdict as TLoginLimitKind,
  };
}

/** The password was right: forget this pair's failures, take the attempt back, remember the address. */
export async function loginSucceeded(
  redis: Redis,
  email: string,
  bucket: string,
  limits: TLoginLimits = LOGIN_LIMITS,
): Promise<void> {
  await redis.eval(SUCCEED, 4, ...keysOf(email, bucket).slice(0, 4), bucket, limits.knownAddressSeconds);
}

// Lives as long as the account's hour window (its counter's TTL), so the next window can be audited again.
const CLAIM_AUDIT = `
local ttl = redis.call('PTTL', KEYS[1])
if ttl <= 0 then ttl = tonumber(ARGV[1]) end
if redis.call('SET', KEYS[2], '1', 'PX', ttl, 'NX') then return 1 end
return 0`;

/**
 * True once per account and window for each threshold: the first caller to see the account's failures reach
 * `threshold`. A correct password takes a failure back, so the count can reach the same number twice.
 */
export async function claimAttackAudit(
  redis: Redis,
  email: string,
  threshold: number,
  limits: TLoginLimits = LOGIN_LIMITS,
): Promise<boolean> {
  const account = keysOf(email, '')[2] ?? '';
  const claimed = await redis.eval(
    CLAIM_AUDIT,
    2,
    account,
    attackAudited(email, threshold),
    limits.accountWindowSeconds * 1000,
  );
  return claimed === 1;
}

/** Roughly how many different addresses failed on the account this hour (for the audit entry). */
export async function accountAttackAddresses(redis: Redis, email: string): Promise<number> {
  return redis.pfcount(keysOf(email, '')[4] ?? '');
}
