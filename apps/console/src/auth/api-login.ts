import { ZRoleSchema } from '@keten/contracts';
import { CLIENT_ADDRESS_HEADER, signClientAddress } from '@keten/contracts/console-channel';
import type { User } from 'next-auth';
import { z } from 'zod';
import { serverEnv } from '../env';
import { LOGIN_ERROR, rateLimitedCode } from './login-errors';

const ZLoginOperatorSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: ZRoleSchema,
  sessionVersion: z.number().int(),
});

const ZRateLimitedSchema = z.object({ retryAfterSeconds: z.number() });

export interface TLoginAttempt {
  email: string;
  password: string;
  /** The client's address as this console's server resolved it (server.ts); null if unknown. */
  clientAddress: string | null;
}

/**
 * Asks apps/api to check the credentials, vouching for the client's address with a signed header.
 * Returns the operator, null for bad credentials, and throws an Error whose message is a LOGIN_ERROR code otherwise.
 */
export async function loginWithApi(attempt: TLoginAttempt): Promise<User | null> {
  const { API_INTERNAL_URL, NEXTAUTH_SECRET } = serverEnv();
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (attempt.clientAddress) {
    headers[CLIENT_ADDRESS_HEADER] = signClientAddress(NEXTAUTH_SECRET, attempt.clientAddress, attempt.email);
  }
  let res: Response;
  try {
    res = await fetch(new URL('/auth/login', API_INTERNAL_URL), {
      method: 'POST',
      headers,
      body: JSON.stringify({ email: attempt.email, password: attempt.password }),
      signal: AbortSignal.timeout(10_000),
      cache: 'no-store',
    });
  } catch (cause) {
    console.error(`[auth] POST ${API_INTERNAL_URL}/auth/login failed:`, cause);
    throw new Error(LOGIN_ERROR.unavailable);
  }
  if (res.status === 401) return null;
  if (res.status === 429) {
    const body = ZRateLimitedSchema.safeParse(await res.json().catch(() => null));
    const header = Number(res.headers.get('retry-after'));
    throw new Error(rateLimitedCode(body.success ? body.data.retryAfterSeconds : header || 60));
  }
  if (res.status === 400) throw new Error(LOGIN_ERROR.invalidInput);
  if (!res.ok) {
    console.error(`[auth] apps/api answered ${res.status} to a login`);
    throw new Error(LOGIN_ERROR.unavailable);
  }
  const operator = ZLoginOperatorSchema.safeParse(await res.json().catch(() => null));
  if (!operator.success) throw new Error(LOGIN_ERROR.unavailable);
  return operator.data;
}
