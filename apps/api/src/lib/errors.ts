/**
 * Stable error codes the console and boxes can rely on, each with the HTTP status it is answered with on a
 * REST route (problem+json, lib/problem.ts); tRPC maps the same codes in trpc/trpc.ts.
 */
export const HTTP_STATUS = {
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_INPUT: 400,
  INVALID_CREDENTIALS: 401,
  RATE_LIMITED: 429,
  LAST_ADMIN: 409,
  COMPATIBILITY_REFUSED: 409,
  // The device API's (/v1) refusals: a box branches on these.
  ACTIVATION_REFUSED: 401,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  DEVICE_REVOKED: 403,
  ENTITLEMENT_DENIED: 403,
  CONCURRENCY_LIMIT: 409,
  INGEST_BUSY: 429,
  DEVICE_API_DISABLED: 503,
} as const satisfies Record<string, number>;

export type TErrorCode = keyof typeof HTTP_STATUS;

/** An error as a value: a stable code, a human message and, where one caused it, the field. */
export class KetenError extends Error {
  constructor(
    readonly code: TErrorCode,
    message: string,
    readonly field?: string,
    /** Structured facts shown with the message (the console: the box models a change leaves behind; REST: extension members). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'KetenError';
  }

  /** The HTTP status of the code; Fastify and plugins read `statusCode` off a thrown error. */
  get statusCode(): number {
    return HTTP_STATUS[this.code];
  }
}

/** A refusal that passes with time (a busy queue, a rate limit): the answer carries Retry-After. */
export class RetryLaterError extends KetenError {
  constructor(
    code: TErrorCode,
    message: string,
    /** Seconds a client should wait before it tries again. */
    readonly retryAfterSeconds: number,
  ) {
    super(code, message);
    this.name = 'RetryLaterError';
  }
}
