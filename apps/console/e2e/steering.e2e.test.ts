import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newSession, screenshot, signIn, signOut } from './browser';
import { e2eEnv } from './env';

const edgeRow = (page: Page, name: string) =>
  page.getByRole('table', { name: 'Edge steering' }).locator('tbody tr').filter({ hasText: name });

describe('edge steering: the view shows an avoided edge, and undo returns it', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('an administrator gives two edges a base URL; the NOC avoids one by hand, sees why and since when, and returns it', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await signIn(page, 'admin@keten.demo', e2eEnv.DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    const suffix = Date.now().toString(36);
    const names = [`st-a-${suffix}`, `st-b-${suffix}`];
    await page.goto('/edges');
    // The list's count is drawn by the client once its query answered: the form is live (hydrated) by then.
    await page.getByText(/^\d+ edges?$/).waitFor();
    for (const name of names) {
      const form = page.getByRole('form', { name: 'New edge' });
      await form.getByLabel('Edge id').fill(name);
      await form.getByRole('button', { name: 'Add edge' }).click();
      await page.getByRole('table', { name: 'CDN edges' }).getByText(name, { exact: true }).waitFor();
    }

    await page.goto('/edges/steering');
    await page.getByRole('heading', { name: 'Edge steering', level: 1 }).waitFor();
    const settings = page.getByRole('form', { name: 'Edge settings' });
    for (const name of names) {
      await settings.getByLabel('Edge').selectOption({ label: name });
      await settings.getByLabel('Base URL').fill(`https://${name}.cdn.example.net/`);
      await settings.getByRole('button', { name: 'Save edge' }).click();
      // A trailing slash is refused next to the field.
      await expect
        .poll(() => settings.getByText('leave out the trailing slash').count(), { timeout: 10_000 })
        .toBe(1);
      await settings.getByLabel('Base URL').fill(`https://${name}.cdn.example.net`);
      await settings.getByRole('button', { name: 'Save edge' }).click();
      await settings.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
      await edgeRow(page, name).getByText('Healthy', { exact: true }).waitFor();
    }
    await signOut(page);

    await signIn(page, 'noc@keten.demo', e2eEnv.DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Edge steering' }).click();
    await page.getByRole('heading', { name: 'Edge steering', level: 1 }).waitFor();
    // The NOC does not set base URLs.
    expect(await page.getByRole('form', { name: 'Edge settings' }).count()).toBe(0);
    const avoid = page.getByRole('form', { name: 'Avoid an edge' });
    await avoid.getByLabel('Edge').selectOption({ label: names[0]! });
    await avoid.getByLabel('Why').fill('uplink maintenance');
    await avoid.getByRole('button', { name: 'Avoid edge' }).click();
    const row = edgeRow(page, names[0]!);
    await row.getByText('Avoided by hand', { exact: true }).waitFor();
    await row.getByText(/since /).waitFor();
    await row.getByText(/avoided by hand by noc@keten\.demo: uplink maintenance/).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: `1 edge is avoided: ${names[0]}` })
      .waitFor();
    await screenshot(page, 'steering-avoided');

    await row.getByRole('button', { name: `Return ${names[0]} now` }).click();
    await row.getByRole('button', { name: /yes/i }).click();
    await row.getByText('Healthy', { exact: true }).waitFor();
    await page.getByRole('status').filter({ hasText: 'No edge is avoided' }).waitFor();
    await screenshot(page, 'steering-returned');
    await context.close();
  }, 180_000);
});
