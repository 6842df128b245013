import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { CLIENT_ADDRESS_HEADER, signClientAddress } from '@keten/contracts/console-channel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TEST_PASSWORD, TEST_SECRET, unreachableRedis } from '../../test/harness';
import { buildServer } from '../server';
import { RateLimitedError, login as signIn } from './auth.service';
import { LOGIN_LIMITS } from './login-throttle';
import { hashPassword } from './passwords';
import { decodeSessionToken, encodeSessionToken } from './session';

// A fresh address per attempt series: per-address counters live in the shared Redis for up to a day.
const randomAddress = () =>
  `10.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`;

describe('operator sign-in and sessions', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => api?.stop());

  /** As the console sends it: the client address its server saw, vouched for with the shared secret. */
  const login = (body: Record<string, unknown>, from = randomAddress()) =>
    api.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: body,
      headers: { [CLIENT_ADDRESS_HEADER]: signClientAddress(TEST_SECRET, from, String(body.email ?? '')) },
    });
  /** A request on socket address `socket` with exactly the headers given (the console's signature or not). */
  const directLogin = (body: Record<string, unknown>, socket: string, headers: Record<string, string> = {}) =>
    api.app.inject({ method: 'POST', url: '/auth/login', payload: body, remoteAddress: socket, headers });

  it('accepts the right password and records the sign-in time', async () => {
    const { email } = api.operators.NOC;
    const response = await login({ email: email.toUpperCase(), password: TEST_PASSWORD });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      id: api.operators.NOC.id,
      email,
      name: 'Test NOC',
      role: 'NOC',
      sessionVersion: 0,
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

  // Attempts fired together: the throttle counts each one before checking its password, so exactly the free
  // ones get through whatever the timing, and no wait can lapse between them.
  const statuses = (answers: { statusCode: number }[]) => answers.map((a) => a.statusCode).sort();
  const free = LOGIN_LIMITS.freeFailuresPerAddress;

  it('slows a guesser on their own address only: the owner still signs in from theirs', async () => {
    const { email } = api.operators.CONTENT;
    const attacker = randomAddress();
    const answers = await Promise.all(
      Array.from({ length: free + 3 }, (_, i) => login({ email, password: `wrong-${i}` }, attacker)),
    );
    expect(statuses(answers)).toEqual([...Array(free).fill(401), 429, 429, 429]);
    const slowed = answers.find((a) => a.statusCode === 429);
    expect(Number(slowed?.headers['retry-after'])).toBe(1);
    expect(slowed?.json()).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 1,
      limit: 'account-address',
    });
    expect(slowed?.json().message).toBe('Too many failed sign-in attempts; try again in 1 second.');
    expect((await login({ email, password: TEST_PASSWORD }, randomAddress())).statusCode).toBe(200);
  });

  it("a sprayer on the owner's address (one NAT) cannot lock the owner out: the per-address limit spares them", async () => {
    const owner = await api.prisma.operator.create({
      data: {
        email: `nat-owner-${randomUUID()}@test.keten`,
        name: 'NAT owner',
        role: 'NOC',
        passwordHash: await hashPassword(TEST_PASSWORD),
      },
    });
    const shared = randomAddress();
    expect((await login({ email: owner.email, password: TEST_PASSWORD }, shared)).statusCode).toBe(200);
    for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) {
      const email = `sprayed-${i}-${randomUUID()}@test.keten`;
      expect((await login({ email, password: 'guess' }, shared)).statusCode).toBe(401);
    }
    // The address is spent for every account that never signed in from it…
    const stranger = await login({ email: api.operators.PRODUCT.email, password: TEST_PASSWORD }, shared);
    expect(stranger.statusCode).toBe(429);
    // …but the owner, who did, still gets in from there.
    expect((await login({ email: owner.email, password: TEST_PASSWORD }, shared)).statusCode).toBe(200);
  });

  it('refuses every caller but the console with 403 before any password is checked, and counts nothing', async () => {
    const { email } = api.operators.NOC;
    const socket = randomAddress();
    const claimed = randomAddress();
    const notTheConsole: Record<string, string>[] = [
      {},
      { 'x-forwarded-for': claimed },
      { [CLIENT_ADDRESS_HEADER]: signClientAddress(`${TEST_SECRET}-forged`, claimed, email) },
      { [CLIENT_ADDRESS_HEADER]: signClientAddress(TEST_SECRET, claimed, 'someone-else@test.keten') },
      { [CLIENT_ADDRESS_HEADER]: signClientAddress(TEST_SECRET, claimed, email, Date.now() - 120_000) },
      { [CLIENT_ADDRESS_HEADER]: claimed },
    ];
    for (const headers of notTheConsole) {
      // The right password too: a refused caller learns nothing about it.
      const answer = await directLogin({ email, password: TEST_PASSWORD, ip: claimed }, socket, headers);
      expect(answer.statusCode, JSON.stringify(headers)).toBe(403);
      expect(answer.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(answer.json()).toMatchObject({ code: 'CONSOLE_ONLY', field: CLIENT_ADDRESS_HEADER });
    }
    expect((await directLogin({ email, password: 'x' }, socket)).json().message).toBe(
      `Operators sign in through the Keten console; this request is not from it: it carries no ${CLIENT_ADDRESS_HEADER} header.`,
    );
    // None of them counted: the console's next attempts from those addresses get the whole allowance.
    for (const from of [socket, claimed]) {
      const answers = await Promise.all(
        Array.from({ length: free }, () => login({ email, password: 'wrong' }, from)),
      );
      expect(statuses(answers)).toEqual(Array(free).fill(401));
    }
  });

  it("keys a sign-in the console could not place on the console's own address", async () => {
    const email = `nobody-${randomUUID()}@test.keten`;
    const consoleSocket = randomAddress();
    const unplaced = { [CLIENT_ADDRESS_HEADER]: signClientAddress(TEST_SECRET, null, email) };
    const answers = await Promise.all(
      Array.from({ length: free + 1 }, () => directLogin({ email, password: 'x' }, consoleSocket, unplaced)),
    );
    expect(statuses(answers)).toEqual([...Array(free).fill(401), 429]);
    expect((await directLogin({ email, password: 'x' }, randomAddress(), unplaced)).statusCode).toBe(401);
  });

  it('logs a console address header it refuses, saying why (secret or clock apart)', async () => {
    const lines: Record<string, unknown>[] = [];
    const logged = await buildServer(api.deps, {
      logger: {
        level: 'warn',
        stream: new Writable({
          write(chunk, _encoding, done) {
            for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
            done();
          },
        }),
      },
    });
    try {
      const email = `nobody-${randomUUID()}@test.keten`;
      const attempt = (headers: Record<string, string>) =>
        logged.inject({ method: 'POST', url: '/auth/login', payload: { email, password: 'x' }, headers });
      await attempt({ [CLIENT_ADDRESS_HEADER]: signClientAddress(TEST_SECRET, randomAddress(), email) });
      expect(lines).toEqual([]);
      await attempt({
        [CLIENT_ADDRESS_HEADER]: signClientAddress(`${TEST_SECRET}-console`, '203.0.113.9', email),
      });
      await attempt({
        [CLIENT_ADDRESS_HEADER]: signClientAddress(TEST_SECRET, '203.0.113.9', email, Date.now() - 120_000),
      });
      expect(lines.map((line) => line.reason)).toEqual(['forged', 'stale']);
      // The route refuses both (403, CONSOLE_ONLY); the log says why, for the operator who set up the secret.
      expect(String(lines[0]?.msg)).toContain('NEXTAUTH_SECRET');
      expect(String(lines[1]?.msg)).toContain('clock');
    } finally {
      await logged.close();
    }
  });

  it('writes an alert-worthy audit entry once an account draws 50 failures in an hour', async () => {
    const operator = await api.prisma.operator.create({
      data: {
        email: `target-${randomUUID()}@test.keten`,
        name: 'Target',
        role: 'NOC',
        passwordHash: await hashPassword(TEST_PASSWORD),
      },
    });
    const addresses = Array.from({ length: LOGIN_LIMITS.accountAttackThreshold / free }, randomAddress);
    for (const from of addresses) {
      for (let i = 0; i < free; i++) {
        expect((await login({ email: operator.email, password: 'guess' }, from)).statusCode).toBe(401);
      }
    }
    const entries = await api.prisma.auditEntry.findMany({
      where: { entityId: operator.id, action: 'operator.login-attack' },
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorId: null,
      actorEmail: 'system:login-throttle',
      entityType: 'Operator',
      ip: addresses.at(-1),
      after: { failedSignInsThisHour: 50, addresses: 10, ceilingReached: false },
    });
    // Under the ceiling nobody is refused for the attack itself: the owner signs in from anywhere.
    expect((await login({ email: operator.email, password: TEST_PASSWORD })).statusCode).toBe(200);
  });

  it('audits an attack once per window at each line, though a correct password takes a failure back', async () => {
    const limits = { ...LOGIN_LIMITS, accountAttackThreshold: 4, accountCeiling: 8 };
    const operator = await api.prisma.operator.create({
      data: {
        email: `lines-${randomUUID()}@test.keten`,
        name: 'Lines',
        role: 'NOC',
        passwordHash: await hashPassword(TEST_PASSWORD),
      },
    });
    const attempt = (password: string, from = randomAddress()) =>
      signIn(api.deps, { email: operator.email, password }, from, limits).then(
        () => 'in',
        (error: unknown) => error,
      );
    const audited = () =>
      api.prisma.auditEntry.findMany({
        where: { entityId: operator.id, action: 'operator.login-attack' },
        orderBy: { at: 'asc' },
      });
    const owner = randomAddress();
    expect(await attempt(TEST_PASSWORD, owner)).toBe('in');
    let failures = 0;
    for (const line of [limits.accountAttackThreshold, limits.accountCeiling]) {
      for (; failures < line - 2; failures++) await attempt('guess');
      // The owner's sign-in is counted while its password is checked, and a guess crosses the line meanwhile;
      // the owner's success then takes its attempt back, so the next guess reaches the same line again.
      expect(await Promise.all([attempt(TEST_PASSWORD, owner), attempt('guess')])).toContain('in');
      await attempt('guess');
      failures += 2;
    }
    const entries = await audited();
    expect(entries.map((entry) => (entry.after as { ceilingReached: boolean }).ceilingReached)).toEqual([
      false,
      true,
    ]);
    // Past the ceiling a new place is refused for the account's sake, and told so; the owner's place works.
    const refused = await attempt('guess');
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).limit).toBe('account');
    expect((refused as RateLimitedError).message).toMatch(
      /^This account drew too many failed sign-ins this hour/,
    );
    expect(await attempt(TEST_PASSWORD, owner)).toBe('in');
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

  describe('ending sessions', () => {
    const cookie = (token: string) => `next-auth.session-token=${token}`;
    const me = (token: string) => api.trpc('me.get', undefined, { cookie: cookie(token) });
    const newOperator = async (role: 'ADMIN' | 'NOC') =>
      api.prisma.operator.create({
        data: {
          email: `${role.toLowerCase()}-${randomUUID()}@test.keten`,
          name: `Session ${role}`,
          role,
          passwordHash: await hashPassword(TEST_PASSWORD),
        },
      });
    const update = (input: Record<string, unknown>) =>
      api.trpc('operators.update', input, { role: 'ADMIN', kind: 'mutation' });

    it('sign-out refuses every copy of the session from the next request on, renewed ones included', async () => {
      const { id } = api.operators.SUPPORT;
      const sid = randomUUID();
      const signedIn = await encodeSessionToken({ sub: id, sid }, TEST_SECRET);
      // next-auth re-encrypts the cookie when the session is read: a new jti and expiry, the same sid.
      const renewed = await encodeSessionToken({ sub: id, sid }, TEST_SECRET);
      const otherSession = await encodeSessionToken({ sub: id }, TEST_SECRET);
      expect((await me(signedIn)).status).toBe(200);

      const out = await api.app.inject({
        method: 'POST',
        url: '/auth/sign-out',
        headers: { cookie: cookie(renewed) },
      });
      expect(out.statusCode).toBe(204);
      expect((await me(signedIn)).status).toBe(401);
      expect((await me(renewed)).status).toBe(401);
      expect((await me(otherSession)).status).toBe(200);
      // Without a live session there is nothing to end, and nothing to tell.
      const empty = await api.app.inject({ method: 'POST', url: '/auth/sign-out' });
      expect(empty.statusCode).toBe(204);
    });

    it('with Redis down, sessions are still checked and sign-out still ends them (they live in PostgreSQL)', async () => {
      const redis = await unreachableRedis();
      const down = await buildServer({ ...api.deps, redis });
      try {
        const { id } = api.operators.NOC;
        const session = await encodeSessionToken({ sub: id }, TEST_SECRET);
        const meOn = (app: typeof down) =>
          app.inject({ method: 'GET', url: '/trpc/me.get', headers: { cookie: cookie(session) } });
        expect((await meOn(down)).statusCode).toBe(200);
        const out = await down.inject({
          method: 'POST',
          url: '/auth/sign-out',
          headers: { cookie: cookie(session) },
        });
        expect(out.statusCode).toBe(204);
        expect((await meOn(down)).statusCode).toBe(401);
        // The other replica, with a working Redis, refuses it too: nothing about it was (or needed to be) in Redis.
        expect((await meOn(api.app)).statusCode).toBe(401);
      } finally {
        await down.close();
        redis.disconnect();
      }
    });

    it('keeps a revocation until the session could no longer be used anyway, then prunes it', async () => {
      const { id } = api.operators.NOC;
      const now = Math.floor(Date.now() / 1000);
      const ending = await encodeSessionToken({ sub: id, sessionEndsAt: now + 3600 }, TEST_SECRET);
      const sid = String((await decodeSessionToken(ending, TEST_SECRET))?.sid);
      const signOut = (token: string) =>
        api.app.inject({ method: 'POST', url: '/auth/sign-out', headers: { cookie: cookie(token) } });
      expect((await signOut(ending)).statusCode).toBe(204);
      const row = await api.prisma.revokedSession.findUniqueOrThrow({ where: { sessionId: sid } });
      expect(row.expiresAt.getTime()).toBe((now + 3600) * 1000 + 60_000);
      // A row whose session ended is pruned by the next sign-out.
      await api.prisma.revokedSession.update({
        where: { sessionId: sid },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      expect((await signOut(await encodeSessionToken({ sub: id }, TEST_SECRET))).statusCode).toBe(204);
      expect(await api.prisma.revokedSession.findUnique({ where: { sessionId: sid } })).toBeNull();
    });

    it('disabling ends every session of the operator, and re-enabling does not bring them back', async () => {
      const operator = await newOperator('NOC');
      const before = await encodeSessionToken({ sub: operator.id }, TEST_SECRET);
      expect((await me(before)).status).toBe(200);
      expect((await update({ id: operator.id, disabled: true })).status).toBe(200);
      expect((await me(before)).status).toBe(401);
      expect((await update({ id: operator.id, disabled: false })).status).toBe(200);
      expect((await me(before)).status).toBe(401);

      const signIn = await login({ email: operator.email, password: TEST_PASSWORD });
      expect(signIn.json()).toMatchObject({ id: operator.id, sessionVersion: 1 });
      const after = await encodeSessionToken(
        { sub: operator.id, sv: signIn.json().sessionVersion },
        TEST_SECRET,
      );
      expect((await me(after)).status).toBe(200);
    });

    it('a role change applies to the running session on its next request', async () => {
      const operator = await newOperator('ADMIN');
      const session = await encodeSessionToken({ sub: operator.id }, TEST_SECRET);
      expect((await api.trpc('operators.list', undefined, { cookie: cookie(session) })).status).toBe(200);
      expect((await update({ id: operator.id, role: 'NOC' })).status).toBe(200);
      const list = await api.trpc('operators.list', undefined, { cookie: cookie(session) });
      expect(list.status).toBe(403);
      expect((await me(session)).body.result?.data.json).toMatchObject({ id: operator.id, role: 'NOC' });
    });

    it('refuses a session past its 8-hour end, however fresh its cookie, and one without a session id', async () => {
      const { id } = api.operators.NOC;
      const now = Math.floor(Date.now() / 1000);
      const ended = await encodeSessionToken({ sub: id, sessionEndsAt: now - 60 }, TEST_SECRET);
      expect((await me(ended)).status).toBe(401);
      const noSid = await encodeSessionToken({ sub: id, sid: '' }, TEST_SECRET);
      expect((await me(noSid)).status).toBe(401);
      const noVersion = await encodeSessionToken({ sub: id, sv: undefined }, TEST_SECRET);
      expect((await me(noVersion)).status).toBe(401);
    });
  });
});
