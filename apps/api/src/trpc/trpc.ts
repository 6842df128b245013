import type { TRole } from '@keten/contracts';
import { initTRPC, TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import superjson from 'superjson';
import { ZodError } from 'zod';
import { KetenError, type TErrorCode } from '../lib/errors';
import type { TContext } from './context';

/**
 * Field errors keyed by the full dotted path ("sources.1.url") so a form can show the message next to
 * the exact input, and also by the top-level field ("sources") for forms that show one message per group.
 */
function fieldErrorsOf(error: ZodError) {
  const fieldErrors: Record<string, string[]> = {};
  const formErrors: string[] = [];
  for (const issue of error.issues) {
    if (issue.path.length === 0) {
      formErrors.push(issue.message);
      continue;
    }
    for (const key of new Set([issue.path.join('.'), String(issue.path[0])])) {
      fieldErrors[key] = [...(fieldErrors[key] ?? []), issue.message];
    }
  }
  return { formErrors, fieldErrors };
}

const t = initTRPC.context<TContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? fieldErrorsOf(error.cause) : null;
    const cause = error.cause instanceof KetenError ? error.cause : null;
    // details only when present, so errors without them keep their exact shape.
    const keten = cause
      ? { code: cause.code, field: cause.field ?? null, ...(cause.details ? { details: cause.details } : {}) }
      : null;
    return { ...shape, data: { ...shape.data, zodError, keten } };
  },
});

const TRPC_CODES: Record<TErrorCode, TRPC_ERROR_CODE_KEY> = {
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  INVALID_INPUT: 'BAD_REQUEST',
  INVALID_CREDENTIALS: 'UNAUTHORIZED',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  LAST_ADMIN: 'CONFLICT',
  COMPATIBILITY_REFUSED: 'CONFLICT',
};

// Services throw KetenError values; this turns them into tRPC errors with the right status, once.
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof KetenError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: TRPC_CODES[cause.code], message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapDomainErrors);

/**
 * The only way into an operator's procedure: a valid console session, and one of `roles`
 * (ADMIN is always allowed). Runs before input parsing, so a forbidden caller learns nothing about the input.
 */
export function operatorProcedure(...roles: TRole[]) {
  return publicProcedure.use(({ ctx, next }) => {
    const operator = ctx.operator;
    if (!operator) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue.' });
    if (operator.role !== 'ADMIN' && !roles.includes(operator.role)) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `This needs one of the roles: ${['ADMIN', ...roles].join(', ')}.`,
      });
    }
    return next({ ctx: { operator, actor: { id: operator.id, email: operator.email, ip: ctx.ip } } });
  });
}

/** Any signed-in operator, whatever the role. */
export const anyOperatorProcedure = operatorProcedure('NOC', 'CONTENT', 'SUPPORT', 'PRODUCT');
