import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newSession, screenshot, seenWithoutSideScroll, signIn } from './browser';
import { e2eEnv } from './env';

interface TOperator {
  email: string;
  role: string;
  disabled: boolean;
}

/** What the API has stored, read through the console's own /trpc route (not what the page shows). */
async function stored(page: Page, email: string): Promise<TOperator | undefined> {
  const response = await page.request.get('/trpc/operators.list');
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { result: { data: { json: TOperator[] } } };
  return body.result.data.json.find((operator) => operator.email === email);
}

/** Signs in as the administrator and creates a fresh Support operator to change. */
async function withNewOperator(page: Page, name: string): Promise<string> {
  await signIn(page, 'admin@keten.demo', e2eEnv.DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  await page.goto('/operators');
  const email = `e2e-ops-${Date.now()}@keten.demo`;
  const form = page.getByRole('form', { name: 'New operator' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Role').selectOption({ label: 'Support agent' });
  await form.getByLabel('Initial password').fill('a-long-enough-password');
  await form.getByRole('button', { name: 'Create operator' }).click();
  await page.getByText(`${email} can now sign in.`).waitFor();
  return email;
}

describe('operators: access changes ask first', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('choosing a role saves nothing; Save role asks, naming the old and the new role, then saves', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    const email = await withNewOperator(page, 'Rolf Rolwissel');
    const row = page.getByRole('row').filter({ hasText: email });

    await row.getByLabel(`Role of ${email}`).selectOption({ label: 'NOC engineer' });
    // The explicit step appears; until it is used the stored role stays what it was.
    await row.getByRole('button', { name: 'Save role' }).click();
    const question = row.getByText(/Change Rolf Rolwissel from Support agent to NOC engineer\?/);
    await question.waitFor();
    expect(await seenWithoutSideScroll(row.getByRole('button', { name: 'Yes, save role' }))).toBe(true);
    expect((await stored(page, email))?.role).toBe('SUPPORT');
    await screenshot(page, 'operators-role-confirm');

    // "Keep" backs out of the question; Cancel puts the dropdown back: still nothing saved.
    await row.getByRole('button', { name: 'Keep' }).click();
    await row.getByRole('button', { name: 'Cancel' }).click();
    await row.getByRole('button', { name: 'Save role' }).waitFor({ state: 'detached' });
    expect(await row.getByLabel(`Role of ${email}`).inputValue()).toBe('SUPPORT');
    expect((await stored(page, email))?.role).toBe('SUPPORT');

    await row.getByLabel(`Role of ${email}`).selectOption({ label: 'NOC engineer' });
    await row.getByRole('button', { name: 'Save role' }).click();
    await row.getByRole('button', { name: 'Yes, save role' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${email} is now NOC engineer.` })
      .waitFor();
    await expect.poll(async () => (await stored(page, email))?.role, { timeout: 5_000 }).toBe('NOC');
    await context.close();
  });

  it('Disable asks first and says the operator is signed out and loses access; only Yes disables', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    const email = await withNewOperator(page, 'Dirk Dichtdoen');
    const row = page.getByRole('row').filter({ hasText: email });

    await row.getByRole('button', { name: 'Disable' }).click();
    const question = row.getByText('Disable Dirk Dichtdoen? They are signed out at once', { exact: false });
    await question.waitFor();
    // The question and its answer fit the table: nothing to scroll sideways to.
    expect(await seenWithoutSideScroll(row.getByRole('button', { name: 'Yes, disable' }))).toBe(true);
    expect(await question.textContent()).toMatch(/cannot sign in until enabled again/);
    expect((await stored(page, email))?.disabled).toBe(false);
    await screenshot(page, 'operators-disable-confirm');

    await row.getByRole('button', { name: 'Keep' }).click();
    await question.waitFor({ state: 'detached' });
    expect((await stored(page, email))?.disabled).toBe(false);

    await row.getByRole('button', { name: 'Disable' }).click();
    await row.getByRole('button', { name: 'Yes, disable' }).click();
    await row.getByText('Disabled').waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: `${email} is disabled and signed out.` })
      .waitFor();
    expect((await stored(page, email))?.disabled).toBe(true);
    await context.close();
  });
});
