import type { FastifyReply } from 'fastify';
import type { ZodError } from 'zod';
import { HTTP_STATUS, type KetenError } from './errors';

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

export function sendKetenError(reply: FastifyReply, error: KetenError, extra: Record<string, unknown> = {}) {
  return sendProblem(reply, HTTP_STATUS[error.code], {
    code: error.code,
    message: error.message,
    field: error.field,
    ...extra,
  });
}

/** 400 naming the first offending field, with every issue listed. */
export function sendInvalidInput(reply: FastifyReply, error: ZodError) {
  // An issue about the whole body or query (wrong type, not an object) names `body`.
  const issues = error.issues.map((issue) => ({
    field: issue.path.join('.') || 'body',
    message: issue.message,
  }));
  const first = issues[0];
  return sendProblem(reply, 400, {
    code: 'INVALID_INPUT',
    message: first ? `${first.field}: ${first.message}` : 'Invalid input.',
    field: first?.field ?? 'body',
    issues,
  });
}
