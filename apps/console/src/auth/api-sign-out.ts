import { encode, type JWT } from 'next-auth/jwt';
import { serverEnv } from '../env';

/**
 * Tells apps/api that this session ends now (POST /auth/sign-out), so a copied cookie stops working at once.
 * apps/api reads the session from a cookie as on every request: a fresh encryption of the same token (same
 * sid) serves. Never throws: next-auth clears the cookie anyway, and a failure is logged for the operator.
 */
export async function endSessionAtApi(token: JWT): Promise<void> {
  const { API_INTERNAL_URL, NEXTAUTH_SECRET } = serverEnv();
  try {
    const sessionToken = await encode({ token, secret: NEXTAUTH_SECRET, maxAge: 60 });
    const res = await fetch(new URL('/auth/sign-out', API_INTERNAL_URL), {
      method: 'POST',
      headers: { cookie: `next-auth.session-token=${sessionToken}` },
      signal: AbortSignal.timeout(5000),
      cache: 'no-store',
    });
    if (res.status !== 204) throw new Error(`apps/api answered ${res.status}`);
  } catch (cause) {
    console.error(
      `[auth] sign-out of session ${String(token.sid)} did not reach apps/api; it stays valid until it expires:`,
      cause,
    );
  }
}
