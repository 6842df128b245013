import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEnv } from '@keten/contracts/env';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { launchChromium, newSession, screenshot, seenWithoutSideScroll, signIn } from './browser';
import { e2eEnv } from './env';

// The API's media root (scripts/e2e.sh exports it): the source file must exist inside it.
const { MEDIA_ROOT, REDIS_URL } = parseEnv(
  z.object({ MEDIA_ROOT: z.string().min(1), REDIS_URL: z.string().min(1) }),
  process.env,
);
const SOURCE = 'incoming/e2e-film.ts';

/** The message under a form field, found through the control's aria-describedby. */
async function fieldError(page: Page, label: string): Promise<string | null> {
  const control = page.getByRole('form', { name: 'New transcode' }).getByLabel(label, { exact: true });
  await control.and(page.locator('[aria-invalid="true"]')).waitFor();
  const describedBy = await control.getAttribute('aria-describedby');
  return describedBy ? page.locator(`[id="${describedBy}"]`).textContent() : null;
}

describe('jobs page, as a content manager (no worker runs, so a new job stays waiting)', () => {
  let browser: Browser;
  beforeAll(async () => {
    // The database is recreated per run but this Redis db is not: start from an empty transcode queue.
    execFileSync('sh', [
      '-c',
      `redis-cli -u "$0" --scan --pattern 'keten:transcode:*' | xargs -r redis-cli -u "$0" del`,
      REDIS_URL,
    ]);
    await mkdir(join(MEDIA_ROOT, 'incoming'), { recursive: true });
    await writeFile(join(MEDIA_ROOT, SOURCE), 'stand-in for a video file');
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('queues a transcode from the form, sees it waiting with its input, cancels it', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await signIn(page, 'content@keten.demo', e2eEnv.DEMO_PASSWORD);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Jobs' }).click();
    await page.waitForURL('**/jobs');
    await page.getByText('No jobs yet').waitFor();
    await page.getByText('transcode: 0 waiting · 0 running').waitFor();
    await screenshot(page, 'jobs-empty');

    const form = page.getByRole('form', { name: 'New transcode' });
    const profile = form.getByLabel('Encoding profile', { exact: true });
    await profile.locator('option', { hasText: '(hd-h264)' }).waitFor({ state: 'attached' });
    const hd = await profile.locator('option', { hasText: '(hd-h264)' }).getAttribute('value');
    await profile.selectOption(hd ?? '');
    await form
      .getByLabel('Profile version', { exact: true })
      .locator('option', { hasText: 'current' })
      .waitFor({ state: 'attached' });

    // Outside the media root: refused, next to the field, nothing queued.
    await form.getByLabel('Source file', { exact: true }).fill('../../etc/passwd');
    await form.getByLabel('Output key', { exact: true }).fill('e2e-film');
    await form.getByRole('button', { name: 'Queue transcode' }).click();
    expect(await fieldError(page, 'Source file')).toMatch(/must be a file inside the media root/i);
    await screenshot(page, 'jobs-field-error');

    await form.getByLabel('Source file', { exact: true }).fill(SOURCE);
    await form.getByRole('button', { name: 'Queue transcode' }).click();
    await form.getByRole('status').filter({ hasText: 'e2e-film is queued.' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'e2e-film' });
    await row.getByText('Waiting', { exact: true }).waitFor();
    expect(await row.textContent()).toContain(join(MEDIA_ROOT, SOURCE));
    await page.getByText('transcode: 1 waiting · 0 running').waitFor();
    await screenshot(page, 'jobs-waiting');

    // At 1440 px the actions column is on screen, and asking to confirm does not push it off.
    expect(await seenWithoutSideScroll(row.getByRole('button', { name: 'Cancel' }))).toBe(true);
    await row.getByRole('button', { name: 'Cancel' }).click();
    await row.getByText('Take it off the queue?').waitFor();
    expect(await seenWithoutSideScroll(row.getByRole('button', { name: 'Keep' }))).toBe(true);
    await row.getByRole('button', { name: 'Yes, cancel' }).click();
    await row.getByText('Cancelled', { exact: true }).waitFor();
    expect(await row.textContent()).toContain('cancelled by content@keten.demo');
    await page.getByText('transcode: 0 waiting · 0 running').waitFor();
    await screenshot(page, 'jobs-cancelled');
    await context.close();
  }, 60_000);
});
