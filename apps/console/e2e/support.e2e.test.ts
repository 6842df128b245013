import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newSession, screenshot, signIn } from './browser';
import { e2eEnv } from './env';

interface TBox {
  mac: string;
  serial: string;
  subscriber: { id: string; name: string; accountNumber: string };
}

/** Setup only: an active, assigned box from the seeded demo data, read through the console's own /trpc route. */
async function activeBox(page: Page): Promise<TBox> {
  const input = { json: { status: 'ACTIVE', tokenState: 'ACTIVE', sort: 'serial', pageSize: 1, page: 3 } };
  const response = await page.request.get(
    `/trpc/subscribers.devices.list?input=${encodeURIComponent(JSON.stringify(input))}`,
  );
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { result: { data: { json: { items: TBox[] } } } };
  const box = body.result.data.json.items[0];
  if (!box) throw new Error('the demo seed has no active box');
  return box;
}

describe('support lookup', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('a support agent finds a subscriber by a partial MAC typed as AA-BB-CC and sees that box and the entitlements', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await signIn(page, 'support@keten.demo', e2eEnv.DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    const box = await activeBox(page);
    // The last three octets, as read off a sticker: upper case with dashes.
    const typed = box.mac.slice(-8).toUpperCase().replaceAll(':', '-');

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /Support lookup/ })
      .click();
    await page.waitForURL('**/support');
    await page.getByLabel('Search subscribers').fill(typed);
    await page.getByLabel('Search subscribers').press('Enter');
    const results = page.getByRole('table', { name: 'Subscribers found' });
    await results.waitFor();
    const row = results.getByRole('row').filter({ hasText: box.subscriber.accountNumber });
    await row.waitFor();
    expect((await row.textContent())?.replace(/\s+/g, ' ')).toContain(`box MAC ${box.mac}`);
    await screenshot(page, 'support-search');

    await row.getByRole('link', { name: box.subscriber.name }).click();
    await page.waitForURL(`**/subscribers/${box.subscriber.id}`);
    await page.getByRole('heading', { name: box.subscriber.name }).waitFor();
    const boxes = page.getByRole('table', { name: 'Boxes' });
    await boxes.getByRole('cell', { name: box.mac }).waitFor();
    expect(await boxes.getByRole('link', { name: box.serial }).count()).toBe(1);

    const entitled = page.getByRole('table', { name: 'Entitled channels' });
    await entitled.waitFor();
    expect(await entitled.getByRole('row').count()).toBeGreaterThan(10);
    expect(await entitled.textContent()).toContain('Basis');
    await page.getByText('No playback sessions reported by these boxes yet').waitFor();
    await screenshot(page, 'support-subscriber');
    await context.close();
  });
});
