/**
 * Codes that authorize() throws; next-auth hands the message to the login page as `?error=`.
 * Kept free of server imports: the login form maps them to text.
 */
export const LOGIN_ERROR = {
  /** Also what next-auth reports when authorize() returns null. */
  invalidCredentials: 'CredentialsSignin',
  invalidInput: 'INVALID_INPUT',
  unavailable: 'API_UNAVAILABLE',
  rateLimitedPrefix: 'RATE_LIMITED_',
} as const;

export const INVALID_CREDENTIALS_MESSAGE = 'Email or password is incorrect';

export function rateLimitedCode(retryAfterSeconds: number): string {
  return `${LOGIN_ERROR.rateLimitedPrefix}${Math.max(0, Math.round(retryAfterSeconds))}`;
}

/** The one line the login page shows for an error code; unknown codes read as bad credentials. */
export function loginErrorMessage(code: string): string {
  if (code.startsWith(LOGIN_ERROR.rateLimitedPrefix)) {
    const seconds = Number(code.slice(LOGIN_ERROR.rateLimitedPrefix.length));
    const minutes = Number.isFinite(seconds) ? Math.max(1, Math.ceil(seconds / 60)) : 1;
    return `Too many attempts, try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  }
  if (code === LOGIN_ERROR.unavailable) return 'Sign-in is unavailable right now. Try again in a moment.';
  if (code === LOGIN_ERROR.invalidInput) return 'Enter a valid email address and your password';
  return INVALID_CREDENTIALS_MESSAGE;
}
