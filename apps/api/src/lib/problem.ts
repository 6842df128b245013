import type { FastifyReply } from 'fastify';
import type { ZodError } from 'zod';
import { HTTP_STATUS, KetenError, RetryLaterError } from './errors';

/** An RFC 9457 problem document; `code` is stable, `field` names the input that caused it. */
export interface TProblem {
  code: string;
  message: string;
  field?: string;
  [extra: string]: unknown;
}

export function sendProblem(reply: FastifyReply, status: number, problem: TProblem) {
  return reply
    .status(status)
    .type('application/problem+json')
    .send({
      type: `https://keten.dev/problems/${problem.code.toLowerCase()}`,
      title: problem.message,
      status,
      ...problem,
    });
}

/** The one mapping of a KetenError to HTTP: status from its code, the headers the code implies, its details as members. */
export function sendKetenError(reply: FastifyReply, error: KetenError, extra: Record<string, unknown> = {}) {
  if (error.code === 'TOKEN_INVALID' || error.code === 'TOKEN_EXPIRED') {
    // RFC 6750: tell the client why the bearer token failed.
    const description = error.code === 'TOKEN_EXPIRED' ? 'token expired' : 'token invalid';
    reply.header('www-authenticate', `Bearer error="invalid_token", error_description="${description}"`);
  }
  if (error instanceof RetryLaterError) reply.header('retry-after', String(error.retryAfterSeconds));
  return sendProblem(reply, HTTP_STATUS[error.code], {
    code: error.code,
    message: error.message,
    field: error.field,
    ...error.details,
    ...extra,
  });
}

/** INVALID_INPUT naming the first offending field, with every issue listed (`issues`). */
export function invalidInput(error: ZodError): KetenError {
  // An issue about the whole body or query (wrong type, not an object) names `body`.
  const issues = error.issues.map((issue) => ({
    field: issue.path.join('.') || 'body',
    message: issue.message,
  }));
  const first = issues[0];
  return new KetenError(
    'INVALID_INPUT',
    first ? `${first.field}: ${first.message}` : 'Invalid input.',
    first?.field ?? 'body',
    { issues },
  );
}

/** 400 naming the first offending field, with every issue listed. */
export function sendInvalidInput(reply: FastifyReply, error: ZodError) {
  return sendKetenError(reply, invalidInput(error));
}
