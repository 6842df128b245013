import { describe, expect, it } from 'vitest';
import { INVALID_CREDENTIALS_MESSAGE, LOGIN_ERROR, loginErrorMessage, rateLimitedCode } from './login-errors';

describe('loginErrorMessage', () => {
  it('reads bad credentials and unknown codes as the same generic message', () => {
    expect(loginErrorMessage(LOGIN_ERROR.invalidCredentials)).toBe(INVALID_CREDENTIALS_MESSAGE);
    expect(loginErrorMessage('SomethingElse')).toBe(INVALID_CREDENTIALS_MESSAGE);
  });

  it('rounds the rate-limit wait up to whole minutes', () => {
    expect(loginErrorMessage(rateLimitedCode(600))).toBe('Too many attempts, try again in 10 minutes');
    expect(loginErrorMessage(rateLimitedCode(61))).toBe('Too many attempts, try again in 2 minutes');
    expect(loginErrorMessage(rateLimitedCode(5))).toBe('Too many attempts, try again in 1 minute');
  });
});
