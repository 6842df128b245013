import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TEST_PASSWORD, TEST_SECRET } from '../../test/harness';
import { LOGIN_LIMITS } from './auth.service';
import { encodeSessionToken } from './session';

describe('operator sign-in and sessions', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => api?.stop());

  // A fresh client address per test keeps the per-IP limit from leaking between tests.
  const login = (body: Record<string, unknown>) =>
    api.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { ip: `10.0.0.${Math.floor(Math.random() * 250)}`, ...body },
    });

  it('accepts the right password and records the sign-in time', async () => {
    const { email } = api.operators.NOC;
    const response = await login({ email: email.toUpperCase(), password: TEST_PASSWORD });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      id: api.operators.NOC.id,
      email,
      name: 'Test NOC',
      role: 'NOC',
    });
    expect(
      (await api.prisma.operator.findUnique({ where: { id: api.operators.NOC.id } }))?.lastLoginAt,
    ).toBeInstanceOf(Date);
  });

  it('answers a wrong password exactly as it answers an unknown user', async () => {
    const wrong = await login({ email: api.operators.SUPPORT.email, password: 'not the password' });
    const unknown = await login({ email: `nobody-${randomUUID()}@test.keten`, password: 'not the password' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json()).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      message: 'Email or password is incorrect.',
    });
  });

  it('refuses a disabled operator with the same answer', async () => {
    await api.prisma.operator.update({ where: { id: api.operators.PRODUCT.id }, data: { disabled: true } });
    const response = await login({ email: api.operators.PRODUCT.email, password: TEST_PASSWORD });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('INVALID_CREDENTIALS');
    await api.prisma.operator.update({ where: { id: api.operators.PRODUCT.id }, data: { disabled: false } });
  });

  it(`locks an email for a while after ${LOGIN_LIMITS.perEmail} failures, even with the right password`, async () => {
    const { email } = api.operators.CONTENT;
    for (let i = 0; i < LOGIN_LIMITS.perEmail; i++) {
      expect((await login({ email, password: `wrong-${i}` })).statusCode).toBe(401);
    }
    const locked = await login({ email, password: TEST_PASSWORD });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.json()).toMatchObject({ code: 'RATE_LIMITED' });
    await api.redis.del(`keten:login-failures:email:${email}`);
  });

  it('names the field of a malformed request', async () => {
    const response = await login({ password: 'x' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'INVALID_INPUT', field: 'email' });
  });

  it('reads the console session cookie, and refuses a tampered or foreign one', async () => {
    const ok = await api.trpc('me.get', undefined, { role: 'SUPPORT' });
    expect(ok.status).toBe(200);
    expect(ok.body.result?.data.json).toMatchObject({ email: api.operators.SUPPORT.email, role: 'SUPPORT' });

    const good = (await api.cookieFor('SUPPORT')).split('=')[1]!;
    const tampered = `${good.slice(0, -4)}AAAA`;
    expect(
      (await api.trpc('me.get', undefined, { cookie: `next-auth.session-token=${tampered}` })).status,
    ).toBe(401);

    const foreign = await encodeSessionToken({ sub: api.operators.SUPPORT.id }, `${TEST_SECRET}-other`);
    expect(
      (await api.trpc('me.get', undefined, { cookie: `next-auth.session-token=${foreign}` })).status,
    ).toBe(401);

    const expired = await encodeSessionToken({ sub: api.operators.SUPPORT.id }, TEST_SECRET, -3600);
    expect(
      (await api.trpc('me.get', undefined, { cookie: `next-auth.session-token=${expired}` })).status,
    ).toBe(401);
  });
});
