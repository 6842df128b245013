import { humanizeField, labelledMessage, type TRole, TRPC_MAX_BATCH_SIZE } from '@keten/contracts';
import { initTRPC, TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import superjson from 'superjson';
import { ZodError, ZodRealError } from 'zod';
import { KetenError, type TErrorCode } from '../lib/errors';
import { findUnstorableString } from '../lib/input-guard';
import type { TContext } from './context';

// tRPC's own words when a batch exceeds maxBatchSize (server.ts); errors.test.ts notices if they change.
const TRPC_BATCH_REFUSED = 'Batch call exceeds maximum size';

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

/**
 * "Sources 2 URL: must start with udp://" (and how many more), in the console's wording (@keten/contracts
 * installs it as zod's error map), instead of zod's JSON dump of the issues.
 */
function summaryOf(error: ZodError) {
  const [first, ...rest] = error.issues;
  if (!first) return 'Invalid input.';
  const text =
    first.path.length > 0 ? labelledMessage(humanizeField(first.path), first.message) : first.message;
  return `${text}${rest.length > 0 ? ` (and ${rest.length} more)` : ''}`;
}

const t = initTRPC.context<TContext>().create({
  transformer: superjson,
  // Never send a stack (file paths, library internals), whatever NODE_ENV says.
  isDev: false,
  errorFormatter({ shape, error, ctx }) {
    // Only for refused input: a schema the server itself failed to satisfy (a 500) must not show its paths.
    const zodError =
      error.code === 'BAD_REQUEST' && error.cause instanceof ZodError ? fieldErrorsOf(error.cause) : null;
    const cause = error.cause instanceof KetenError ? error.cause : null;
    // details only when present, so errors without them keep their exact shape.
    const keten = cause
      ? { code: cause.code, field: cause.field ?? null, ...(cause.details ? { details: cause.details } : {}) }
      : null;
    const requestId = ctx?.requestId ?? null;
    // An internal error's own message may quote SQL or a driver; the log has it under the request id.
    const message =
      error.code === 'INTERNAL_SERVER_ERROR'
        ? `Something went wrong on our side. Quote request id ${requestId ?? 'unknown'} when you report it.`
        : error.cause instanceof ZodError
          ? summaryOf(error.cause)
          : error.message === TRPC_BATCH_REFUSED
            ? `A batch may hold at most ${TRPC_MAX_BATCH_SIZE} calls; send fewer at a time.`
            : shape.message;
    const { stack: _stack, ...data } = shape.data;
    return { ...shape, message, data: { ...data, zodError, keten, requestId } };
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
  ACTIVATION_REFUSED: 'UNAUTHORIZED',
  TOKEN_INVALID: 'UNAUTHORIZED',
  TOKEN_EXPIRED: 'UNAUTHORIZED',
  DEVICE_REVOKED: 'FORBIDDEN',
  ENTITLEMENT_DENIED: 'FORBIDDEN',
  CONCURRENCY_LIMIT: 'CONFLICT',
  INGEST_BUSY: 'TOO_MANY_REQUESTS',
  DEVICE_API_DISABLED: 'SERVICE_UNAVAILABLE',
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

/**
 * Raw input with a NUL or a lone surrogate never reaches a procedure, even one whose schema forgot zText:
 * PostgreSQL would refuse it with a 500. Refused like a schema would, naming the field.
 */
const refuseUnstorableInput = t.middleware(async ({ getRawInput, next }) => {
  const found = findUnstorableString(await getRawInput());
  if (found) {
    // ZodRealError: the Error subclass zod itself throws (plain ZodError is not an Error, so tRPC would wrap it).
    const cause = new ZodRealError([
      { code: 'custom', path: found.path, message: found.message, input: undefined },
    ]);
    throw new TRPCError({ code: 'BAD_REQUEST', message: summaryOf(cause), cause });
  }
  return next();
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
const baseProcedure = t.procedure.use(mapDomainErrors);
export const publicProcedure = baseProcedure.use(refuseUnstorableInput);

/**
 * The only way into an operator's procedure: a valid console session, and one of `roles`
 * (ADMIN is always allowed). Runs before input parsing, so a forbidden caller learns nothing about the input.
 */
export function operatorProcedure(...roles: TRole[]) {
  const authorized = baseProcedure.use(({ ctx, next }) => {
    if (ctx.identifyFailure !== undefined) {
      throw new TRPCError({
        code: 'INTERNAL_SERVER_ERROR',
        message: 'The session could not be checked.',
        cause: ctx.identifyFailure,
      });
    }
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
  // After the session check, so an anonymous caller learns nothing about what its input holds.
  return authorized.use(refuseUnstorableInput);
}

/** Any signed-in operator, whatever the role. */
export const anyOperatorProcedure = operatorProcedure('NOC', 'CONTENT', 'SUPPORT', 'PRODUCT');
