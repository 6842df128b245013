import type { TLoginLimitKind } from '@keten/contracts/console-channel';
import type { PrismaClient } from '@keten/db/client';
import type { Redis } from 'ioredis';
import { KetenError, RetryLaterError } from '../lib/errors';
import type { TOperatorIdentity } from '../trpc/context';
import type { TLoginInput } from './auth.schema';
import { addressBucket } from './client-address';
import {
  accountAttackAddresses,
  beginLoginAttempt,
  claimAttackAudit,
  LOGIN_LIMITS,
  loginSucceeded,
  type TLoginLimits,
} from './login-throttle';
import { verifyPassword } from './passwords';

export class RateLimitedError extends RetryLaterError {
  constructor(
    retryAfterMs: number,
    readonly limit: TLoginLimitKind,
  ) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    const wait =
      seconds === 1 ? '1 second' : seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
    super(
      'RATE_LIMITED',
      limit === 'account'
        ? `This account drew too many failed sign-ins this hour; sign-ins from places it was never used from wait ${wait}.`
        : `Too many failed sign-in attempts; try again in ${wait}.`,
      seconds,
    );
  }
}

/** What the console puts in the session: the operator, and which generation of their sessions this is. */
export interface TSignedIn extends TOperatorIdentity {
  sessionVersion: number;
}

/** Once per window, at the threshold and at the ceiling: an entry an administrator can alert on. */
async function auditAttack(
  deps: { prisma: PrismaClient; redis: Redis },
  operator: { id: string; email: string },
  email: string,
  address: string,
  failures: number,
  limits: TLoginLimits,
) {
  for (const threshold of [limits.accountAttackThreshold, limits.accountCeiling]) {
    if (failures < threshold || !(await claimAttackAudit(deps.redis, email, threshold, limits))) continue;
    const ceilingReached = threshold === limits.accountCeiling;
    // No operator acted: the throttle is the actor, the address that crossed the line is the entry's ip.
    await deps.prisma.auditEntry.create({
      data: {
        actorEmail: 'system:login-throttle',
        ip: address,
        action: 'operator.login-attack',
        entityType: 'Operator',
        entityId: operator.id,
        after: {
          email: operator.email,
          failedSignInsThisHour: failures,
          addresses: await accountAttackAddresses(deps.redis, email),
          ceilingReached,
          consequence: ceilingReached
            ? `sign-ins from addresses that never signed in to this account are refused for up to ${limits.accountWindowSeconds / 60} minutes`
            : 'failed sign-ins are slowed per address; nothing is refused yet',
        },
      },
    });
  }
}

/**
 * Checks an operator's credentials from a client address (`address`, already trusted by the route).
 * Unknown email, wrong password and disabled account give the same error after the same work, and the
 * same throttling, so neither the answer nor its timing tells which emails exist.
 */
export async function login(
  deps: { prisma: PrismaClient; redis: Redis },
  input: TLoginInput,
  address: string,
  limits: TLoginLimits = LOGIN_LIMITS,
): Promise<TSignedIn> {
  const bucket = addressBucket(address);
  const attempt = await beginLoginAttempt(deps.redis, input.email, bucket, Date.now(), limits);
  if (!attempt.allowed) throw new RateLimitedError(attempt.retryAfterMs, attempt.limit);
  const operator = await deps.prisma.operator.findUnique({ where: { email: input.email } });
  const ok = await verifyPassword(operator?.passwordHash ?? null, input.password);
  if (!operator || !ok || operator.disabled) {
    if (operator) await auditAttack(deps, operator, input.email, address, attempt.accountFailures, limits);
    throw new KetenError('INVALID_CREDENTIALS', 'Email or password is incorrect.');
  }
  await loginSucceeded(deps.redis, input.email, bucket, limits);
  await deps.prisma.operator.update({ where: { id: operator.id }, data: { lastLoginAt: new Date() } });
  return {
    id: operator.id,
    email: operator.email,
    name: operator.name,
    role: operator.role,
    sessionVersion: operator.sessionVersion,
  };
}
