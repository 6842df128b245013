import { describe, expect, it } from 'vitest';
import { CLIENT_ADDRESS_MAX_SKEW_SECONDS, checkClientAddress, signClientAddress } from './console-channel';

/** The address the header vouches for, or why it does not. */
const verdictOf = (...args: Parameters<typeof checkClientAddress>) => {
  const check = checkClientAddress(...args);
  return check.verdict === 'vouched' ? check.address : check.verdict === 'refused' ? check.reason : 'absent';
};

const SECRET = 'a-console-secret-that-is-at-least-32-characters';
const NOW = Date.UTC(2026, 11, 3, 12);

describe('the console-signed client address', () => {
  it('is believed for the same email (case and spaces aside), at about the same time', () => {
    const header = signClientAddress(SECRET, '203.0.113.7', 'Admin@Keten.demo ', NOW);
    expect(verdictOf(SECRET, header, 'admin@keten.demo', NOW + 30_000)).toBe('203.0.113.7');
    const v6 = signClientAddress(SECRET, '2001:db8::1', 'admin@keten.demo', NOW);
    expect(verdictOf(SECRET, v6, 'admin@keten.demo', NOW)).toBe('2001:db8::1');
  });

  it('lets the console vouch for a sign-in whose address it does not know', () => {
    const header = signClientAddress(SECRET, null, 'admin@keten.demo', NOW);
    expect(header).toMatch(/^unknown;t=/);
    expect(checkClientAddress(SECRET, header, 'admin@keten.demo', NOW)).toEqual({
      verdict: 'vouched',
      address: null,
    });
    expect(verdictOf(`${SECRET}-other`, header, 'admin@keten.demo', NOW)).toBe('forged');
  });

  it('is refused with another email, address, secret or time, and when malformed, saying which', () => {
    const header = signClientAddress(SECRET, '203.0.113.7', 'admin@keten.demo', NOW);
    expect(verdictOf(SECRET, header, 'noc@keten.demo', NOW)).toBe('forged');
    expect(verdictOf(SECRET, header.replace('203.0.113.7', '203.0.113.8'), 'admin@keten.demo', NOW)).toBe(
      'forged',
    );
    expect(verdictOf(`${SECRET}-other`, header, 'admin@keten.demo', NOW)).toBe('forged');
    const late = NOW + (CLIENT_ADDRESS_MAX_SKEW_SECONDS + 1) * 1000;
    expect(verdictOf(SECRET, header, 'admin@keten.demo', late)).toBe('stale');
    const forged = signClientAddress(SECRET, 'not-an-address', 'admin@keten.demo', NOW);
    expect(verdictOf(SECRET, forged, 'admin@keten.demo', NOW)).toBe('malformed');
    expect(verdictOf(SECRET, [header, header], 'admin@keten.demo', NOW)).toBe('malformed');
    expect(verdictOf(SECRET, '203.0.113.7', 'admin@keten.demo', NOW)).toBe('malformed');
    expect(verdictOf(SECRET, undefined, 'admin@keten.demo', NOW)).toBe('absent');
  });
});
