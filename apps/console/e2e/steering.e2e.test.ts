import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newSession, screenshot, signIn, signOut } from './browser';
import { e2eEnv } from './env';

const edgeRow = (page: Page, name: string) =>
  page.getByRole('table', { name: 'Edge steering' }).locator('tbody tr').filter({ hasText: name });

describe('edge steering: the view shows an avoided edge, undo returns it, and each edge has its rule', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('an administrator gives two edges a base URL and one a rule; the NOC reads the rule, avoids the edge by hand, sees why and since when, and returns it', async () => {
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

    // The first edge's rule: a bad threshold is refused at its field, good ones are saved and audited.
    const rule = page.getByRole('form', { name: 'Steering rule' });
    await rule.getByLabel('Edge').selectOption({ label: names[0]! });
    const errorRate = rule.getByLabel('Error rate above (%)');
    expect(await errorRate.getAttribute('placeholder')).toBe('5');
    expect(await rule.getByLabel('TTFB p95 above (ms)').getAttribute('placeholder')).toBe('1000');
    await errorRate.fill('150');
    await rule.getByRole('button', { name: 'Save rule' }).click();
    await rule.getByText('At most 100 %').waitFor();
    expect(await errorRate.getAttribute('aria-invalid')).toBe('true');
    await errorRate.fill('7.5');
    await rule.getByLabel('TTFB p95 above (ms)').fill('800');
    await rule.getByRole('button', { name: 'Save rule' }).click();
    await rule.getByRole('status').filter({ hasText: 'Rule saved' }).waitFor();
    expect(await rule.getByText('At most 100 %').count()).toBe(0);
    await page.reload();
    await rule.getByLabel('Edge').selectOption({ label: names[0]! });
    await expect
      .poll(() => rule.getByLabel('Error rate above (%)').inputValue(), { timeout: 10_000 })
      .toBe('7.5');
    expect(await rule.getByLabel('TTFB p95 above (ms)').inputValue()).toBe('800');
    expect(await rule.getByLabel('Over the last (s)').inputValue()).toBe('');
    await screenshot(page, 'steering-rule');

    await page.goto('/audit');
    const entry = page
      .getByRole('table', { name: 'Audit log' })
      .getByRole('row')
      .filter({ hasText: 'edgeSteering.update' })
      .first();
    await entry.getByRole('button', { name: 'Compare' }).click();
    const diff = page.getByRole('table', { name: 'Values before and after the change' });
    await diff.waitFor();
    const changed = diff.getByRole('row').filter({ hasText: 'rule' });
    const after = (await changed.textContent()) ?? '';
    expect(after).toContain('"maxErrorRate": 0.075');
    expect(after).toContain('"maxTtfbP95Ms": 800');
    await signOut(page);

    await signIn(page, 'noc@keten.demo', e2eEnv.DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Edge steering' }).click();
    await page.getByRole('heading', { name: 'Edge steering', level: 1 }).waitFor();
    // The NOC does not set base URLs or rules; it reads the rule.
    expect(await page.getByRole('form', { name: 'Edge settings' }).count()).toBe(0);
    expect(await page.getByRole('form', { name: 'Steering rule' }).count()).toBe(0);
    const readRule = page.getByRole('region', { name: 'Steering rule' });
    await readRule.getByLabel('Edge').selectOption({ label: names[0]! });
    const ruleRow = (figure: string) =>
      readRule
        .getByRole('table', { name: `Steering rule of ${names[0]}` })
        .getByRole('row')
        .filter({ hasText: figure });
    expect(await ruleRow('Error rate above').textContent()).toMatch(/7\.5 %\s*this edge/);
    expect(await ruleRow('TTFB p95 above').textContent()).toMatch(/800 ms\s*this edge/);
    expect(await ruleRow('Over the last').textContent()).toMatch(/180 s\s*default/);
    expect(await readRule.getByRole('textbox').count()).toBe(0);
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
    await signOut(page);

    // Back to the defaults: the administrator's reset empties the overrides.
    await signIn(page, 'admin@keten.demo', e2eEnv.DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto('/edges/steering');
    const rule2 = page.getByRole('form', { name: 'Steering rule' });
    await rule2.getByLabel('Edge').selectOption({ label: names[0]! });
    await expect
      .poll(() => rule2.getByLabel('Error rate above (%)').inputValue(), { timeout: 10_000 })
      .toBe('7.5');
    await rule2.getByRole('button', { name: 'Reset to defaults' }).click();
    await rule2
      .getByRole('status')
      .filter({ hasText: `Reset: ${names[0]} is judged by the defaults.` })
      .waitFor();
    await expect
      .poll(() => rule2.getByLabel('Error rate above (%)').inputValue(), { timeout: 10_000 })
      .toBe('');
    expect(await rule2.getByRole('button', { name: 'Reset to defaults' }).isDisabled()).toBe(true);
    await context.close();
  }, 180_000);
});
