import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { addressBucket } from './client-address';
import { beginLoginAttempt, LOGIN_LIMITS, loginSucceeded } from './login-throttle';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
// Every key this file writes carries the run id, so the shared Redis is cleaned after and runs never meet.
const run = randomUUID().slice(0, 8);
const email = () => `throttle-${run}-${randomUUID().slice(0, 8)}@test.keten`;
const address = () => `test-${run}-${randomUUID().slice(0, 8)}`;
const T0 = Date.UTC(2026, 11, 3, 12);

afterAll(async () => {
  const keys = await redis.keys(`keten:login:*${run}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

/** `count` failed attempts that were allowed, all at `now`. */
async function fail(account: string, from: string, count: number, now = T0) {
  for (let i = 0; i < count; i++) {
    expect(await beginLoginAttempt(redis, account, from, now)).toMatchObject({ allowed: true });
  }
}

describe('sign-in throttling', () => {
  it('lets one address fail 5 times, then doubles its wait after each failure, up to 15 minutes', async () => {
    const account = email();
    const from = address();
    await fail(account, from, LOGIN_LIMITS.freeFailuresPerAddress);
    let now = T0;
    const waits: number[] = [];
    for (let k = 0; k < 12; k++) {
      const refused = await beginLoginAttempt(redis, account, from, now);
      expect(refused).toMatchObject({ allowed: false, limit: 'account-address' });
      const wait = refused.allowed ? 0 : refused.retryAfterMs;
      waits.push(wait / 1000);
      expect(await beginLoginAttempt(redis, account, from, now + wait - 1)).toMatchObject({ allowed: false });
      now += wait;
      expect(await beginLoginAttempt(redis, account, from, now)).toMatchObject({ allowed: true });
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]);
  });

  it("never slows the owner's address for failures from elsewhere, and a success forgets the address's own", async () => {
    const account = email();
    const attacker = address();
    const owner = address();
    await fail(account, attacker, LOGIN_LIMITS.freeFailuresPerAddress);
    expect(await beginLoginAttempt(redis, account, attacker, T0)).toMatchObject({ allowed: false });
    await fail(account, owner, LOGIN_LIMITS.freeFailuresPerAddress - 1);
    expect(await beginLoginAttempt(redis, account, owner, T0)).toMatchObject({ allowed: true });
    await loginSucceeded(redis, account, owner);
    await fail(account, owner, LOGIN_LIMITS.freeFailuresPerAddress);
  });

  it('stops one address after 30 failures in 15 minutes across accounts; other addresses go on', async () => {
    const sprayer = address();
    for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) await fail(email(), sprayer, 1);
    const refused = await beginLoginAttempt(redis, email(), sprayer);
    expect(refused).toMatchObject({ allowed: false, limit: 'address' });
    expect(refused.allowed ? 0 : refused.retryAfterMs).toBeLessThanOrEqual(15 * 60_000);
    await fail(email(), address(), 1);
  });

  it('spares an account that signed in from the address before: a sprayer behind its NAT cannot block it', async () => {
    const owner = email();
    const shared = address();
    await fail(owner, shared, 1);
    await loginSucceeded(redis, owner, shared);
    for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) await fail(email(), shared, 1);
    expect(await beginLoginAttempt(redis, email(), shared)).toMatchObject({
      allowed: false,
      limit: 'address',
    });
    expect(await beginLoginAttempt(redis, owner, shared)).toMatchObject({ allowed: true });
  });

  it('past 300 failures an hour on one account, refuses new addresses but lets known ones in', async () => {
    const account = email();
    const known = address();
    await fail(account, known, 1);
    await loginSucceeded(redis, account, known);
    const counts: number[] = [];
    const perAddress = LOGIN_LIMITS.freeFailuresPerAddress;
    for (let i = 0; i < LOGIN_LIMITS.accountCeiling / perAddress; i++) {
      const from = address();
      for (let j = 0; j < perAddress; j++) {
        const attempt = await beginLoginAttempt(redis, account, from);
        if (attempt.allowed) counts.push(attempt.accountFailures);
      }
    }
    expect(counts).toHaveLength(LOGIN_LIMITS.accountCeiling);
    expect(counts.filter((count) => count === LOGIN_LIMITS.accountAttackThreshold)).toHaveLength(1);
    const stranger = await beginLoginAttempt(redis, account, address());
    expect(stranger).toMatchObject({ allowed: false, limit: 'account' });
    expect(stranger.allowed ? 0 : stranger.retryAfterMs).toBeGreaterThan(59 * 60_000);
    expect(await beginLoginAttempt(redis, account, known)).toMatchObject({ allowed: true });
  });
});

describe('addressBucket', () => {
  it('counts IPv4 addresses one by one and IPv6 by /64', () => {
    expect(addressBucket('203.0.113.9')).toBe('203.0.113.9');
    expect(addressBucket('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressBucket('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:DB8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
    expect(addressBucket('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
    expect(addressBucket('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressBucket('not an address')).toBe('unknown');
  });
});
