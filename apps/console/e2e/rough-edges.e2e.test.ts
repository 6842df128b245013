import { execFileSync } from 'node:child_process';
import { amsterdamDate, formatDateText } from '@keten/contracts';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integerAxis } from '../src/chart-axis';
import { launchChromium, screenshot, signIn } from './browser';
import { e2eEnv } from './env';
import { clearQueues, forgetJobsOf, stores } from './stores';

// The console's one date-time format: "2 Dec, 14:04" this year, "2 Dec 2030, 14:04" in another.
const CONSOLE_DATE_TIME =
  /^\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?: \d{4})?, \d{2}:\d{2}$/;
// What the field shows: always with the year.
const FIELD_DATE_TIME = /^\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}, \d{2}:\d{2}$/;

/**
 * An operator whose browser says en-US in New York: native date inputs would read mm/dd/yyyy and 12-hour
 * time there, and toLocaleString would use New York's clock. The console must still read Amsterdam's.
 */
function americanSession(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: e2eEnv.CONSOLE_URL,
    viewport: { width: 1440, height: 900 },
    locale: 'en-US',
    timezoneId: 'America/New_York',
  });
}

async function signedIn(browser: Browser, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await americanSession(browser);
  const page = await context.newPage();
  await signIn(page, email, e2eEnv.DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  return { context, page };
}

/** The message a field shows under itself (the element its aria-describedby names), once it is marked invalid. */
async function fieldError(scope: Locator, label: string): Promise<string | null> {
  const control = scope.getByLabel(label, { exact: true });
  await control.and(scope.page().locator('[aria-invalid="true"]')).waitFor();
  const describedBy = await control.getAttribute('aria-describedby');
  return describedBy ? scope.page().locator(`[id="${describedBy}"]`).textContent() : null;
}

/** Setup only: a subscriber of the demo data, read through the console's own /trpc route. */
async function demoSubscriberId(page: Page): Promise<string> {
  const input = { json: { status: 'ACTIVE', tokenState: 'ACTIVE', sort: 'serial', pageSize: 1, page: 13 } };
  const response = await page.request.get(
    `/trpc/subscribers.devices.list?input=${encodeURIComponent(JSON.stringify(input))}`,
  );
  expect(response.status()).toBe(200);
  const body = (await response.json()) as {
    result: { data: { json: { items: { subscriber: { id: string } }[] } } };
  };
  const id = body.result.data.json.items[0]?.subscriber.id;
  if (!id) throw new Error('the demo seed has no active box');
  return id;
}

const chartCard = (page: Page, title: string) =>
  page.locator('section').filter({ has: page.getByRole('heading', { name: title, exact: true }) });

describe('the console’s rough edges, smoothed', () => {
  let browser: Browser;
  let liveChannelId: string | undefined;
  beforeAll(async () => {
    clearQueues(['live']);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    if (liveChannelId) forgetJobsOf(liveChannelId);
    clearQueues(['live']);
  });

  it('words refused input as the field’s label and what is allowed, in the browser and from the server', async () => {
    const { context, page } = await signedIn(browser, 'content@keten.demo');
    // Checked in the browser with the shared schema: "Too big: expected string to have <=80 characters" before.
    await page.goto('/packages');
    const form = page.getByRole('form', { name: 'New package' });
    await form.getByLabel('Code', { exact: true }).fill('E2ELONG');
    await form.getByLabel('Name', { exact: true }).fill('N'.repeat(81));
    await form.getByRole('button', { name: 'Create package' }).click();
    expect(await fieldError(form, 'Name')).toBe('Name: at most 80 characters');
    await screenshot(page, 'form-errors');

    // Refused by the API's schema: "Too small: expected number to be >=0.5" before.
    const feeds = await page.request.get(
      `/trpc/channels.feeds?input=${encodeURIComponent(JSON.stringify({ json: { pageSize: 1 } }))}`,
    );
    const channelId = ((await feeds.json()) as { result: { data: { json: { items: { id: string }[] } } } })
      .result.data.json.items[0]?.id;
    await page.goto(`/channels/${channelId}/health`);
    const qc = page.getByRole('form', { name: 'QC thresholds' });
    await qc.getByLabel('Dark share of the picture', { exact: true }).fill('0.1');
    await qc.getByRole('button', { name: /Save/ }).click();
    const message = await fieldError(qc, 'Dark share of the picture');
    expect(message).toBe('Dark share of the picture: at least 0.5');
    expect(message).not.toMatch(/Too small|expected|>=/);
    await screenshot(page, 'form-errors-server');
    // A valid value saves (and leaves an audit entry for the admin home's chart below).
    await qc.getByLabel('Dark share of the picture', { exact: true }).fill('0.9');
    await qc.getByRole('button', { name: /Save/ }).click();
    await qc.getByText(/QC thresholds saved/).waitFor();
    await context.close();
  });

  it('shows and takes dates as dd Mon yyyy and 24-hour Amsterdam time in an en-US browser, by keyboard too', async () => {
    const { context, page } = await signedIn(browser, 'support@keten.demo');
    await page.goto(`/subscribers/${await demoSubscriberId(page)}`);
    const form = page.getByRole('form', { name: 'Add subscription' });
    const start = form.getByLabel('Start', { exact: true });
    // Prefilled with now: a native datetime-local input held "2026-12-03T08:49" and showed 12/03/2026, 08:49 AM.
    await expect.poll(() => start.inputValue()).toMatch(FIELD_DATE_TIME);

    // Packages this subscriber holds already would clash; take one it does not hold.
    const table = page.getByRole('table', { name: 'Subscriptions' });
    await table.waitFor();
    const held = await table.locator('tbody tr td:first-child').allTextContents();
    const packageOptions = form.getByLabel('Package', { exact: true }).locator('option');
    await expect.poll(() => packageOptions.count()).toBeGreaterThan(1);
    const options = await packageOptions.allTextContents();
    const free = options.find((name) => name !== 'Choose…' && !held.some((row) => row.includes(name)));
    if (!free) throw new Error('the demo subscriber holds every package');
    await form.getByLabel('Package', { exact: true }).selectOption({ label: free });

    await start.fill('24 Dec 2030 18:00');
    const end = form.getByLabel('End (optional)', { exact: true });
    await end.fill('24/12/2030 20:00');
    // Arrow up: a day later. Alt+Down opens the calendar on that day; arrow right and Enter pick the next one.
    await end.press('ArrowUp');
    expect(await end.inputValue()).toBe('25 Dec 2030, 20:00');
    await end.press('Alt+ArrowDown');
    const calendar = page.getByRole('dialog', { name: 'Calendar: End' });
    await calendar.getByRole('button', { name: '25 Dec 2030' }).and(page.locator(':focus')).waitFor();
    await screenshot(page, 'date-picker-calendar');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await calendar.waitFor({ state: 'detached' });
    expect(await end.inputValue()).toBe('26 Dec 2030, 20:00');
    await screenshot(page, 'date-fields');

    await form.getByRole('button', { name: 'Add subscription' }).click();
    const added = table.getByRole('row').filter({ hasText: free }).filter({ hasText: '24 Dec 2030, 18:00' });
    await added.waitFor();
    expect(await added.textContent()).toContain('26 Dec 2030, 20:00');
    await context.close();
  });

  it('shows the audit log and its diff in the one format, the diff’s ISO timestamps included', async () => {
    const { context, page } = await signedIn(browser, 'admin@keten.demo');
    await page.goto('/audit');
    await page.getByRole('table', { name: 'Audit log' }).waitFor();
    await page.getByLabel('Entity type', { exact: true }).selectOption({ label: 'Subscription' });
    // The filter's own date field takes the same text: today, from midnight.
    await page
      .getByLabel('From (Amsterdam)', { exact: true })
      .fill(formatDateText(amsterdamDate(new Date())));
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const entry = page.getByRole('row').filter({ hasText: 'subscription.create' }).first();
    await entry.waitFor();
    const when = (await entry.getByRole('cell').first().textContent()) ?? '';
    expect(when).toMatch(CONSOLE_DATE_TIME);
    await entry.getByRole('button', { name: 'Compare' }).click();
    const diff = page.getByRole('table', { name: 'Values before and after the change' });
    // Was "2030-12-24T17:00:00.000Z": UTC, ISO, unlike every other time on the page.
    expect(await diff.getByRole('row').filter({ hasText: 'startsAt' }).textContent()).toBe(
      'startsAt (changed)—24 Dec 2030, 18:00',
    );
    expect(await diff.textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    await screenshot(page, 'audit-dates');
    await context.close();
  });

  it('labels every bar and counts in whole numbers on the home charts', async () => {
    const admin = await signedIn(browser, 'admin@keten.demo');
    const recent = admin.page.getByRole('table', { name: 'Recent audit entries' });
    await recent.locator('tbody tr').first().waitFor();
    const changes = chartCard(admin.page, 'Recent changes by entity');
    await changes.locator('.recharts-bar-rectangle').first().waitFor();
    const types = await changes
      .locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value')
      .allTextContents();
    // Each row's "What" names its type in words ("Channel", "Box (device)"); the longest label a row holds is its type.
    const byLength = [...types].sort((a, b) => b.length - a.length);
    const perType = new Map<string, number>();
    for (const what of await recent.locator('tbody tr td:nth-child(3)').allTextContents()) {
      const type = byLength.find((label) => what.includes(` ${label} `)) ?? '';
      perType.set(type, (perType.get(type) ?? 0) + 1);
    }
    // Whole-number ticks to just past the largest count: one change used to read 0–4.
    expect(
      await changes
        .locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value')
        .allTextContents(),
    ).toEqual(integerAxis(Math.max(...perType.values())).ticks.map(String));
    expect(
      (
        await changes
          .locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value')
          .allTextContents()
      ).sort(),
    ).toEqual([...perType.keys()].sort());
    await screenshot(admin.page, 'home-admin-chart');
    await admin.context.close();

    const product = await signedIn(browser, 'product@keten.demo');
    const firmware = chartCard(product.page, 'Active boxes per firmware');
    const bars = firmware.locator('.recharts-bar-rectangle');
    await bars.first().waitFor();
    const labels = await firmware
      .locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value')
      .allTextContents();
    // 15 bars had 8 labels: Recharts dropped the ones it found crowded.
    expect(await bars.count()).toBeGreaterThan(8);
    expect(labels).toHaveLength(await bars.count());
    expect(new Set(labels).size).toBe(labels.length);
    await screenshot(product.page, 'home-product-chart');
    await product.context.close();
  });

  it('shows a seeded failover with its time, its events and the primary’s error; a running live job shows its uptime', async () => {
    const { context, page } = await signedIn(browser, 'noc@keten.demo');
    await page.goto('/feeds?health=problem');
    const rows = page.getByRole('table', { name: 'Feeds' }).locator('tbody tr');
    await rows.first().waitFor();
    const onBackup = rows.filter({ hasText: 'Backup 1' });
    await onBackup.first().waitFor();
    for (const text of await onBackup.allTextContents()) expect(text).not.toContain('Never');
    const link = onBackup.first().getByRole('link');
    const name = (await link.textContent()) ?? '';
    liveChannelId = /\/channels\/([^/]+)\/health/.exec((await link.getAttribute('href')) ?? '')?.[1];
    await screenshot(page, 'feeds-failover');

    await link.click();
    await page.getByRole('heading', { name: 'Feed health' }).waitFor();
    await page.getByRole('button', { name: '6 h' }).click();
    const events = page.getByRole('table', { name: 'Ingest events' });
    await events.getByText('Failover', { exact: true }).waitFor();
    await events.getByText('Source down', { exact: true }).waitFor();
    const primary = page.getByRole('table', { name: 'Sources' }).locator('tbody tr').first();
    await primary.getByText(/no data from .+ for 10 s/).waitFor();
    await screenshot(page, 'feed-health-failover');

    // A live job the worker has been running for two hours (no worker runs in the browser tests).
    const started = await page.request.post('/trpc/channels.live.start', {
      data: { json: { id: liveChannelId } },
    });
    expect(started.status()).toBe(200);
    execFileSync('psql', [
      '-X',
      '-q',
      stores.DATABASE_URL,
      '-c',
      `UPDATE job_records SET state = 'ACTIVE', started_at = now() - interval '2 hours 5 minutes' WHERE queue = 'live' AND channel_id = '${liveChannelId?.replace(/[^a-z0-9]/gi, '')}'`,
    ]);
    await page.goto('/jobs');
    const job = page
      .getByRole('table', { name: 'Jobs' })
      .getByRole('row')
      .filter({ hasText: `Live ingest of ${name}` });
    await job.getByText(/On air · up 2 h 5 min/).waitFor();
    expect(await job.getByRole('progressbar').count()).toBe(0);
    // One waiting job on the queue-depth chart reads 0–1, not 0–4.
    const depths = chartCard(page, 'Queue depths');
    await depths.locator('.recharts-bar-rectangle').first().waitFor();
    expect(
      await depths
        .locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value')
        .allTextContents(),
    ).toEqual(['0', '1']);
    await screenshot(page, 'jobs-live-uptime');
    await context.close();
  });
});
