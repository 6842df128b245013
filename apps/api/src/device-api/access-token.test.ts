import { afterEach, describe, expect, it, vi } from 'vitest';
import { signAccessToken, verifyAccessToken } from './access-token';

const SECRET = 'access-token-unit-secret-0123456789abcdef';
const CLAIMS = {
  deviceId: 'device-1',
  subscriberId: 'subscriber-1',
  boxModel: 'amino-a140',
  firmware: '4.4.0',
  tokenVersion: 3,
  family: 'family-1',
};
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: { code?: string }) => error.code,
  );

afterEach(() => {
  vi.useRealTimers();
});

describe('verifyAccessToken remembers a verified token only while it would verify', () => {
  it('refuses a remembered token once its lifetime (and the 5 s tolerance) is over', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const issued = new Date('2026-12-03T12:00:00Z');
    vi.setSystemTime(issued);
    const token = await signAccessToken(CLAIMS, SECRET, issued);
    expect(await verifyAccessToken(token, SECRET)).toEqual(CLAIMS);
    vi.setSystemTime(new Date(issued.getTime() + 15 * 60_000 + 4_000));
    expect(await verifyAccessToken(token, SECRET)).toEqual(CLAIMS);
    vi.setSystemTime(new Date(issued.getTime() + 15 * 60_000 + 6_000));
    expect(await codeOf(verifyAccessToken(token, SECRET))).toBe('TOKEN_EXPIRED');
  });

  it('does not accept a remembered token under another secret', async () => {
    const token = await signAccessToken(CLAIMS, SECRET);
    expect(await verifyAccessToken(token, SECRET)).toEqual(CLAIMS);
    expect(await codeOf(verifyAccessToken(token, `${SECRET}-rotated`))).toBe('TOKEN_INVALID');
  });
});
