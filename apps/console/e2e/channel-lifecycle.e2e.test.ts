import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newSession, screenshot, seenWithoutSideScroll, signIn } from './browser';
import { e2eEnv } from './env';

const PRIMARY = 'udp://@239.78.0.1:5000';
const LONG_BACKUP =
  'srt://backup-contribution.studio-hilversum.e2e.keten.demo:9000?mode=caller&latency=200&passphrase=e2e-long-url-check';
const suffix = Date.now().toString(36);

async function contentSession(browser: Browser) {
  const context = await newSession(browser);
  const page = await context.newPage();
  await signIn(page, 'content@keten.demo', e2eEnv.DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  return { context, page };
}

/** The channel list searched for one channel, and that channel's row. */
async function channelRow(page: Page, name: string): Promise<Locator> {
  await page.goto(`/channels?q=${encodeURIComponent(name)}`);
  const row = page.getByRole('table', { name: 'Channels' }).getByRole('row').filter({ hasText: name });
  await row.first().waitFor();
  return row.first();
}

/** Fills the new-channel form's number, name and two sources. */
async function fillNewChannel(page: Page, lcn: number, name: string) {
  await page.goto('/channels/new');
  const form = page.getByRole('form', { name: 'New channel' });
  await form.getByLabel('LCN', { exact: true }).fill(String(lcn));
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('Primary URL', { exact: true }).fill(PRIMARY);
  await form.getByRole('button', { name: 'Add backup source' }).click();
  await form.getByLabel('Backup 1 protocol', { exact: true }).selectOption('SRT');
  await form.getByLabel('Backup 1 URL', { exact: true }).fill(LONG_BACKUP);
  return form;
}

const selectedText = (select: Locator) => select.locator('option:checked').textContent();

describe('channel lifecycle, as a content manager', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('the channel form chooses the encoding profile and version; a ladder entitled boxes cannot play needs a confirmation', async () => {
    const { context, page } = await contentSession(browser);
    const name = `E2E Ladder ${suffix}`;
    const form = await fillNewChannel(page, 902, name);
    const profile = form.getByLabel('Encoding profile', { exact: true });
    const version = form.getByLabel('Profile version', { exact: true });
    await profile.locator('option', { hasText: '(hd-h264)' }).waitFor({ state: 'attached' });
    await profile.selectOption({ label: 'HD H.264 (hd-h264)' });
    // Choosing a profile picks its current version; an older one is chosen on purpose.
    await expect.poll(() => selectedText(version)).toMatch(/^v\d+ \(current\) · 1080p H\.264/);
    const v1 = await version.locator('option', { hasText: /^v1 · / }).textContent();
    await version.selectOption({ label: v1 ?? '' });
    await form.getByRole('button', { name: 'Create channel' }).click();
    await page.getByText(`${name} was created as LCN 902.`).waitFor();
    const edit = page.getByRole('form', { name: 'Edit channel' });
    expect(await selectedText(edit.getByLabel('Encoding profile', { exact: true }))).toBe(
      'HD H.264 (hd-h264)',
    );
    expect(await selectedText(edit.getByLabel('Profile version', { exact: true }))).toMatch(/^v1 · /);

    // RTL 5 is in the base package, watched on boxes that decode no HEVC: UHD HEVC is refused until confirmed.
    const rtl5 = await channelRow(page, 'RTL 5');
    await rtl5.getByRole('link', { name: 'RTL 5', exact: true }).click();
    await page.waitForURL(/\/channels\/[^/]+$/);
    const rtlForm = page.getByRole('form', { name: 'Edit channel' });
    const rtlProfile = rtlForm.getByLabel('Encoding profile', { exact: true });
    await rtlProfile.locator('option', { hasText: '(uhd-hevc)' }).waitFor({ state: 'attached' });
    await rtlProfile.selectOption({ label: 'UHD HEVC (uhd-hevc)' });
    await expect
      .poll(() => selectedText(rtlForm.getByLabel('Profile version', { exact: true })))
      .toMatch(/^v1 \(current\) · 2160p HEVC/);
    await rtlForm.getByRole('button', { name: 'Save channel' }).click();
    const refusal = rtlForm.getByRole('alert').filter({ hasText: 'would have no playable rung' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/subscribers/);
    await screenshot(page, 'channel-ladder-refused');
    await refusal.getByRole('button', { name: 'Save anyway for these subscribers' }).click();
    await rtlForm.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.reload();
    await expect
      .poll(() => selectedText(page.getByLabel('Encoding profile', { exact: true })))
      .toBe('UHD HEVC (uhd-hevc)');
    await context.close();
  });

  it('"Disable" in the list asks first and says who loses the channel; "Re-enable" puts it back on the air', async () => {
    const { context, page } = await contentSession(browser);
    const row = await channelRow(page, 'Veronica');
    await row.getByRole('button', { name: 'Disable Veronica', exact: true }).click();
    const question = row.getByText(/^Disable Veronica\?/);
    await question.waitFor();
    await row.getByText(/households/).waitFor();
    expect(await question.textContent()).toMatch(
      /^Disable Veronica\? [\d,]+ households \([\d,]+ boxes\) in Basis.* lose it from their lineup at their box's next lineup refresh\.$/,
    );
    // Asking changed nothing, and the question stays inside the page at 1440 px.
    expect(await row.textContent()).toContain('live');
    expect(await seenWithoutSideScroll(row.getByRole('button', { name: 'Keep' }))).toBe(true);
    await screenshot(page, 'channel-disable-question');
    await row.getByRole('button', { name: 'Keep' }).click();
    await question.waitFor({ state: 'detached' });

    await row.getByRole('button', { name: 'Disable Veronica', exact: true }).click();
    await row.getByRole('button', { name: 'Yes, disable' }).click();
    await row.getByText('disabled', { exact: true }).waitFor();

    await row.getByRole('button', { name: 'Re-enable Veronica', exact: true }).click();
    await row.getByText(/households/).waitFor();
    expect(await row.getByText(/^Put Veronica back on the air\?/).textContent()).toMatch(
      /get it in their lineup at their box's next lineup refresh\.$/,
    );
    await row.getByRole('button', { name: 'Yes, re-enable' }).click();
    await row.getByText('live', { exact: true }).waitFor();
    await context.close();
  });

  it('a disabled channel has a way back on its page: restore as draft (off boxes until published), then publish', async () => {
    const { context, page } = await contentSession(browser);
    const row = await channelRow(page, 'Sky News');
    expect(await row.textContent()).toContain('disabled');
    await row.getByRole('link', { name: 'Sky News', exact: true }).click();
    const card = page
      .locator('section')
      .filter({ has: page.getByRole('heading', { name: 'State and feed' }) });
    await card.getByText('Disabled: off every box. Re-enable puts it straight back on the air').waitFor();
    expect(await card.getByRole('button', { name: 'Re-enable' }).isVisible()).toBe(true);

    await card.getByRole('button', { name: 'Restore as draft' }).click();
    await card
      .getByText('Restore Sky News as a draft? It stays off every box until you publish it.')
      .waitFor();
    await card.getByRole('button', { name: 'Yes, restore as draft' }).click();
    await card
      .getByRole('status')
      .filter({ hasText: 'Sky News is a draft: it stays off every box until you publish it.' })
      .waitFor();
    await card.getByText('draft', { exact: true }).waitFor();

    await card.getByRole('button', { name: 'Publish' }).click();
    await card.getByText(/households/).waitFor();
    expect(await card.getByText(/^Publish Sky News\?/).textContent()).toMatch(
      /in Basis.* get it in their lineup/,
    );
    await screenshot(page, 'channel-publish-question');
    await card.getByRole('button', { name: 'Yes, publish' }).click();
    await card.getByRole('status').filter({ hasText: 'Sky News is on the air' }).waitFor();
    await card.getByText('live', { exact: true }).waitFor();
    await context.close();
  });

  it('a long backup URL is cut in the list but can be read whole (hover, "Full URLs") and copied, within 1440 px', async () => {
    const { context, page } = await contentSession(browser);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const name = `E2E Long Backup ${suffix}`;
    const form = await fillNewChannel(page, 903, name);
    await form.getByRole('button', { name: 'Create channel' }).click();
    await page.getByText(`${name} was created as LCN 903.`).waitFor();

    const row = await channelRow(page, name);
    const url = row.getByText(LONG_BACKUP, { exact: true });
    expect(await url.getAttribute('title')).toBe(LONG_BACKUP);
    expect(await url.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);

    await row.getByRole('button', { name: `Full URLs of ${name}`, exact: true }).click();
    await expect.poll(() => url.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    expect(await seenWithoutSideScroll(url)).toBe(true);
    expect(
      await seenWithoutSideScroll(row.getByRole('button', { name: `Disable ${name}`, exact: true })),
    ).toBe(true);
    await screenshot(page, 'channels-full-urls');
    await row.getByRole('button', { name: 'Copy Backup 1 URL' }).click();
    await row.getByText('Copied', { exact: true }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(LONG_BACKUP);

    await row.getByRole('button', { name: `Hide full URLs of ${name}`, exact: true }).click();
    await expect.poll(() => url.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
    await context.close();
  });
});
