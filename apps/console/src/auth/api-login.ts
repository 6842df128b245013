import { ZRoleSchema } from '@keten/contracts';
import {
  CLIENT_ADDRESS_HEADER,
  signClientAddress,
  ZLoginRateLimitedSchema,
} from '@keten/contracts/console-channel';
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

const ZProblemSchema = z.object({ message: z.string() });

export interface TLoginAttempt {
  email: string;
  password: string;
  /** The client's address as this console's server resolved it (server.ts); null if unknown (apps/api then keys on ours). */
  clientAddress: string | null;
}

/**
 * Asks apps/api to check the credentials, vouching for the client's address with a signed header.
 * Returns the operator, null for bad credentials, and throws an Error whose message is a LOGIN_ERROR code otherwise.
 */
export async function loginWithApi(attempt: TLoginAttempt): Promise<User | null> {
  const { API_INTERNAL_URL, NEXTAUTH_SECRET } = serverEnv();
  // Always signed, even without an address (apps/api then keys the attempt on ours): it serves only the console.
  const headers = {
    'content-type': 'application/json',
    [CLIENT_ADDRESS_HEADER]: signClientAddress(NEXTAUTH_SECRET, attempt.clientAddress, attempt.email),
  };
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
    const body = ZLoginRateLimitedSchema.safeParse(await res.json().catch(() => null));
    const header = Number(res.headers.get('retry-after'));
    if (!body.success) throw new Error(rateLimitedCode(header || 60));
    throw new Error(rateLimitedCode(body.data.retryAfterSeconds, body.data.limit === 'account'));
  }
  if (res.status === 400) throw new Error(LOGIN_ERROR.invalidInput);
  if (!res.ok) {
    // A 403 says why apps/api did not take this console's word (NEXTAUTH_SECRET or clock apart).
    const problem = ZProblemSchema.safeParse(await res.json().catch(() => null));
    console.error(
      `[auth] apps/api answered ${res.status} to a login${problem.success ? `: ${problem.data.message}` : ''}`,
    );
    throw new Error(LOGIN_ERROR.unavailable);
  }
  const operator = ZLoginOperatorSchema.safeParse(await res.json().catch(() => null));
  if (!operator.success) throw new Error(LOGIN_ERROR.unavailable);
  return operator.data;
}
