/** Stable error codes the console and boxes can rely on. */
export type TErrorCode =
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_INPUT'
  | 'INVALID_CREDENTIALS'
  | 'RATE_LIMITED'
  | 'LAST_ADMIN'
  | 'COMPATIBILITY_REFUSED';

/** An error as a value: a stable code, a human message and, where one caused it, the field. */
export class KetenError extends Error {
  constructor(
    readonly code: TErrorCode,
    message: string,
    readonly field?: string,
    /** Structured facts the console shows with the message (e.g. the box models a change leaves behind). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'KetenError';
  }
}

export const HTTP_STATUS: Record<TErrorCode, number> = {
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_INPUT: 400,
  INVALID_CREDENTIALS: 401,
  RATE_LIMITED: 429,
  LAST_ADMIN: 409,
  COMPATIBILITY_REFUSED: 409,
};
