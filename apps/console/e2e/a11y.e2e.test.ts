import { ROLES, type TRole } from '@keten/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeNavHref, navItemsFor } from '../src/navigation';
import { axeFindings, formatFindings, type TA11yFinding } from './axe';
import { launchChromium, newSession, signIn } from './browser';
import { e2eEnv } from './env';

const EMAIL: Record<TRole, string> = {
  ADMIN: 'admin@keten.demo',
  NOC: 'noc@keten.demo',
  CONTENT: 'content@keten.demo',
  SUPPORT: 'support@keten.demo',
  PRODUCT: 'product@keten.demo',
};

/** Links followed from a nav page (a list's row to its detail), and once more from there (a channel to its health). */
const MAX_DEPTH = 2;
const SETTLE_TIMEOUT = 20_000;
/** Pages checked at once per role: loading one page overlaps with axe reading another. */
const TABS = 3;

/** The shape of a path: record ids become ":id", so one channel stands for all channels. */
function pageShape(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => (segment.length >= 16 && /\d/.test(segment) ? ':id' : segment))
    .join('/');
}

/** Waits (bounded) until the page's data has arrived: no pulsing skeleton (the kit's loading state), no busy button. */
async function settled(page: Page, where: string): Promise<void> {
  try {
    await page.waitForFunction(
      () => document.querySelector('main') && !document.querySelector('[aria-busy="true"], .animate-pulse'),
      undefined,
      { timeout: SETTLE_TIMEOUT, polling: 100 },
    );
  } catch {
    throw new Error(`${where}: still loading after ${SETTLE_TIMEOUT / 1000} s`);
  }
}

/**
 * Inside the console, navigates as a click on a link does (Next's client router): the shell and the injected
 * axe stay, which roughly halves the browser's work per page. Elsewhere (a fresh tab, the login page) it loads.
 */
async function open(page: Page, path: string, where: string): Promise<void> {
  const pushed = await page.evaluate((target) => {
    // Next exposes its app router as window.next.router; the console's own links call the same push.
    const router = (window as { next?: { router?: { push(href: string): void } } }).next?.router;
    if (!router || !document.querySelector('nav[aria-label="Main"]')) return false;
    router.push(target);
    return true;
  }, path);
  if (pushed) {
    await page.waitForURL((url) => `${url.pathname}${url.search}` === path, { timeout: SETTLE_TIMEOUT });
    return;
  }
  const response = await page.goto(path);
  expect(response?.status(), `${where}: HTTP status`).toBeLessThan(500);
}

async function check(page: Page, path: string, where: string): Promise<TA11yFinding[]> {
  await open(page, path, where);
  await settled(page, where);
  // A page that threw shows the console's error boundary instead of itself: that is not the page to check.
  expect(await page.getByText('This page failed to load').count(), `${where}: the page failed`).toBe(0);
  return axeFindings(page, where);
}

/** Same-origin links in the page's main region to pages this role may open, with their shape. */
async function consoleLinks(page: Page, role: TRole): Promise<{ path: string; shape: string }[]> {
  const hrefs = await page
    .locator('main a[href]:not([download])')
    .evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href));
  const origin = new URL(e2eEnv.CONSOLE_URL).origin;
  return hrefs
    .map((href) => new URL(href))
    .filter((url) => url.origin === origin && activeNavHref(url.pathname, role) !== undefined)
    .map((url) => ({ path: `${url.pathname}${url.search}`, shape: pageShape(url.pathname) }));
}

/** Runs `work` over the items with one tab each, a tab taking the next item when it is done. */
async function inTabs<T>(
  tabs: readonly Page[],
  items: readonly T[],
  work: (tab: Page, item: T) => Promise<void>,
) {
  const queue = [...items];
  await Promise.all(
    tabs.map(async (tab) => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(tab, item);
    }),
  );
}

/**
 * Every page the role's navigation lists, then every page those link to (a list's detail pages, a detail's
 * sub-pages), one per shape: a page added to the navigation or linked from a list is checked without a new test.
 */
