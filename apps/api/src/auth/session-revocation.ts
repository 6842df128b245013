import type { PrismaClient } from '@keten/db/client';
import type { TSessionClaims } from './session';

// Past the session's hard end the token refuses itself; a minute more covers the clock tolerance.
const KEEP_AFTER_END_MS = 60_000;

/**
 * Ends a console session now (sign-out). Kept in PostgreSQL until the session's hard end plus a minute, the
 * longest any copy of its cookie can be accepted; rows past that are pruned on the way, so the table only ever
 * holds sessions that could still be used.
 */
export async function revokeSession(
  prisma: PrismaClient,
  claims: Pick<TSessionClaims, 'sid' | 'sessionEndsAt'>,
  now = Date.now(),
): Promise<void> {
  const expiresAt = new Date(Math.max(claims.sessionEndsAt * 1000, now) + KEEP_AFTER_END_MS);
  await prisma.$transaction([
    prisma.revokedSession.deleteMany({ where: { expiresAt: { lt: new Date(now) } } }),
    prisma.revokedSession.upsert({
      where: { sessionId: claims.sid },
      create: { sessionId: claims.sid, expiresAt },
      update: { expiresAt },
    }),
  ]);
}
