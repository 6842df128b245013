import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newSession, screenshot, signIn } from './browser';
import { e2eEnv } from './env';

/** The message under a rung cell, found through the control's aria-describedby. */
async function cellError(page: Page, label: string): Promise<string | null> {
  const control = page.getByLabel(label, { exact: true });
  await control.and(page.locator('[aria-invalid="true"]')).waitFor();
  const describedBy = await control.getAttribute('aria-describedby');
  return describedBy ? page.locator(`[id="${describedBy}"]`).textContent() : null;
}

describe('encoding profiles, as a content manager', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('edits a ladder, is refused for the legacy box with counts, sees the ffmpeg ladder, then confirms', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await signIn(page, 'content@keten.demo', e2eEnv.DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /Encoding profiles/ })
      .click();
    await page.waitForURL('**/profiles');
    await page.getByRole('button', { name: /Legacy SD\/HD-ready/ }).click();
    await page.getByRole('heading', { name: 'Legacy SD/HD-ready — ladder' }).waitFor();
    const legacyRow = page.getByRole('row').filter({ hasText: 'legacy-sd' });
    expect(await legacyRow.textContent()).toContain('v2');

    // A rule broken in the browser: the 576p rung may not out-rate the 720p one; the message sits under that cell.
    await page.getByLabel('Rung 2 bitrate (kbit/s)', { exact: true }).fill('5000');
    await page.getByRole('button', { name: 'Save as new version' }).click();
    expect(await cellError(page, 'Rung 2 bitrate (kbit/s)')).toMatch(
      /lower than the 1280×720 rung's 3,000 kbit\/s/,
    );
    await screenshot(page, 'profiles-field-error');
    await page.getByLabel('Rung 2 bitrate (kbit/s)', { exact: true }).fill('1800');

    // Raise every rung to High profile: the legacy Arris box (H.264 Main) can play none of them.
    for (const n of [1, 2, 3])
      await page.getByLabel(`Rung ${n} profile`, { exact: true }).selectOption('high');
    await page.getByLabel('Change note').fill('High profile everywhere');
    await page.getByRole('button', { name: 'Save as new version' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'would have no playable rung' });
    await refusal.waitFor();
    const refusalText = (await refusal.textContent()) ?? '';
    expect(refusalText).toMatch(/Not saved: one box model would have no playable rung/);
    expect(refusalText).toMatch(
      /Arris VIP1113 \(arris-vip1113\): [1-9][\d,]* subscribers, [1-9][\d,]* boxes/,
    );
    expect(refusalText).toMatch(/In total [1-9][\d,]* subscribers/);
    expect(await legacyRow.textContent()).toContain('v2');

    // The ffmpeg panel shows the edited three-rung ladder.
    const args = (await page.getByTestId('ffmpeg-arguments').textContent()) ?? '';
    expect(args).toContain('-c:v:0 libx264');
    expect(args).toContain('-profile:v:2 high');
    expect(args).toContain('-filter:v:1 scale=1024:576,fps=25');
    expect(args).toContain("-var_stream_map 'v:0,a:0 v:1,a:1 v:2,a:2'");
    expect(args).toContain('-hls_time 4');
    await screenshot(page, 'profiles-refusal');

    await refusal.getByRole('button', { name: 'Save anyway for these subscribers' }).click();
    await page.getByText('Saved as version 3.').waitFor();
    await legacyRow.getByText('v3').waitFor();
    await page.getByRole('button', { name: 'Diff with current' }).first().click();
    await page.getByRole('table', { name: 'Changes from v2 to v3' }).getByText('rung 1 profile').waitFor();
    await screenshot(page, 'profiles-saved');

    // Channels still pin v2; moving them onto v3 is refused the same way, then confirmed.
    await page.getByRole('button', { name: 'Pin all channels to v3' }).click();
    const pinRefusal = page.getByRole('alert').filter({ hasText: 'would have no playable rung' });
    await pinRefusal.waitFor();
    expect(await pinRefusal.textContent()).toMatch(
      /Arris VIP1113 \(arris-vip1113\): [1-9][\d,]* subscribers/,
    );
    await pinRefusal.getByRole('button', { name: 'Save anyway for these subscribers' }).click();
    await page.getByText(/^\d+ channels now pin v3\.$/).waitFor();

    await page.getByRole('link', { name: 'Compatibility matrix' }).click();
    const basis = page.getByRole('table', { name: 'Compatibility for Basis' });
    await basis.waitFor();
    expect(await basis.getByRole('columnheader', { name: /Arris VIP1113/ }).count()).toBe(1);
    const legacyLadder = basis.getByRole('row').filter({ hasText: 'Legacy SD/HD-ready v3' });
    expect(await legacyLadder.getByText('No playable rung').count()).toBe(1);
    await screenshot(page, 'profiles-matrix');
    await context.close();
  });
});