async function crawl(
  tabs: readonly Page[],
  role: TRole,
): Promise<{ shapes: string[]; findings: TA11yFinding[] }> {
  let level = navItemsFor(role).map((item): string => item.href);
  const shapes = new Set(level.map(pageShape));
  const findings: TA11yFinding[] = [];
  for (let depth = 0; level.length > 0; depth++) {
    const next: string[] = [];
    await inTabs(tabs, level, async (tab, path) => {
      findings.push(...(await check(tab, path, `${role} ${path}`)));
      if (depth >= MAX_DEPTH) return;
      for (const link of await consoleLinks(tab, role)) {
        if (shapes.has(link.shape)) continue;
        shapes.add(link.shape);
        next.push(link.path);
      }
    });
    level = next;
  }
  return { shapes: [...shapes].sort(), findings };
}

describe('accessibility (axe-core, WCAG 2.x A and AA): no serious or critical violation on any page', () => {
  let browser: Browser;
  const sessions = new Map<TRole, { context: BrowserContext; tabs: Page[] }>();
  const crawled = new Map<TRole, string[]>();

  /** One sign-in per role; its tabs share the session and are reused by every check of that role. */
  async function tabsAs(role: TRole): Promise<Page[]> {
    const known = sessions.get(role);
    if (known) return known.tabs;
    const context = await newSession(browser);
    const first = await context.newPage();
    await signIn(first, EMAIL[role], e2eEnv.DEMO_PASSWORD);
    await first.getByRole('navigation', { name: 'Main' }).waitFor();
    const tabs = [first];
    while (tabs.length < TABS) tabs.push(await context.newPage());
    sessions.set(role, { context, tabs });
    return tabs;
  }

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const { context } of sessions.values()) await context.close();
    await browser?.close();
  });

  it('the login page, blank and after a failed sign-in', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    const findings = [
      ...(await check(page, '/login', 'signed out /login')),
      ...(await check(page, '/login?error=CredentialsSignin', 'signed out /login with an error')),
    ];
    await context.close();
    expect(findings.length, formatFindings(findings)).toBe(0);
  });

  for (const role of ROLES) {
    it(`${role}: every page in its navigation and every kind of page they link to`, async () => {
      const { shapes, findings } = await crawl(await tabsAs(role), role);
      console.log(`${role}: ${shapes.length} pages checked: ${shapes.join(' ')}`);
      expect(findings.length, formatFindings(findings)).toBe(0);
      // The crawl reached the detail pages, not only the lists.
      if (role === 'ADMIN')
        expect(shapes).toEqual(
          expect.arrayContaining([
            '/channels/:id',
            '/channels/:id/health',
            '/subscribers/:id',
            '/devices/:id',
            '/packages/:id',
          ]),
        );
      if (role === 'NOC') expect(shapes).toContain('/channels/:id/health');
      // ADMIN opens every page, so its crawl must have met every page another role met (a page checked before
      // its content arrived would have hidden its links).
      crawled.set(role, shapes);
      const admin = crawled.get('ADMIN');
      if (role !== 'ADMIN' && admin) expect(admin).toEqual(expect.arrayContaining(shapes));
    }, 120_000);
  }

  it('pages in their empty, error, not-found, not-permitted and invalid-input states, and their other views', async () => {
    const tabs = await tabsAs('ADMIN');
    const findings: TA11yFinding[] = [];
    const states: [string, string][] = [
      ['/support?q=x', 'a search too short (a field with its error)'],
      ['/support?q=zz-no-such-subscriber-zz', 'a search without results'],
      ['/channels/no-such-channel', 'a channel that does not exist'],
      ['/no-such-page', 'an unknown section'],
      ['/no/such/page', 'an unknown path'],
      // Views a page keeps in its URL that the crawl's links do not open.
      ['/schedule?view=week', 'one channel’s week'],
      ['/schedule?view=list', 'one channel’s day as a list'],
      [
        '/qoe?from=2026-12-01T09:00:00.000Z&to=2026-12-01T11:30:00.000Z',
        'a custom range, its date fields open',
      ],
    ];
    await inTabs(tabs, states, async (tab, [path, state]) => {
      findings.push(...(await check(tab, path, `ADMIN ${path} (${state})`)));
    });
    const [noc] = await tabsAs('NOC');
    if (noc)
      findings.push(...(await check(noc, '/operators', 'NOC /operators (a page the role may not open)')));
    expect(findings.length, formatFindings(findings)).toBe(0);
  });
});
