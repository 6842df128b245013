import type { PrismaClient } from '@keten/db/client';
import type { TOperatorIdentity } from '../trpc/context';
import { decodeSessionToken, sessionTokenFromCookieHeader } from './session';

/**
 * Resolves the operator behind a console request: the session cookie names them, the database says
 * what they may do now (a role change or a disabled account takes effect on the next request).
 */
export async function identifyOperator(
  prisma: PrismaClient,
  secret: string,
  cookieHeader: string | undefined,
): Promise<TOperatorIdentity | null> {
  const claims = await decodeSessionToken(sessionTokenFromCookieHeader(cookieHeader), secret);
  if (!claims) return null;
  const operator = await prisma.operator.findUnique({
    where: { id: claims.sub },
    select: { id: true, email: true, name: true, role: true, disabled: true },
  });
  if (!operator || operator.disabled) return null;
  return { id: operator.id, email: operator.email, name: operator.name, role: operator.role };
}
