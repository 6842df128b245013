import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newSession, screenshot, signIn } from './browser';
import { e2eEnv } from './env';
import { clearQueues, forgetJobsOf } from './stores';

/** The body rows of the feeds table (the header row has no cells). */
const feedRows = (page: Page): Locator => page.getByRole('table', { name: 'Feeds' }).locator('tbody tr');

/** The "1–50 of 83"-style total the pagination prints, as a number. */
async function shownTotal(page: Page): Promise<number> {
  const text = (await page.getByText(/ of \d+ feeds/).textContent()) ?? '';
  return Number(/ of (\d+) feeds/.exec(text)?.[1]);
}

describe('feeds overview, as a NOC engineer', () => {
  let browser: Browser;
  let startedChannelId: string | undefined;
  beforeAll(async () => {
    clearQueues(['live']);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    if (startedChannelId) forgetJobsOf(startedChannelId);
    clearQueues(['live']);
  });

  it('opens Feeds from the nav, filters to problems and live channels, and opens a channel’s health', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await signIn(page, 'noc@keten.demo', e2eEnv.DEMO_PASSWORD);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Feeds' }).click();
    await page.waitForURL('**/feeds');
    await page.getByRole('heading', { name: 'Feeds', level: 1 }).waitFor();
    await feedRows(page).first().waitFor();
    const everyChannel = await shownTotal(page);
    expect(everyChannel).toBeGreaterThan(10);
    await screenshot(page, 'feeds-all');

    // Problems only: the seeded lineup has some DOWN and DEGRADED sources; every row left shows one.
    await page.getByRole('button', { name: 'Problems only' }).click();
    await page.waitForURL(/health=problem/);
    await expect.poll(() => shownTotal(page)).toBeLessThan(everyChannel);
    expect(await page.getByRole('button', { name: 'Problems only' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    const problems = await feedRows(page).allTextContents();
    expect(problems.length).toBeGreaterThan(0);
    for (const row of problems) expect(row).toMatch(/\d+ (down|degraded)|(degraded|down|unknown)/);
    await screenshot(page, 'feeds-problems');

    // Live only as well: nothing runs yet. Start the first problem channel's live ingest; it shows up queued.
    const first = feedRows(page).first().getByRole('link');
    const name = (await first.textContent()) ?? '';
    const href = (await first.getAttribute('href')) ?? '';
    startedChannelId = /\/channels\/([^/]+)\/health/.exec(href)?.[1];
    await page.getByRole('button', { name: 'Live only' }).click();
    await page.waitForURL(/live=running/);
    await page.getByText('No feeds match').waitFor();
    await screenshot(page, 'feeds-live-empty');
    const started = await page.request.post('/trpc/channels.live.start', {
      data: { json: { id: startedChannelId } },
    });
    expect(started.status()).toBe(200);
    // The table refreshes on its own every 10 s.
    const row = feedRows(page).filter({ hasText: name });
    await row.getByText('Queued', { exact: true }).waitFor({ timeout: 15_000 });
    expect(await feedRows(page).count()).toBe(1);
    await screenshot(page, 'feeds-live-problem');

    // The channel's name opens its feed health page, which the NOC may read.
    await row.getByRole('link', { name }).click();
    await page.waitForURL(`**/channels/${startedChannelId}/health`);
    await page.getByRole('heading', { name: 'Feed health' }).waitFor();
    await page.getByText(name, { exact: true }).waitFor();
    await page.getByRole('link', { name: 'All feeds' }).waitFor();
    // The NOC has no Channels item: the sidebar marks Feeds, where the page was opened from.
    expect(await nav.locator('[aria-current="page"]').allTextContents()).toEqual(['Feeds']);
    await screenshot(page, 'feeds-channel-health');

    // The Jobs page names the live job by its channel instead of an empty transcode summary.
    await nav.getByRole('link', { name: 'Jobs' }).click();
    await page.waitForURL('**/jobs');
    const job = page.getByRole('row').filter({ hasText: `Live ingest of ${name} (LCN` });
    await job.getByText('Waiting', { exact: true }).waitFor();
    await screenshot(page, 'feeds-live-job');
    await context.close();
  });
});
