import { execFileSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEnv } from '@keten/contracts/env';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { launchChromium, newSession, screenshot, seenWithoutSideScroll, signIn } from './browser';
import { e2eEnv } from './env';

// The API's media root (scripts/e2e.sh exports it): the form offers the files of its incoming/ folder.
const { MEDIA_ROOT, REDIS_URL } = parseEnv(
  z.object({ MEDIA_ROOT: z.string().min(1), REDIS_URL: z.string().min(1) }),
  process.env,
);
const INCOMING = join(MEDIA_ROOT, 'incoming');

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
    await mkdir(join(INCOMING, 'shows'), { recursive: true });
    await writeFile(join(INCOMING, 'e2e-film.ts'), 'stand-in for a video file');
    await writeFile(join(INCOMING, 'e2e-gone.ts'), 'deleted before the form is sent');
    // A real 3 s clip, so the list shows a duration.
    execFileSync('ffmpeg', [
      ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=duration=3:size=160x90:rate=10'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', join(INCOMING, 'shows', 'e2e-clip.ts')],
    ]);
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

    // The source is chosen from the files the API has, with their size and (when ffprobe reads one) length.
    const file = form.getByLabel('Source file', { exact: true });
    await file.locator('option', { hasText: 'e2e-film.ts' }).waitFor({ state: 'attached' });
    const offered = await file.locator('option').allTextContents();
    expect(offered).toEqual(
      expect.arrayContaining([
        'e2e-film.ts · 25 bytes',
        expect.stringMatching(/^shows\/e2e-clip\.ts · .+ KB · 0:03$/),
      ]),
    );
    expect(offered.join('\n')).not.toContain(MEDIA_ROOT);

    // A file that disappears before the form is sent: refused next to the field, in the operator's words.
    await file.selectOption('e2e-gone.ts');
    await rm(join(INCOMING, 'e2e-gone.ts'));
    await form.getByLabel('Output key', { exact: true }).fill('e2e-film');
    await form.getByRole('button', { name: 'Queue transcode' }).click();
    expect(await fieldError(page, 'Source file')).toBe(
      'Source file: e2e-gone.ts is no longer in the media input folder (moved or deleted?); choose a file from the list.',
    );
    expect(await page.locator('body').textContent()).not.toContain(MEDIA_ROOT);
    await screenshot(page, 'jobs-field-error');
    await form.getByRole('button', { name: 'Refresh the file list' }).click();
    await file.locator('option', { hasText: 'e2e-gone.ts' }).waitFor({ state: 'detached' });

    await file.selectOption('e2e-film.ts');
    await form.getByRole('button', { name: 'Queue transcode' }).click();
    await form.getByRole('status').filter({ hasText: 'e2e-film is queued.' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'e2e-film' });
    await row.getByText('Waiting', { exact: true }).waitFor();
    expect(await row.textContent()).toContain('e2e-film.ts');
    expect(await page.locator('body').textContent()).not.toContain(MEDIA_ROOT);
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
