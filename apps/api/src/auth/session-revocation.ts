import type { Redis } from 'ioredis';
import type { TSessionClaims } from './session';

const key = (sid: string) => `keten:operator-session:revoked:${sid}`;

/**
 * Ends a console session now (sign-out). Kept until the session's hard end plus a minute, the longest any
 * copy of its cookie can be accepted; after that the token refuses itself.
 */
export async function revokeSession(
  redis: Redis,
  claims: Pick<TSessionClaims, 'sid' | 'sessionEndsAt'>,
  now = Date.now(),
): Promise<void> {
  const seconds = Math.max(1, Math.ceil(claims.sessionEndsAt - now / 1000) + 60);
  await redis.set(key(claims.sid), '1', 'EX', seconds);
}

export async function isSessionRevoked(redis: Redis, sid: string): Promise<boolean> {
  return (await redis.exists(key(sid))) === 1;
}
