import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newSession, signIn } from './browser';
import { e2eEnv } from './env';

// Pages with client charts (Recharts), tables, forms and inline styles; each must hydrate under the CSP.
const PAGES = [
  '/',
  '/channels',
  '/subscribers',
  '/devices',
  '/jobs',
  '/schedule',
  '/profiles',
  '/audit',
  '/operators',
];

const nonceOf = (csp: string) => /'nonce-([^']+)'/.exec(csp)?.[1];

/** Console messages Chromium writes for a refused script, style, frame or policy header. */
const isPolicyMessage = (text: string) => /Content Security Policy|Permissions-Policy|Refused to/i.test(text);

function recordPolicyMessages(page: Page): string[] {
  const messages: string[] = [];
  page.on('console', (message) => {
    if (isPolicyMessage(message.text())) messages.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => messages.push(`${page.url()}: ${error.message}`));
  return messages;
}

describe('console security headers', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('sends a per-request nonce CSP, frame-ancestors none and the other headers; every script carries the nonce', async () => {
    const context = await newSession(browser);
    const [first, second] = [await context.request.get('/login'), await context.request.get('/login')];
    const headers = first.headers();
    const csp = headers['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'(;|$)/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(headers['permissions-policy']).toContain('camera=()');
    const nonce = nonceOf(csp);
    expect(nonceOf(second.headers()['content-security-policy'] ?? '')).not.toBe(nonce);
    const scripts = (await first.text()).match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`))).toEqual([]);
    // Build assets skip the proxy but keep nosniff.
    const asset = /src="(\/_next\/static\/[^"]+\.js)"/.exec(await first.text())?.[1];
    expect((await context.request.get(asset ?? '')).headers()['x-content-type-options']).toBe('nosniff');
    await context.close();
  });

  it('signs in and renders every page with no CSP or policy violation in the console', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    const messages = recordPolicyMessages(page);
    // Signing in is itself the hydration check: without its scripts the form would not call next-auth.
    await signIn(page, 'admin@keten.demo', e2eEnv.DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/');
    for (const path of PAGES) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      expect(nonceOf(response?.headers()['content-security-policy'] ?? ''), path).toBeTruthy();
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForLoadState('networkidle');
    }
    expect(messages).toEqual([]);
    await context.close();
  });

  it('cannot be framed by another site', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    const messages = recordPolicyMessages(page);
    await page.setContent(`<iframe src="${e2eEnv.CONSOLE_URL}/login" width="400" height="300"></iframe>`);
    const deadline = Date.now() + 10_000;
    while (!messages.some((m) => /frame-ancestors|X-Frame-Options/i.test(m)) && Date.now() < deadline)
      await page.waitForTimeout(100);
    expect(messages.some((m) => /frame-ancestors|X-Frame-Options/i.test(m))).toBe(true);
    expect(await page.frames()[1]?.locator('form').count()).toBeFalsy();
    await context.close();
  });
});
