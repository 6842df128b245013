import type { TRole } from '@keten/contracts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newSession, screenshot, signIn, signOut } from './browser';
import { e2eEnv } from './env';

const GENERIC_LOGIN_ERROR = 'Email or password is incorrect';

const HOMES: Record<TRole, { email: string; heading: string; navLink: string }> = {
  NOC: { email: 'noc@keten.demo', heading: 'Network operations', navLink: 'Live QoE' },
  CONTENT: { email: 'content@keten.demo', heading: 'Content', navLink: 'Channels' },
  SUPPORT: { email: 'support@keten.demo', heading: 'Support', navLink: 'Support lookup' },
  PRODUCT: { email: 'product@keten.demo', heading: 'Product', navLink: 'Rollouts' },
  ADMIN: { email: 'admin@keten.demo', heading: 'Administration', navLink: 'Operators' },
};

function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Main' });
}

/** The message shown under a form field, found through the control's aria-describedby. */
async function fieldError(page: Page, label: string): Promise<string | null> {
  const control = page.getByRole('form', { name: 'New operator' }).getByLabel(label);
  await control.and(page.locator('[aria-invalid="true"]')).waitFor();
  const describedBy = await control.getAttribute('aria-describedby');
  return describedBy ? page.locator(`[id="${describedBy}"]`).textContent() : null;
}

/** Signs in and waits until the role's home shows its heading and its loaded figures. */
async function openHome(page: Page, role: TRole): Promise<void> {
  await signIn(page, HOMES[role].email, e2eEnv.DEMO_PASSWORD);
  // Fail with the login page's message (e.g. a disabled or rate-limited account), not a timeout.
  const loginError = page.getByTestId('login-error');
  await loginError.or(mainNav(page)).waitFor();
  if (await loginError.isVisible())
    throw new Error(`${HOMES[role].email}: ${await loginError.textContent()}`);
  await page.waitForURL((url) => url.pathname === '/');
  const heading = page.getByRole('heading', { level: 1 });
  await heading.waitFor();
  expect(await heading.textContent()).toBe(HOMES[role].heading);
  await page.locator('main dl').first().waitFor();
}

