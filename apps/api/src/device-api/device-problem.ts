import type { FastifyReply } from 'fastify';
import { sendProblem } from '../lib/problem';

/** Stable codes a box can branch on; the HTTP status follows from the code. */
export const DEVICE_PROBLEM_STATUS = {
  INVALID_INPUT: 400,
  ACTIVATION_REFUSED: 401,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  DEVICE_REVOKED: 403,
  ENTITLEMENT_DENIED: 403,
  CONCURRENCY_LIMIT: 409,
  RATE_LIMITED: 429,
  DEVICE_API_DISABLED: 503,
} as const;

export type TDeviceProblemCode = keyof typeof DEVICE_PROBLEM_STATUS;

/** A refusal with its stable code, thrown by services and turned into problem+json at the edge. */
export class DeviceProblem extends Error {
  constructor(
    readonly code: TDeviceProblemCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DeviceProblem';
  }

  /** Read by Fastify and by scopes' error handlers that branch on the status. */
  get statusCode(): number {
    return DEVICE_PROBLEM_STATUS[this.code];
  }
}

export function sendDeviceProblem(reply: FastifyReply, problem: DeviceProblem) {
  if (problem.code === 'TOKEN_INVALID' || problem.code === 'TOKEN_EXPIRED') {
    // RFC 6750: tell the client why the bearer token failed.
    const description = problem.code === 'TOKEN_EXPIRED' ? 'token expired' : 'token invalid';
    reply.header('www-authenticate', `Bearer error="invalid_token", error_description="${description}"`);
  }
  return sendProblem(reply, DEVICE_PROBLEM_STATUS[problem.code], {
    code: problem.code,
    message: problem.message,
    field: problem.field,
  });
}
