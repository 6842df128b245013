import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { e2eEnv } from './env';

// Debian's chromium as root needs --no-sandbox; the rest keeps it offline and quiet. Playwright gives each launch a fresh profile.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: e2eEnv.CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A fresh context (no cookies) with a desktop viewport and the console as base URL. */
export function newSession(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ baseURL: e2eEnv.CONSOLE_URL, viewport: { width: 1440, height: 900 } });
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/login');
}

/**
 * Whether an element is wholly on screen without scrolling sideways: inside the viewport and inside every
 * ancestor that clips it (a table's scroll box), and the page itself does not scroll horizontally.
 */
export function seenWithoutSideScroll(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const page = document.documentElement;
    if (page.scrollWidth > page.clientWidth) return false;
    const { left, right } = element.getBoundingClientRect();
    if (left < 0 || right > page.clientWidth) return false;
    for (let box = element.parentElement; box; box = box.parentElement) {
      if (getComputedStyle(box).overflowX === 'visible') continue;
      const clip = box.getBoundingClientRect();
      if (left < clip.left || right > clip.right) return false;
    }
    return true;
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(e2eEnv.E2E_ARTIFACTS_DIR, { recursive: true });
  const path = join(e2eEnv.E2E_ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
