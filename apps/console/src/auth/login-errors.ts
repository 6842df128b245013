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
  /** The account's hourly ceiling, which refuses places the account was never used from: not about "here". */
  accountLimitedPrefix: 'ACCOUNT_LIMITED_',
} as const;

export const INVALID_CREDENTIALS_MESSAGE = 'Email or password is incorrect';

export function rateLimitedCode(retryAfterSeconds: number, aboutTheAccount = false): string {
  const prefix = aboutTheAccount ? LOGIN_ERROR.accountLimitedPrefix : LOGIN_ERROR.rateLimitedPrefix;
  return `${prefix}${Math.max(0, Math.round(retryAfterSeconds))}`;
}

/** "8 seconds" from the number after a code's prefix, or "a minute" when there is none. */
function waitAfter(code: string, prefix: string): string {
  const seconds = Number(code.slice(prefix.length));
  return Number.isFinite(seconds) ? waitText(seconds) : 'a minute';
}

/** "8 seconds", "1 minute", "15 minutes": a short wait in seconds, a longer one in whole minutes (rounded up). */
function waitText(seconds: number): string {
  if (seconds < 90) {
    const whole = Math.max(1, Math.ceil(seconds));
    return `${whole} ${whole === 1 ? 'second' : 'seconds'}`;
  }
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}

/** The one line the login page shows for an error code; unknown codes read as bad credentials. */
export function loginErrorMessage(code: string): string {
  if (code.startsWith(LOGIN_ERROR.rateLimitedPrefix)) {
    const wait = waitAfter(code, LOGIN_ERROR.rateLimitedPrefix);
    return `Too many sign-in attempts from here. Wait ${wait}, then try again.`;
  }
  if (code.startsWith(LOGIN_ERROR.accountLimitedPrefix)) {
    const wait = waitAfter(code, LOGIN_ERROR.accountLimitedPrefix);
    return `This account drew too many failed sign-ins this hour, so sign-in from a new place waits ${wait}. From a place you signed in from before, it works now.`;
  }
  if (code === LOGIN_ERROR.unavailable) return 'Sign-in is unavailable right now. Try again in a moment.';
  if (code === LOGIN_ERROR.invalidInput) return 'Enter a valid email address and your password';
  return INVALID_CREDENTIALS_MESSAGE;
}
