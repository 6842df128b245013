import { ZRoleSchema } from '@keten/contracts';
import type { User } from 'next-auth';
import { z } from 'zod';
import { serverEnv } from '../env';
import { LOGIN_ERROR, rateLimitedCode } from './login-errors';

const ZLoginOperatorSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: ZRoleSchema,
});

const ZRateLimitedSchema = z.object({ retryAfterSeconds: z.number() });

export interface TLoginAttempt {
  email: string;
  password: string;
  ip: string;
}

/**
 * Asks apps/api to check the credentials. Returns the operator, null for bad credentials,
 * and throws an Error whose message is a LOGIN_ERROR code otherwise.
 */
export async function loginWithApi(attempt: TLoginAttempt): Promise<User | null> {
  let res: Response;
  try {
    res = await fetch(new URL('/auth/login', serverEnv().API_INTERNAL_URL), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(attempt),
      signal: AbortSignal.timeout(10_000),
      cache: 'no-store',
    });
  } catch (cause) {
    console.error(`[auth] POST ${serverEnv().API_INTERNAL_URL}/auth/login failed:`, cause);
    throw new Error(LOGIN_ERROR.unavailable);
  }
  if (res.status === 401) return null;
  if (res.status === 429) {
    const body = ZRateLimitedSchema.safeParse(await res.json().catch(() => null));
    throw new Error(rateLimitedCode(body.success ? body.data.retryAfterSeconds : 60));
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

/** The client's address as the first x-forwarded-for hop (Next sets it from the socket when absent). */
export function clientIpFrom(headers: Record<string, unknown> | undefined): string {
  const forwarded = headers?.['x-forwarded-for'];
  const first = typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined;
  return first || 'unknown';
}
