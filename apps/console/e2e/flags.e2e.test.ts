import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newSession, screenshot, signIn } from './browser';
import { e2eEnv } from './env';

const run = Date.now().toString(36);

/** The live count's text once it has counted, and the first sample serial it names. */
async function settledCount(page: Page): Promise<{ text: string; serial: string }> {
  const count = page.getByTestId('cohort-count');
  await count.filter({ hasText: /active boxes match \(e\.g\. / }).waitFor({ timeout: 20_000 });
  const text = (await count.textContent()) ?? '';
  const serial = /\(e\.g\. ([^,)]+)/.exec(text)?.[1]?.trim() ?? '';
  return { text, serial };
}

async function preview(page: Page, serial: string) {
  const card = page.getByRole('form', { name: 'Preview a box' });
  await card.getByLabel('Box serial').fill(serial);
  await card.getByRole('button', { name: 'Preview' }).click();
  const result = page.getByTestId('preview-result').filter({ hasText: serial });
  await result.waitFor();
  return result;
}

describe('feature flags, as a product manager', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('builds a cohort with a live count, creates and targets a flag, previews boxes, kills it', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await signIn(page, 'product@keten.demo', e2eEnv.DEMO_PASSWORD);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: /Feature flags/ }).click();
    await page.waitForURL('**/flags');
    await page.getByRole('table', { name: 'Feature flags' }).getByText('epg-grid-v2').waitFor();

    // A cohort: the count follows the rule as it is typed, before anything is saved.
    await page
      .getByRole('navigation', { name: 'Feature flags' })
      .getByRole('link', { name: 'Cohorts' })
      .click();
    await page.waitForURL('**/flags/cohorts');
    const form = page.getByRole('form', { name: 'New cohort' });
    await form.getByLabel('Key').fill(`e2e-nokia-${run}`);
    await form.getByLabel('Name', { exact: true }).fill(`E2E Nokia ${run}`);
    await form.getByLabel('Box models').fill('kaon-kstb6077');
    const kaon = await settledCount(page);
    await form.getByLabel('Box models').fill('nokia-sb8000');
    await page.getByTestId('cohort-count').filter({ hasNotText: kaon.serial }).waitFor();
    const nokia = await settledCount(page);
    expect(nokia.text).toMatch(/^[1-9][\d,]* of [\d,]+ active boxes match/);
    expect(nokia.serial).not.toBe(kaon.serial);
    await form.getByLabel('Share of matching boxes (%)').fill('250');
    await form.getByRole('button', { name: 'Create cohort' }).click();
    await form.getByText('Must be between 0 and 100').waitFor();
    await form.getByLabel('Share of matching boxes (%)').fill('');
    await screenshot(page, 'flags-cohort-count');
    await form.getByRole('button', { name: 'Create cohort' }).click();
    await page.getByRole('table', { name: 'Cohorts' }).getByText(`E2E Nokia ${run}`).waitFor();

    // A flag, targeted at the cohort.
    await page
      .getByRole('navigation', { name: 'Feature flags' })
      .getByRole('link', { name: 'Flags' })
      .click();
    await page.waitForURL('**/flags');
    const newFlag = page.getByRole('form', { name: 'New flag' });
    await newFlag.getByLabel('Key').fill(`e2e.flag-${run}`);
    await newFlag.getByLabel('Description').fill('Browser test flag');
    await newFlag.getByRole('button', { name: 'Create flag' }).click();
    await page.waitForURL(/\/flags\/(?!cohorts)[^/]+$/);
    await page.getByText('version 1', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByLabel('Rule 1 cohort').selectOption({ label: `E2E Nokia ${run}` });
    await page.getByLabel('Rule 1 serves').selectOption('on');
    await page.getByLabel('Note for the history').fill('Nokia boxes first');

    // The preview runs the engine on the unsaved draft.
    const inside = await preview(page, nokia.serial);
    expect(await inside.textContent()).toContain('gets true (variant on)');
    expect(await inside.textContent()).toContain(`Rule 1 (rule-1) applies: it is in cohort E2E Nokia ${run}`);
    const outside = await preview(page, kaon.serial);
    expect(await outside.textContent()).toContain('gets false (variant off)');
    expect(await outside.textContent()).toContain(
      `rule-1: not in E2E Nokia ${run} (box model does not match)`,
    );
    await screenshot(page, 'flags-preview');

    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await page.getByText('version 2', { exact: true }).waitFor();
    const history = page.getByRole('listitem').filter({ hasText: 'Version 2' }).first();
    await history.getByText('Nokia boxes first').waitFor();
    expect(await history.textContent()).toContain('rules.0: — →');

    // The kill switch: every box gets the off variant.
    await page.getByRole('button', { name: 'Kill' }).click();
    await page.getByRole('button', { name: 'Yes, kill' }).click();
    await page.getByText('version 3', { exact: true }).waitFor();
    const killed = await preview(page, nokia.serial);
    expect(await killed.textContent()).toContain('gets false (variant off)');
    expect(await killed.textContent()).toContain('The kill switch is on');

    // One-click revert to version 2 brings the targeting back.
    await page.getByRole('button', { name: 'Revert to version 2' }).click();
    await page.getByRole('button', { name: 'Yes, revert' }).click();
    await page.getByText('version 4', { exact: true }).waitFor();
    const back = await preview(page, nokia.serial);
    expect(await back.textContent()).toContain('gets true (variant on)');
    await screenshot(page, 'flags-history');
    await context.close();
  });

  it('reads devices, box models with firmware and the compatibility matrix, changing nothing', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await signIn(page, 'product@keten.demo', e2eEnv.DEMO_PASSWORD);
    const nav = page.getByRole('navigation', { name: 'Main' });

    await nav.getByRole('link', { name: 'Box models' }).click();
    await page.waitForURL('**/profiles/box-models');
    const models = page.getByRole('table', { name: 'Box models' });
    await models.getByRole('columnheader', { name: 'Firmware (boxes)' }).waitFor();
    expect(await models.getByRole('row').filter({ hasText: 'kaon-kstb6077' }).textContent()).toMatch(
      /\d+\.\d+\.\d+ \([\d,]+\)/,
    );
    expect(await page.getByRole('button', { name: 'Edit decoder' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Ladders' }).count()).toBe(0);

    await nav.getByRole('link', { name: 'Compatibility matrix' }).click();
    await page.waitForURL('**/profiles/compatibility');
    await page.getByRole('table', { name: 'Compatibility for Basis' }).waitFor();

    await nav.getByRole('link', { name: 'Devices' }).click();
    await page.waitForURL('**/devices');
    const firstBox = page.getByRole('table').getByRole('link').first();
    await firstBox.waitFor();
    await firstBox.click();
    await page.waitForURL(/\/devices\/[^/]+$/);
    await page.getByText('Firmware', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: /Revoke|Issue/ }).count()).toBe(0);
    expect(await page.getByRole('form', { name: 'Assign box' }).count()).toBe(0);
    await screenshot(page, 'product-device');
    await context.close();
  });
});
