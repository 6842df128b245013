import { getServerSession } from 'next-auth';
import { decode, encode, type JWT } from 'next-auth/jwt';
import { afterEach, describe, expect, it } from 'vitest';
import { getAuthOptions, secondsLeft } from './options';

const SECRET = 'a-console-secret-that-is-at-least-32-characters';
const originalUrl = process.env.NEXTAUTH_URL;
afterEach(() => {
  process.env.NEXTAUTH_URL = originalUrl;
});

/**
 * Reads a session through next-auth with the console's options, as a page or /api/auth/session does, and
 * returns the Set-Cookie headers it answers with (next-auth renews the session cookie on every read).
 */
async function readSession(consoleUrl: string, cookieName: string, claims: JWT) {
  // next-auth takes its own origin from the environment, as in the running console.
  process.env.NEXTAUTH_URL = consoleUrl;
  const options = getAuthOptions({
    NEXTAUTH_SECRET: SECRET,
    NEXTAUTH_URL: consoleUrl,
    API_INTERNAL_URL: 'http://127.0.0.1:9',
  });
  const token = await encode({ token: claims, secret: SECRET, maxAge: 3600 });
  const sent = new Map<string, unknown>();
  const res = {
    getHeader: (name: string) => sent.get(name.toLowerCase()),
    setHeader: (name: string, value: unknown) => sent.set(name.toLowerCase(), value),
  };
  const req = { headers: {}, cookies: { [cookieName]: token } };
  const session = await getServerSession(req as never, res as never, options);
  const setCookie = (sent.get('set-cookie') as string[] | undefined) ?? [];
  return {
    session,
    sessionCookie: setCookie.find((cookie) => cookie.includes('session-token=')) ?? '',
    setCookie,
  };
}

const now = () => Math.floor(Date.now() / 1000);
const claims = (endsIn = 3600): JWT => ({
  sub: 'op-1',
  email: 'noc@keten.demo',
  name: 'NOC',
  role: 'NOC',
  sid: 'session-1',
  sv: 0,
  sessionEndsAt: now() + endsIn,
});

describe('the session cookie', () => {
  it('is __Secure- prefixed and Secure when NEXTAUTH_URL is https', async () => {
    const { session, sessionCookie, setCookie } = await readSession(
      'https://console.example.net',
      '__Secure-next-auth.session-token',
      claims(),
    );
    expect(session?.user).toMatchObject({ id: 'op-1', role: 'NOC' });
    expect(sessionCookie).toMatch(/^__Secure-next-auth\.session-token=/);
    expect(sessionCookie).toMatch(/; Secure/);
    expect(sessionCookie).toMatch(/; HttpOnly/);
    expect(sessionCookie).toMatch(/; SameSite=Lax/);
    // Its companions (CSRF token, callback URL) are Secure too.
    expect(setCookie.every((cookie) => cookie.includes('; Secure'))).toBe(true);
    // The plain name is not read behind https: a cookie planted over http cannot stand in for the session.
    expect(
      (await readSession('https://console.example.net', 'next-auth.session-token', claims())).session,
    ).toBeNull();
  });

  it('stays plain for the local demo on http://127.0.0.1', async () => {
    const { sessionCookie, setCookie } = await readSession(
      'http://127.0.0.1:3000',
      'next-auth.session-token',
      claims(),
    );
    expect(sessionCookie).toMatch(/^next-auth\.session-token=/);
    expect(setCookie.some((cookie) => cookie.includes('Secure'))).toBe(false);
  });

  it('keeps its session id and never outlives the end fixed at sign-in when renewed', async () => {
    const { sessionCookie } = await readSession(
      'http://127.0.0.1:3000',
      'next-auth.session-token',
      claims(100),
    );
    const renewed = await decode({ token: sessionCookie.split(';')[0]?.split('=')[1], secret: SECRET });
    expect(renewed).toMatchObject({ sid: 'session-1', sv: 0 });
    expect(Number(renewed?.exp)).toBeLessThanOrEqual(now() + 100);
    expect(Number(renewed?.exp)).toBeGreaterThan(now() + 90);
  });
});

describe('secondsLeft', () => {
  it('is the session maximum until the end is nearer, then the time to the end, never negative', () => {
    const at = Date.UTC(2026, 11, 3, 12);
    const end = at / 1000 + 600;
    expect(secondsLeft({ sessionEndsAt: end }, 8 * 3600, at)).toBe(600);
    expect(secondsLeft({ sessionEndsAt: end + 9 * 3600 }, 8 * 3600, at)).toBe(8 * 3600);
    expect(secondsLeft({ sessionEndsAt: end }, 8 * 3600, at + 700_000)).toBe(0);
    expect(secondsLeft({}, 8 * 3600, at)).toBe(8 * 3600);
  });
});