describe('console sign-in, per role', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('sends a visitor without a session to the login page', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await page.goto('/operators');
    await page.waitForURL('**/login?callbackUrl=%2Foperators');
    await context.close();
  });

  it('NOC sees the network operations home and NOC navigation, without Operators; then signs out', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await openHome(page, 'NOC');
    await expect(
      mainNav(page)
        .getByRole('link', { name: /Live QoE/ })
        .isVisible(),
    ).resolves.toBe(true);
    await expect(
      mainNav(page)
        .getByRole('link', { name: /Alerts/ })
        .isVisible(),
    ).resolves.toBe(true);
    expect(
      await mainNav(page)
        .getByRole('link', { name: /Operators/ })
        .count(),
    ).toBe(0);
    expect(
      await mainNav(page)
        .getByRole('link', { name: /Channels/ })
        .count(),
    ).toBe(0);
    await screenshot(page, 'home-noc');

    await mainNav(page)
      .getByRole('link', { name: /Alerts/ })
      .click();
    await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
    await page.goto('/operators');
    await page.getByText('Your role does not include this page').waitFor();

    await signOut(page);
    await page.goto('/');
    await page.waitForURL('**/login');
    await context.close();
  });

  it('ADMIN sees the administration home and the Operators link', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await openHome(page, 'ADMIN');
    await expect(
      mainNav(page)
        .getByRole('link', { name: /Operators/ })
        .isVisible(),
    ).resolves.toBe(true);
    await expect(
      mainNav(page)
        .getByRole('link', { name: /Audit log/ })
        .isVisible(),
    ).resolves.toBe(true);
    await screenshot(page, 'home-admin');
    await mainNav(page)
      .getByRole('link', { name: /Operators/ })
      .click();
    await page.waitForURL('**/operators');
    await page.getByRole('table', { name: 'Operators' }).waitFor();
    await expect(page.getByRole('cell', { name: /noc@keten\.demo/ }).count()).resolves.toBeGreaterThan(0);
    await screenshot(page, 'operators');

    // Invalid input never creates anything: the API's zod messages must land next to their fields.
    const form = page.getByRole('form', { name: 'New operator' });
    await form.getByLabel('Name').fill('E2E probe');
    await form.getByLabel('Email').fill('not-an-email');
    await form.getByLabel('Initial password').fill('short');
    await form.getByRole('button', { name: 'Create operator' }).click();
    expect(await fieldError(page, 'Initial password')).toMatch(/12 characters/);
    expect(await fieldError(page, 'Email')).toMatch(/email/i);
    await screenshot(page, 'operators-field-errors');

    // A real change (the e2e database is disposable): create an operator, disable it, read the audit diff.
    const email = `e2e-${Date.now()}@keten.demo`;
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Initial password').fill('a-long-enough-password');
    await form.getByLabel('Role').selectOption({ label: 'NOC engineer' });
    await form.getByRole('button', { name: 'Create operator' }).click();
    await page.getByText(`${email} can now sign in.`).waitFor();
    const row = page.getByRole('row').filter({ hasText: email });
    await row.getByRole('button', { name: 'Disable' }).click();
    await row.getByRole('button', { name: 'Yes, disable' }).click();
    await row.getByText('Disabled').waitFor();

    // The same email again: the API's conflict lands under the Email field.
    await form.getByLabel('Name').fill('E2E duplicate');
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Initial password').fill('a-long-enough-password');
    await form.getByRole('button', { name: 'Create operator' }).click();
    expect(await fieldError(page, 'Email')).toMatch(/already exists/);

    await page.goto('/audit');
    await page.getByRole('table', { name: 'Audit log' }).waitFor();
    await page.getByLabel('Entity type').selectOption('Operator');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const latest = page.getByRole('row').filter({ hasText: 'operator.update' }).first();
    await latest.getByRole('button', { name: 'Compare' }).click();
    const diff = page.getByRole('table', { name: 'Values before and after the change' });
    const disabledRow = diff.getByRole('row').filter({ hasText: 'disabled' });
    expect(await disabledRow.textContent()).toBe('disabled (changed)falsetrue');
    await screenshot(page, 'audit');
    await signOut(page);
    await context.close();
  });

  for (const role of ['CONTENT', 'SUPPORT', 'PRODUCT'] as const) {
    it(`${role} sees its own home and navigation`, async () => {
      const context = await newSession(browser);
      const page = await context.newPage();
      await openHome(page, role);
      await expect(mainNav(page).getByRole('link', { name: HOMES[role].navLink }).isVisible()).resolves.toBe(
        true,
      );
      expect(
        await mainNav(page)
          .getByRole('link', { name: /Operators/ })
          .count(),
      ).toBe(0);
      await screenshot(page, `home-${role.toLowerCase()}`);
      if (role === 'PRODUCT') {
        // The product manager's first page: the rollouts, with the seeded one running.
        await mainNav(page)
          .getByRole('link', { name: /Rollouts/ })
          .click();
        await page
          .getByRole('table', { name: 'Firmware rollouts' })
          .getByText('Kaon KSTB6077 firmware 2.0.0')
          .waitFor();
        await screenshot(page, 'product-rollouts');
      }
      await context.close();
    });
  }

  it('shows one generic message for a wrong password and the identical one for an unknown email', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await signIn(page, 'admin@keten.demo', `${e2eEnv.DEMO_PASSWORD}-wrong`);
    const error = page.getByTestId('login-error');
    await expect(error.textContent()).resolves.toBe(GENERIC_LOGIN_ERROR);
    await screenshot(page, 'login-error');
    const wrongPasswordText = await error.textContent();

    // A fresh unknown address per run, so repeated runs do not pile failures onto one email's rate limit.
    await signIn(page, `nobody-${Date.now()}@keten.demo`, e2eEnv.DEMO_PASSWORD);
    await expect(error.textContent()).resolves.toBe(GENERIC_LOGIN_ERROR);
    expect(await error.textContent()).toBe(wrongPasswordText);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });
});
