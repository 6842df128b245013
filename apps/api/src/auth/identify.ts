import type { TDeps, TOperatorIdentity } from '../trpc/context';
import { decodeSessionToken, sessionTokenFromCookieHeader } from './session';
import { isSessionRevoked } from './session-revocation';

/**
 * Resolves the operator behind a console request: the session cookie names them, the database says what they
 * may do now (a role change takes effect on the next request), and the session must not have been signed out
 * or outlived by a disable (sessionVersion). The row and the revocation are read side by side.
 */
export async function identifyOperator(
  deps: Pick<TDeps, 'prisma' | 'redis' | 'sessionSecret'>,
  cookieHeader: string | undefined,
): Promise<TOperatorIdentity | null> {
  const claims = await decodeSessionToken(sessionTokenFromCookieHeader(cookieHeader), deps.sessionSecret);
  if (!claims) return null;
  const [operator, revoked] = await Promise.all([
    deps.prisma.operator.findUnique({
      where: { id: claims.sub },
      select: { id: true, email: true, name: true, role: true, disabled: true, sessionVersion: true },
    }),
    isSessionRevoked(deps.redis, claims.sid),
  ]);
  if (revoked || !operator || operator.disabled || operator.sessionVersion !== claims.sv) return null;
  return { id: operator.id, email: operator.email, name: operator.name, role: operator.role };
}
