import { describe, expect, it } from 'vitest';
import { INVALID_CREDENTIALS_MESSAGE, LOGIN_ERROR, loginErrorMessage, rateLimitedCode } from './login-errors';

describe('loginErrorMessage', () => {
  it('reads bad credentials and unknown codes as the same generic message', () => {
    expect(loginErrorMessage(LOGIN_ERROR.invalidCredentials)).toBe(INVALID_CREDENTIALS_MESSAGE);
    expect(loginErrorMessage('SomethingElse')).toBe(INVALID_CREDENTIALS_MESSAGE);
  });

  it('says how long to wait: seconds for a short backoff, whole minutes (rounded up) for a long one', () => {
    const message = (seconds: number) => loginErrorMessage(rateLimitedCode(seconds));
    expect(message(1)).toBe('Too many sign-in attempts from here. Wait 1 second, then try again.');
    expect(message(8)).toBe('Too many sign-in attempts from here. Wait 8 seconds, then try again.');
    expect(message(64)).toBe('Too many sign-in attempts from here. Wait 64 seconds, then try again.');
    expect(message(600)).toBe('Too many sign-in attempts from here. Wait 10 minutes, then try again.');
    expect(message(601)).toBe('Too many sign-in attempts from here. Wait 11 minutes, then try again.');
    expect(loginErrorMessage(`${LOGIN_ERROR.rateLimitedPrefix}x`)).toBe(
      'Too many sign-in attempts from here. Wait a minute, then try again.',
    );
  });

  it('says an account-wide refusal is about the account, not "here", and that a known place still works', () => {
    const message = loginErrorMessage(rateLimitedCode(2820, true));
    expect(message).not.toMatch(/from here/);
    expect(message).toBe(
      'This account drew too many failed sign-ins this hour, so sign-in from a new place waits 47 minutes. From a place you signed in from before, it works now.',
    );
  });
});
