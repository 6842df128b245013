import type { PrismaClient } from '@keten/db/client';
import type { Redis } from 'ioredis';
import { KetenError } from '../lib/errors';
import type { TOperatorIdentity } from '../trpc/context';
import type { TLoginInput } from './auth.schema';
import { verifyPassword } from './passwords';

/** Failed attempts allowed per window, per email and per client address. */
export const LOGIN_LIMITS = { windowSeconds: 15 * 60, perEmail: 5, perIp: 30 } as const;

export class RateLimitedError extends KetenError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      'RATE_LIMITED',
      `Too many failed sign-in attempts; try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`,
    );
  }
}

const keys = (input: TLoginInput) => ({
  email: `keten:login-failures:email:${input.email}`,
  ip: input.ip ? `keten:login-failures:ip:${input.ip}` : null,
});

async function assertNotRateLimited(redis: Redis, input: TLoginInput) {
  const k = keys(input);
  const checks: [string, number][] = [[k.email, LOGIN_LIMITS.perEmail]];
  if (k.ip) checks.push([k.ip, LOGIN_LIMITS.perIp]);
  for (const [key, limit] of checks) {
    const failures = Number((await redis.get(key)) ?? 0);
    if (failures >= limit) throw new RateLimitedError(Math.max(1, await redis.ttl(key)));
  }
}

async function countFailure(redis: Redis, input: TLoginInput) {
  const multi = redis.multi();
  for (const key of Object.values(keys(input))) {
    if (key) multi.incr(key).expire(key, LOGIN_LIMITS.windowSeconds, 'NX');
  }
  await multi.exec();
}

/**
 * Checks an operator's credentials. Unknown email, wrong password and disabled account give the
 * same error after the same work, so the answer never tells which emails exist.
 */
export async function login(
  deps: { prisma: PrismaClient; redis: Redis },
  input: TLoginInput,
): Promise<TOperatorIdentity> {
  await assertNotRateLimited(deps.redis, input);
  const operator = await deps.prisma.operator.findUnique({ where: { email: input.email } });
  const ok = await verifyPassword(operator?.passwordHash ?? null, input.password);
  if (!operator || !ok || operator.disabled) {
    await countFailure(deps.redis, input);
    throw new KetenError('INVALID_CREDENTIALS', 'Email or password is incorrect.');
  }
  await deps.redis.del(keys(input).email);
  await deps.prisma.operator.update({ where: { id: operator.id }, data: { lastLoginAt: new Date() } });
  return { id: operator.id, email: operator.email, name: operator.name, role: operator.role };
}
