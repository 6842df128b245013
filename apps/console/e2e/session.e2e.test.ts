import http from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newSession, signIn, signOut } from './browser';
import { e2eEnv } from './env';

describe('sessions and sign-in abuse', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('signing out ends the session for every copy of its cookie: /trpc answers 401, pages go to /login', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await signIn(page, 'support@keten.demo', e2eEnv.DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    const copied = await context.cookies();
    const cookieHeader = copied.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
    const me = () => fetch(`${e2eEnv.CONSOLE_URL}/trpc/me.get`, { headers: { cookie: cookieHeader } });
    expect((await me()).status).toBe(200);

    await signOut(page);
    expect((await me()).status).toBe(401);
    // Another browser holding the copy is treated as signed out by the console's own pages too.
    const thief = await newSession(browser);
    await thief.addCookies(copied);
    const thiefPage = await thief.newPage();
    await thiefPage.goto('/support');
    await thiefPage.waitForURL((url) => url.pathname === '/login');
    await thief.close();
    await context.close();
  });

  it('a guesser on another address, whatever X-Forwarded-For it writes, is slowed; the owner signs in', async () => {
    const email = 'product@keten.demo';
    // The attacker connects from 127.0.0.2 (all of 127/8 is this machine) and claims the owner's address.
    const attacker = (claimed: string, password: string) => signInFrom('127.0.0.2', claimed, email, password);
    for (let i = 0; i < 5; i++) expect(await attacker('127.0.0.1', `wrong-${i}`)).toBe('CredentialsSignin');
    // The sixth is slowed although it claims yet another address: the console keyed it on its real peer.
    expect(await attacker(`198.51.100.${Date.now() % 250}`, 'wrong-5')).toMatch(/^RATE_LIMITED_\d+$/);
    // The owner, really on 127.0.0.1, is not slowed by any of it.
    expect(await signInFrom('127.0.0.1', '', email, e2eEnv.DEMO_PASSWORD)).toBeNull();
  });
});

/** Raw HTTP from a chosen local address (fetch cannot bind one): status, Set-Cookie and body. */
function requestFrom(
  localAddress: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  return new Promise<{ status: number; cookies: string[]; body: string }>((resolve, reject) => {
    const request = http.request(
      new URL(path, e2eEnv.CONSOLE_URL),
      { method: init.method ?? 'GET', headers: init.headers, localAddress },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, cookies: response.headers['set-cookie'] ?? [], body }),
        );
      },
    );
    request.on('error', reject);
    request.end(init.body);
  });
}

/** One sign-in through next-auth's credentials endpoint, as the login form does; the error code, or null when signed in. */
async function signInFrom(localAddress: string, forwardedFor: string, email: string, password: string) {
  const csrf = await requestFrom(localAddress, '/api/auth/csrf');
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const answer = await requestFrom(localAddress, '/api/auth/callback/credentials', {
    method: 'POST',
    headers: {
      cookie: csrf.cookies.map((cookie) => cookie.split(';')[0]).join('; '),
      'content-type': 'application/x-www-form-urlencoded',
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor, 'x-real-ip': forwardedFor } : {}),
    },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }).toString(),
  });
  const { url } = JSON.parse(answer.body) as { url: string };
  return new URL(url).searchParams.get('error');
}
