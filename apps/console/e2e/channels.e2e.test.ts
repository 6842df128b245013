import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newSession, screenshot, seenWithoutSideScroll, signIn } from './browser';
import { e2eEnv } from './env';

const PRIMARY = 'udp://@239.77.0.1:5000';
const BACKUP = 'srt://backup.e2e.keten.demo:9000';
// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

/** The message under a field of the channel form, found through the control's aria-describedby. */
async function fieldError(page: Page, label: string): Promise<string | null> {
  const control = page.getByRole('form', { name: 'New channel' }).getByLabel(label, { exact: true });
  await control.and(page.locator('[aria-invalid="true"]')).waitFor();
  const describedBy = await control.getAttribute('aria-describedby');
  return describedBy ? page.locator(`[id="${describedBy}"]`).textContent() : null;
}

describe('channels, as a content manager', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('creates a channel with a primary and a backup source, after an LCN clash shown at the LCN field', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await signIn(page, 'content@keten.demo', e2eEnv.DEMO_PASSWORD);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: /Channels/ }).click();
    await page.waitForURL('**/channels');
    await page.getByRole('table', { name: 'Channels' }).getByText('NPO 1', { exact: true }).waitFor();
    // Seeded logos come from apps/api's media root through the console's own origin.
    const logo = await page.request.get('/media/logos/npo-1.svg');
    expect([logo.status(), logo.headers()['content-type']]).toEqual([200, 'image/svg+xml']);
    const npo1Logo = page.getByRole('row').filter({ hasText: 'npo-1' }).first().locator('img');
    await expect
      .poll(() =>
        npo1Logo.evaluate((img) => Math.min((img as HTMLImageElement).naturalWidth, img.clientWidth)),
      )
      .toBeGreaterThan(0);
    // At 1440 px every column fits: a row's action, in the last column, is on screen without scrolling.
    expect(
      await seenWithoutSideScroll(page.getByRole('button', { name: 'Disable NPO 1', exact: true })),
    ).toBe(true);
    await screenshot(page, 'channels-list');

    await page.getByRole('link', { name: 'New channel' }).click();
    await page.waitForURL('**/channels/new');
    const form = page.getByRole('form', { name: 'New channel' });
    const name = `E2E Nieuws ${Date.now().toString(36)}`;
    await form.getByLabel('LCN', { exact: true }).fill('1');
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByLabel('Genre', { exact: true }).selectOption({ label: 'News' });
    await form.getByLabel('Primary protocol', { exact: true }).selectOption('UDP');
    await form.getByLabel('Primary URL', { exact: true }).fill(PRIMARY);
    await form.getByRole('button', { name: 'Add backup source' }).click();
    await form.getByLabel('Backup 1 protocol', { exact: true }).selectOption('SRT');
    await form.getByLabel('Backup 1 URL', { exact: true }).fill(BACKUP);
    await form.getByRole('button', { name: 'Create channel' }).click();

    // LCN 1 belongs to the seeded NPO 1: the API's conflict names it, under the LCN field.
    expect(await fieldError(page, 'LCN')).toBe('LCN 1 is already used by NPO 1.');
    await screenshot(page, 'channels-lcn-clash');

    await form.getByLabel('LCN', { exact: true }).fill('901');
    await form.getByRole('button', { name: 'Create channel' }).click();
    await page.getByText(`${name} was created as LCN 901.`).waitFor();

    // Logos are judged by their bytes: a text file calling itself PNG is refused, a real PNG is shown.
    const upload = page.getByLabel('Upload a new logo');
    const fake = { name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('not an image at all') };
    await upload.setInputFiles(fake);
    await page.getByText('The logo must be a PNG, SVG, JPEG or WebP image.').waitFor();
    await upload.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG });
    await page.getByText('Logo replaced.').waitFor();
    await expect
      .poll(() => page.getByAltText('Current logo').evaluate((img) => (img as HTMLImageElement).naturalWidth))
      .toBe(1);

    await nav.getByRole('link', { name: /Channels/ }).click();
    await page.waitForURL('**/channels');
    await page.getByRole('form', { name: 'Find channels' }).getByLabel('Search').fill('901');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL('**/channels?q=901');
    const row = page.getByRole('table', { name: 'Channels' }).getByRole('row').filter({ hasText: name });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('Primary');
    expect(text).toContain(PRIMARY);
    expect(text).toContain('Backup 1');
    expect(text).toContain(BACKUP);
    expect(text).toContain('unknown');
    expect(text).toContain('draft');
    await screenshot(page, 'channels-created');
    await context.close();
  });

  it('previews base + add-on as one lineup and bulk-adds channels to a package', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await signIn(page, 'content@keten.demo', e2eEnv.DEMO_PASSWORD);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /Packages/ })
      .click();
    await page.waitForURL('**/packages');
    const lineup = page.getByRole('group', { name: 'Packages in the preview' });
    await lineup.getByLabel(/Basis/).check();
    await lineup.getByLabel(/Sport/).check();
    const preview = page.getByRole('table', { name: 'Effective lineup' });
    const espn = preview.getByRole('row').filter({ hasText: 'ESPN 1' });
    await espn.waitFor();
    expect(await espn.textContent()).toContain('Sport');
    expect(await preview.getByRole('row').filter({ hasText: 'NPO 1' }).first().textContent()).toContain(
      'Basis',
    );
    await screenshot(page, 'packages-lineup');

    await page.getByRole('table', { name: 'Packages' }).getByRole('link', { name: 'Sport' }).click();
    // The package's own channels come first (ESPN 1 at LCN 70 before NPO 1 at LCN 1), then the others.
    const membership = page.getByRole('table', { name: 'Channels to add or remove' });
    await membership.getByRole('row').filter({ hasText: 'ESPN 1' }).waitFor();
    const inPackage = (await membership.locator('tbody tr').allTextContents()).map((text) =>
      text.includes('in package'),
    );
    expect(inPackage[0]).toBe(true);
    expect(inPackage.indexOf(false)).toBe(inPackage.lastIndexOf(true) + 1);
    await page.getByLabel('Find channels').fill('NPO');
    await page.getByLabel('Select NPO 1', { exact: true }).check();
    await page.getByLabel('Select NPO 2', { exact: true }).check();
    await page.getByRole('button', { name: 'Add 2 selected' }).click();
    await page.getByText('2 added, 0 removed').waitFor();
    const npo1 = membership.getByRole('row').filter({ hasText: 'NPO 1' }).first();
    expect(await npo1.textContent()).toContain('in package');
    await screenshot(page, 'packages-membership');
    await context.close();
  });
});
