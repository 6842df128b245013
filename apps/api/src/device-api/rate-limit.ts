import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { TDeps } from '../deps';
import { RetryLaterError } from '../lib/errors';
import { DEFAULT_RATE_LIMIT_PER_MINUTE } from './config';
import { bearerToken, rememberFamilyVerdict, verifiedClaims } from './device-auth';
import { revokedFamilyKey } from './refresh-tokens';

const WINDOW_MS = 60_000;

/**
 * One round trip for both checks every authenticated call makes: count the call in its fixed window (a new window
 * starts with the first call after the last one ended) and, for a box, whether its token family was revoked.
 * Returns { count, milliseconds left in the window, family revoked (0/1, 0 without a family) }.
 */
const COUNT_AND_CHECK = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
local revoked = 0
if ARGV[2] == '1' then revoked = redis.call('EXISTS', KEYS[2]) end
return {count, ttl, revoked}
`;

declare module 'ioredis' {
  interface RedisCommander {
    ketenCountAndCheck(
      counter: string,
      family: string,
      windowMs: number,
      checkFamily: '0' | '1',
    ): Promise<[number, number, number]>;
  }
}

/** The script as a command of this client (EVALSHA, loaded on first use and again after a Redis restart). */
function defineCountAndCheck(redis: Redis) {
  redis.defineCommand('ketenCountAndCheck', { numberOfKeys: 2, lua: COUNT_AND_CHECK });
}

/** The Redis key prefix of a rate limit's counters. */
export const rateLimitNameSpace = (deps: Pick<TDeps, 'workerQueuePrefix'>, kind: 'device' | 'beacon') =>
  `${deps.workerQueuePrefix ?? 'keten'}:${kind}-rate:`;

/** Per device once it holds a valid token (with its family), per IP before (activation, refresh, a bad token). */
async function subjectOf(request: FastifyRequest): Promise<{ key: string; family?: string }> {
  if (bearerToken(request) && request.server.deviceApiDeps.deviceApi) {
    try {
      // Verified once per request: the route's own check reuses these claims.
      const claims = await verifiedClaims(request);
      return { key: `device:${claims.deviceId}`, family: claims.family };
    } catch {
      // An invalid token is refused by the route itself; count it against the IP.
    }
  }
  return { key: `ip:${request.ip}` };
}

/**
 * Per-device request limit (per IP before a valid token) over every route of the scope it is added to, counted in
 * Redis under the install's prefix (keten:device-rate: by default, so installs and test runs sharing a Redis count
 * apart); beyond it 429 RATE_LIMITED with Retry-After. The same round trip tells whether the box's token family was
 * revoked, so an authenticated call costs one Redis round trip, not two.
 */
export function addDeviceRateLimit(scope: FastifyInstance, deps: TDeps, kind: 'device' | 'beacon') {
  const nameSpace = rateLimitNameSpace(deps, kind);
  const familyPrefix = revokedFamilyKey('');
  defineCountAndCheck(deps.redis);
  scope.addHook('onRequest', async (request) => {
    const subject = await subjectOf(request);
    const [count, ttl, revoked] = await deps.redis.ketenCountAndCheck(
      `${nameSpace}${subject.key}`,
      `${familyPrefix}${subject.family ?? ''}`,
      WINDOW_MS,
      subject.family ? '1' : '0',
    );
    if (subject.family) rememberFamilyVerdict(request, subject.family, revoked === 1);
    const max = deps.deviceApi?.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE;
    if (count > max) {
      const seconds = Math.max(1, Math.ceil(ttl / 1000));
      throw new RetryLaterError('RATE_LIMITED', `Too many requests; retry in ${seconds} s.`, seconds);
    }
  });
}
