import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newSession, screenshot, signIn } from './browser';
import { e2eEnv } from './env';

const run = Date.now().toString(36);

/** The first sample serial of the cohort's live count, once it has counted. */
async function sampleSerial(page: Page): Promise<string> {
  const count = page.getByTestId('cohort-count');
  await count.filter({ hasText: /active boxes match \(e\.g\. / }).waitFor({ timeout: 20_000 });
  return /\(e\.g\. ([^,)]+)/.exec((await count.textContent()) ?? '')?.[1]?.trim() ?? '';
}

async function previewHome(page: Page, serial: string) {
  const form = page.getByRole('form', { name: 'Preview a box’s home screen' });
  await form.getByLabel('Box serial').fill(serial);
  await form.getByRole('button', { name: 'Preview' }).click();
  const result = page.getByTestId('rail-preview').filter({ hasText: serial });
  await result.waitFor();
  return result;
}

describe('rails (server-driven content), as a product manager', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('creates a rail, targets a cohort, previews boxes; the cohort cannot be deleted while used', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await signIn(page, 'product@keten.demo', e2eEnv.DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto('/flags/cohorts');
    const cohortForm = page.getByRole('form', { name: 'New cohort' });
    await cohortForm.getByLabel('Key').fill(`e2e-rail-kaon-${run}`);
    await cohortForm.getByLabel('Name', { exact: true }).fill(`E2E rail Nokia ${run}`);
    await cohortForm.getByLabel('Box models').fill('kaon-kstb6077');
    const kaon = await sampleSerial(page);
    await cohortForm.getByLabel('Box models').fill('nokia-sb8000');
    await page.getByTestId('cohort-count').filter({ hasNotText: kaon }).waitFor();
    const nokia = await sampleSerial(page);
    await cohortForm.getByRole('button', { name: 'Create cohort' }).click();
    await page.getByRole('table', { name: 'Cohorts' }).getByText(`E2E rail Nokia ${run}`).waitFor();

    await page
      .getByRole('navigation', { name: 'Feature flags' })
      .getByRole('link', { name: 'Rails' })
      .click();
    await page.waitForURL('**/flags/rails');
    const newRail = page.getByRole('form', { name: 'New rail' });
    await newRail.getByLabel('Key').fill(`e2e.rail-${run}`);
    await newRail.getByLabel('Title').fill('Tonight');
    await newRail.getByRole('button', { name: 'Create rail' }).click();
    await page.waitForURL(/\/flags\/rails\/[^/]+$/);
    await page.getByText('version 1', { exact: true }).waitFor();

    // Everyone: a channel. Nokia boxes: a promotion first, then the same channel.
    const everyone = page.getByRole('listitem', { name: 'Variant 1' });
    await everyone.getByRole('button', { name: 'Add channel' }).click();
    const channel = page.getByLabel('Variant 1 item 1 channel');
    const channelName = (await channel.locator('option:checked').textContent())?.trim() ?? '';
    await page.getByRole('button', { name: 'Add variant' }).click();
    await page.getByLabel('Variant 2 key').fill('nokia');
    const forNokia = page.getByRole('listitem', { name: 'Variant 2' });
    await forNokia.getByRole('button', { name: 'Add channel' }).click();
    await forNokia.getByRole('button', { name: 'Add promotion' }).click();
    await page.getByLabel('Variant 2 item 2 title').fill('Winter sale');
    await page.getByLabel('Variant 2 item 2 image URL').fill('https://img.example.test/winter.jpg');
    await page.getByLabel('Variant 2 item 2 target URL').fill('keten://vod/winter');
    // Ordering: the promotion goes first.
    await page.getByRole('button', { name: 'Move Variant 2 item 2 up' }).click();
    await page.getByLabel('Variant 2 item 1 title').waitFor();
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByLabel('Rule 1 cohort').selectOption({ label: `E2E rail Nokia ${run}` });
    await page.getByLabel('Rule 1 serves').selectOption('nokia');
    await page.getByLabel('Note for the history').fill('Nokia boxes get the sale');
    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await page.getByText('version 2', { exact: true }).waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Nokia boxes get the sale' }).first().waitFor();

    const inside = await previewHome(page, nokia);
    const insideText = (await inside.textContent()) ?? '';
    expect(insideText).toContain('shown · nokia');
    expect(insideText).toContain(`Rule 1 (rule-1) applies: it is in cohort E2E rail Nokia ${run}`);
    expect(insideText).toContain('Promotion “Winter sale”');
    expect(insideText.indexOf('Promotion “Winter sale”')).toBeLessThan(insideText.lastIndexOf(channelName));
    await screenshot(page, 'rails-preview');
    const outside = await previewHome(page, kaon);
    expect(await outside.textContent()).toContain('No rule applies, so it gets the default (everyone)');
    await previewHome(page, `NO-SUCH-${run}`);
    await page.getByText(`No box with serial NO-SUCH-${run}`).waitFor();

    // The cohort is used by the rail: deleting it is refused, naming the rail.
    await page.goto('/flags/cohorts');
    await page.getByRole('button', { name: `E2E rail Nokia ${run}` }).click();
    await page.getByRole('button', { name: `Delete cohort E2E rail Nokia ${run}` }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: `rail e2e.rail-${run} (rule rule-1)` })
      .waitFor();
    await context.close();
  });

  it('shows a designed not-found for a bad flag or rail id, and edits the configuration as a form', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await signIn(page, 'product@keten.demo', e2eEnv.DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`/flags/nope-${run}`);
    await page.getByText('No flag with this id').waitFor();
    await page.goto(`/flags/rails/nope-${run}`);
    await page.getByText('No rail with this id').waitFor();
    await page.getByRole('link', { name: 'All rails' }).click();
    await page.waitForURL('**/flags/rails');

    await page.goto('/flags/config');
    const saveButton = page.getByRole('button', { name: /^Save as version \d+$/ });
    const before = (await saveButton.textContent()) ?? '';
    await page.getByRole('button', { name: 'Add setting' }).click();
    const rows = await page.getByLabel(/^Setting \d+ name$/).count();
    await page.getByLabel(`Setting ${rows} name`).fill(`e2e.rows${run}`);
    await page.getByLabel(`Setting ${rows} kind`).selectOption('number');
    await page.getByLabel(`Setting ${rows} value`).fill('three');
    await saveButton.click();
    await page.getByText('Must be a number').waitFor();
    await page.getByLabel(`Setting ${rows} value`).fill('3');
    await saveButton.click();
    const next = Number(/\d+/.exec(before)?.[0]) + 1;
    await page.getByRole('button', { name: `Save as version ${next}` }).waitFor();
    // The JSON view shows the same document, nested.
    await page.getByRole('button', { name: 'JSON' }).click();
    expect(await page.getByLabel('Configuration document (JSON)').inputValue()).toContain(`"rows${run}": 3`);
    await screenshot(page, 'config-form');
    await context.close();
  });
});
