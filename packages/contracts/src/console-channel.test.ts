import { describe, expect, it } from 'vitest';
import { CLIENT_ADDRESS_MAX_SKEW_SECONDS, signClientAddress, verifyClientAddress } from './console-channel';

const SECRET = 'a-console-secret-that-is-at-least-32-characters';
const NOW = Date.UTC(2026, 11, 3, 12);

describe('the console-signed client address', () => {
  it('is believed for the same email (case and spaces aside), at about the same time', () => {
    const header = signClientAddress(SECRET, '203.0.113.7', 'Admin@Keten.demo ', NOW);
    expect(verifyClientAddress(SECRET, header, 'admin@keten.demo', NOW + 30_000)).toBe('203.0.113.7');
    const v6 = signClientAddress(SECRET, '2001:db8::1', 'admin@keten.demo', NOW);
    expect(verifyClientAddress(SECRET, v6, 'admin@keten.demo', NOW)).toBe('2001:db8::1');
  });

  it('is refused with another email, address, secret or time, and when malformed', () => {
    const header = signClientAddress(SECRET, '203.0.113.7', 'admin@keten.demo', NOW);
    expect(verifyClientAddress(SECRET, header, 'noc@keten.demo', NOW)).toBeNull();
    expect(
      verifyClientAddress(SECRET, header.replace('203.0.113.7', '203.0.113.8'), 'admin@keten.demo', NOW),
    ).toBeNull();
    expect(verifyClientAddress(`${SECRET}-other`, header, 'admin@keten.demo', NOW)).toBeNull();
    const late = NOW + (CLIENT_ADDRESS_MAX_SKEW_SECONDS + 1) * 1000;
    expect(verifyClientAddress(SECRET, header, 'admin@keten.demo', late)).toBeNull();
    const forged = signClientAddress(SECRET, 'not-an-address', 'admin@keten.demo', NOW);
    expect(verifyClientAddress(SECRET, forged, 'admin@keten.demo', NOW)).toBeNull();
    expect(verifyClientAddress(SECRET, undefined, 'admin@keten.demo', NOW)).toBeNull();
    expect(verifyClientAddress(SECRET, [header, header], 'admin@keten.demo', NOW)).toBeNull();
    expect(verifyClientAddress(SECRET, '203.0.113.7', 'admin@keten.demo', NOW)).toBeNull();
  });
});
