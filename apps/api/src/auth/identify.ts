import type { TRole } from '@keten/contracts';
import type { TDeps } from '../deps';
import type { TOperatorIdentity } from '../trpc/context';
import { decodeSessionToken, sessionTokenFromCookieHeader } from './session';

interface TIdentityRow extends TOperatorIdentity {
  disabled: boolean;
  sessionVersion: number;
  revoked: boolean;
}

/**
 * Resolves the operator behind a console request: the session cookie names them, the database says what they
 * may do now (a role change takes effect on the next request), and the session must not have been signed out
 * (revoked_sessions, session-revocation.ts) or outlived by a disable (sessionVersion). All from PostgreSQL,
 * so a Redis outage or flush changes nothing here. One raw query, since this runs on every console request:
 * cheaper than Prisma's findUnique of the row alone (bench/console-identify.bench.ts), so no cache is needed.
 */
export async function identifyOperator(
  deps: Pick<TDeps, 'prisma' | 'sessionSecret'>,
  cookieHeader: string | undefined,
): Promise<TOperatorIdentity | null> {
  const claims = await decodeSessionToken(sessionTokenFromCookieHeader(cookieHeader), deps.sessionSecret);
  if (!claims) return null;
  const [row] = await deps.prisma.$queryRaw<TIdentityRow[]>`
    SELECT o.id, o.email, o.name, o.role::text AS role, o.disabled, o.session_version AS "sessionVersion",
      EXISTS (SELECT 1 FROM revoked_sessions r WHERE r.session_id = ${claims.sid}) AS revoked
    FROM operators o WHERE o.id = ${claims.sub}`;
  if (!row || row.revoked || row.disabled || row.sessionVersion !== claims.sv) return null;
  return { id: row.id, email: row.email, name: row.name, role: row.role as TRole };
}
