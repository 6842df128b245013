import { assertServerEnvAtStart } from './env';

/** Next calls this once when the server starts: a bad environment stops it with the variable's name. */
export function register(): void {
  assertServerEnvAtStart();
}
