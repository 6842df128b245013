import { formatAmsterdam } from '@keten/contracts';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newSession, screenshot, seenWithoutSideScroll, signIn, signOut } from './browser';
import { e2eEnv } from './env';
import { queryRows } from './stores';

interface TBox {
  id: string;
  mac: string;
  serial: string;
  subscriber: { id: string; name: string; accountNumber: string };
}

/** Setup only: an active, assigned box from the seeded demo data, read through the console's own /trpc route. */
async function activeBox(page: Page, nth = 3): Promise<TBox> {
  const input = { json: { status: 'ACTIVE', tokenState: 'ACTIVE', sort: 'serial', pageSize: 1, page: nth } };
  const response = await page.request.get(
    `/trpc/subscribers.devices.list?input=${encodeURIComponent(JSON.stringify(input))}`,
  );
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { result: { data: { json: { items: TBox[] } } } };
  const box = body.result.data.json.items[0];
  if (!box) throw new Error('the demo seed has no active box');
  return box;
}

/** How many lines of text an element's content takes: its text fragments' distinct tops. */
function linesOf(locator: Locator): Promise<number> {
  return locator.evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
  });
}

async function openSupport(page: Page) {
  await signIn(page, 'support@keten.demo', e2eEnv.DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  await page.goto('/support');
  await page.getByLabel('Search subscribers').waitFor();
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

    // Entitlements per box: a household with several boxes shows one at a time; pick this one.
    const pick = page.getByRole('button', { name: `${box.serial} ·`, exact: false });
    if ((await pick.count()) > 0) await pick.click();
    const channels = page.getByRole('table', { name: `Channels of box ${box.serial}` });
    await channels.waitFor();
    expect(await channels.getByRole('row').count()).toBeGreaterThan(60);
    expect(await channels.textContent()).toContain('Basis');
    expect(await channels.textContent()).toContain('On box');
    // The seed's disabled Sky News is withheld on every box, with its reason as a badge and in words.
    await page.getByRole('button', { name: /^Channel status \d+$/ }).click();
    const skyNews = channels.getByRole('row').filter({ hasText: 'Sky News' });
    await skyNews.waitFor();
    expect(await skyNews.textContent()).toContain('Channel status');
    expect(await skyNews.textContent()).toContain('disabled by an operator');
    await page.getByLabel('Filter channels by name or number').fill('sky');
    // Header row plus Sky News: the status filter and the name filter together.
    await expect.poll(() => channels.getByRole('row').count(), { timeout: 5_000 }).toBe(2);
    await page.getByText('No playback sessions in the last 24 hours').waitFor();
    await screenshot(page, 'support-subscriber');
    await context.close();
  });

  it('a MAC typed as octets finds that box only, exact segment first, never a near miss across octets; Search is a button', async () => {
    // A box whose MAC ends in 00:00:xy, where other boxes hold the same digits shifted by one ("…0:00:0x:y…"):
    // the near misses a digits-only match returned.
    const [target] = queryRows(`
      SELECT d.mac, s.account_number FROM devices d JOIN subscribers s ON s.id = d.subscriber_id
      WHERE d.mac LIKE '%:00:00:__' AND EXISTS (
        SELECT 1 FROM devices n WHERE n.subscriber_id IS NOT NULL
          AND n.mac LIKE '%0:00:0' || substr(d.mac, 16, 1) || ':' || substr(d.mac, 17, 1) || '%')
      ORDER BY d.mac LIMIT 1`);
    if (!target) throw new Error('the demo seed has no box with near-miss MACs');
    const [mac = '', accountNumber = ''] = target;
    const typed = mac.slice(-8); // "00:00:xy"
    const context = await newSession(browser);
    const page = await context.newPage();
    await openSupport(page);
    await page.getByLabel('Search subscribers').fill(typed);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(`**/support?q=${encodeURIComponent(typed)}`);
    const results = page.getByRole('table', { name: 'Subscribers found' });
    await results.getByRole('row').filter({ hasText: accountNumber }).waitFor();
    // Header and the one household: no "…0:00:0x:y…" boxes.
    await expect.poll(() => results.getByRole('row').count(), { timeout: 5_000 }).toBe(2);
    const macsShown = async () =>
      [...((await results.textContent()) ?? '').matchAll(/box MAC ((?:[0-9a-f]{2}:){5}[0-9a-f]{2})/g)].map(
        (m) => m[1],
      );
    expect(await macsShown()).toEqual([mac]);
    await screenshot(page, 'support-mac-search');

    // The same octets typed with dashes in capitals, or bare (which may also be part of a serial or account
    // number): that box first, and no other box's MAC.
    for (const form of [typed.toUpperCase().replaceAll(':', '-'), typed.replaceAll(':', '')]) {
      await page.getByLabel('Search subscribers').fill(form);
      await page.getByLabel('Search subscribers').press('Enter');
      await page.waitForURL(`**/support?q=${encodeURIComponent(form)}`);
      await results.getByRole('row').filter({ hasText: accountNumber }).waitFor();
      expect(await results.getByRole('row').nth(1).textContent()).toContain(accountNumber);
      expect(await macsShown()).toEqual([mac]);
    }
    await context.close();
  });

  it('a 500-character search says which field and what limit, in words, and sends nothing', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await openSupport(page);
    await page.getByLabel('Search subscribers').fill('x'.repeat(500));
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const message = page.getByText(/The search can be at most 100 characters/);
    await message.waitFor();
    expect(await message.textContent()).toContain('this one has 500');
    expect(await page.getByLabel('Search subscribers').getAttribute('aria-invalid')).toBe('true');
    // No raw API error anywhere on the page.
    expect(await page.locator('main').textContent()).not.toMatch(/[{}]|"code"|too_big|Too big/);
    await screenshot(page, 'support-search-too-long');
    await context.close();
  });

  it("a subscriber's box actions stay on one line each and in view at 1440×900", async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await openSupport(page);
    const box = await activeBox(page, 5);
    await page.goto(`/subscribers/${box.subscriber.id}`);
    const row = page.getByRole('table', { name: 'Boxes' }).getByRole('row').filter({ hasText: box.serial });
    const actions = [
      row.getByRole('button', { name: 'New activation code' }),
      row.getByRole('button', { name: 'Revoke token' }),
    ];
    await actions[0]?.waitFor();
    for (const action of actions) {
      expect(await linesOf(action)).toBe(1);
      expect(await seenWithoutSideScroll(action)).toBe(true);
    }
    const tops = await Promise.all(actions.map(async (action) => (await action.boundingBox())?.y));
    expect(new Set(tops).size).toBe(1);
    await screenshot(page, 'support-subscriber-boxes');
    await context.close();
  });

  it('revoking a box token shows at once, and the audit log finds it by entity and time with its before/after', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await signIn(page, 'support@keten.demo', e2eEnv.DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    const box = await activeBox(page, 7);
    await page.goto(`/subscribers/${box.subscriber.id}`);
    const row = page.getByRole('table', { name: 'Boxes' }).getByRole('row').filter({ hasText: box.serial });
    await row.getByText('Active · v').waitFor();
    await row.getByRole('button', { name: 'Revoke token' }).click();
    await row.getByText('It stops playing at once and must be activated again.', { exact: false }).waitFor();
    await row.getByRole('button', { name: 'Yes, revoke token' }).click();
    await row.getByText(/Revoked · v\d+/).waitFor();
    await signOut(page);

    await signIn(page, 'admin@keten.demo', e2eEnv.DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto('/audit');
    await page.getByRole('table', { name: 'Audit log' }).waitFor();
    const amsterdam = (offsetMs: number) =>
      formatAmsterdam(new Date(Date.now() + offsetMs)).replace(' ', 'T');
    await page.getByLabel('Entity type').selectOption('Device');
    await page.getByLabel('Entity id').fill(box.id);
    await page.getByLabel('From (Amsterdam)').fill(amsterdam(-15 * 60_000));
    await page.getByLabel('Until (Amsterdam)').fill(amsterdam(15 * 60_000));
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const entry = page.getByRole('row').filter({ hasText: 'device.token-revoke' });
    await entry.waitFor();
    await entry.getByRole('button', { name: 'Compare' }).click();
    const diff = page.getByRole('table', { name: 'Values before and after the change' });
    expect(await diff.getByRole('row').filter({ hasText: 'tokenState' }).textContent()).toBe(
      'tokenState (changed)ACTIVEREVOKED',
    );
    await screenshot(page, 'audit-device-revoke');

    // The same entity outside the time window: nothing.
    await page.getByLabel('From (Amsterdam)').fill(amsterdam(60 * 60_000));
    await page.getByLabel('Until (Amsterdam)').fill(amsterdam(2 * 60 * 60_000));
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No entries match these filters.').waitFor();
    await context.close();
  });

  it('a CSV with one bad row is reported by row, column and reason, and nothing is imported', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await signIn(page, 'support@keten.demo', e2eEnv.DEMO_PASSWORD);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /Subscribers/ })
      .click();
    await page.getByRole('table', { name: 'Subscribers' }).waitFor();
    await page.getByText(/of 10,000 subscribers/).waitFor();
    await screenshot(page, 'subscribers-table');

    await page.getByRole('link', { name: 'Import CSV' }).click();
    const csv =
      'account_number,name,email,region\nKT9900001,Anna Bos,anna@example.nl,Utrecht\nKT9900002,Bad Mail,not-an-email,Utrecht\n';
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'new.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Check file' }).click();
    await page.getByText('1 problem: nothing was imported').waitFor();
    const problem = page.getByRole('table', { name: 'Problems found in the file' }).getByRole('row').nth(1);
    expect(await problem.textContent()).toBe('3emailmust be an email address');
    expect(await page.getByRole('button', { name: /^Import/ }).isDisabled()).toBe(true);
    await screenshot(page, 'subscribers-import-report');
    await context.close();
  });
});
