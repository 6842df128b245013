import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newSession, screenshot, signIn } from './browser';
import { e2eEnv } from './env';

// A day outside the seeded EPG (two weeks around today), so only this test's programmes are on it.
const DAY = '2027-02-10';

async function contentManager(browser: Browser): Promise<Page> {
  const page = await (await newSession(browser)).newPage();
  await signIn(page, 'content@keten.demo', e2eEnv.DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  return page;
}

/** The grid's block for a programme, found by its accessible name ("Title, 20:00–20:30. Open to edit or move"). */
const block = (page: Page, title: string) => page.getByRole('button', { name: new RegExp(`^${title}, `) });

async function blockName(locator: Locator): Promise<string> {
  return (await locator.getAttribute('aria-label')) ?? '';
}

/** Waits until the block's name holds `text` (the grid refetches after a change). */
async function waitForBlockText(page: Page, title: string, text: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^${title}, ${text}`) }).waitFor();
}

/** Drags with a real mouse: press on the block, move in steps, release `dx`/`dy` pixels away. */
async function drag(page: Page, target: Locator, dx: number, dy = 0): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  if (!box) throw new Error('the block is not on screen');
  const x = box.x + Math.min(12, box.width / 2);
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 4 });
  await page.mouse.move(x + dx, y + dy, { steps: 4 });
  await page.mouse.up();
}

/** Clicks the empty part of a channel's row at the start of an hour. */
async function clickSlot(page: Page, channel: string, hour: string): Promise<void> {
  const header = page.locator(`[data-hour="${hour}"]`).first();
  await header.scrollIntoViewIfNeeded();
  const column = await header.boundingBox();
  const row = await page.locator(`[data-channel-name="${channel}"] [data-channel-id]`).boundingBox();
  if (!column || !row) throw new Error(`no slot for ${channel} at ${hour}`);
  await page.mouse.click(column.x + 3, row.y + 3);
}

describe('schedule grid: channels × hours, a week, add and move (content manager)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('shows today as channels × hours with now marked, pages 80 channels, filters by search and package, all in the URL', async () => {
    const page = await contentManager(browser);
    await page.goto('/schedule');
    const grid = page.getByRole('region', { name: 'Schedule grid, day' });
    await grid.waitFor();
    // The seeded EPG runs around today: the first channel's row has programmes, and now is a line with its time.
    await grid.locator('[data-channel-name="NPO 1"] [data-programme]').first().waitFor();
    expect(await grid.locator('[data-now-marker]').textContent()).toMatch(/^Now, \d{2}:\d{2}$/);
    // Twenty channel rows a page, of every channel in the line-up.
    expect(await grid.locator('[data-channel-name]').count()).toBe(20);
    const pager = page.getByRole('navigation', { name: 'Pagination' });
    expect(await pager.textContent()).toMatch(/1–20 of \d{2} channels/);
    await screenshot(page, 'schedule-grid-day');

    await pager.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL(/[?&]page=2/);
    await page.locator('[data-channel-name]').first().waitFor();
    expect(await pager.textContent()).toMatch(/21–40 of/);

    // The selectors have visible labels, and what they choose is in the URL (a reload keeps it).
    const toolbar = page.getByRole('search', { name: 'View, date and channels' });
    for (const label of ['Date', 'Find channel', 'Package'])
      expect(await toolbar.locator('label', { hasText: new RegExp(`^${label}$`) }).isVisible()).toBe(true);
    await page.getByLabel('Find channel').fill('ESPN');
    await page.waitForURL(/[?&]q=ESPN/);
    expect(page.url()).not.toMatch(/page=2/);
    await page.getByLabel('Package').selectOption({ label: 'Sport' });
    await page.waitForURL(/[?&]package=SPORT/);
    await page.reload();
    const names = page.locator('[data-channel-name]');
    await names.first().waitFor();
    expect(await names.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-channel-name')))).toEqual([
      'ESPN 1',
      'ESPN 2',
      'ESPN 3',
      'ESPN 4',
    ]);
    expect(await page.getByLabel('Find channel').inputValue()).toBe('ESPN');
    await page.getByLabel('Find channel').fill('no such channel');
    await page.getByText('No channel matches').waitFor();

    // Previous / next / today move the date in the URL.
    await page.goto(`/schedule?date=${DAY}`);
    await page.getByRole('button', { name: 'Next day' }).click();
    await page.waitForURL(/date=2027-02-11/);
    await page.getByRole('button', { name: 'Previous day' }).click();
    await page.waitForURL(/date=2027-02-10/);
    await page.getByRole('button', { name: 'Today', exact: true }).click();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
    await page.waitForURL((url) => url.searchParams.get('date') === today);
    await page.context().close();
  });

  it('adds from an empty slot, moves by dragging (refused with the clash named) and by the Move form', async () => {
    const page = await contentManager(browser);
    await page.goto(`/schedule?date=${DAY}&q=NPO%201`);
    await page.getByRole('region', { name: 'Schedule grid, day' }).waitFor();
    await page.locator('[data-channel-name="NPO 1"]').waitFor();

    // An empty slot opens the form with that channel and time.
    const form = page.getByRole('form', { name: 'Programme' });
    const addAt = async (hour: string, title: string) => {
      await clickSlot(page, 'NPO 1', hour);
      await form.waitFor();
      expect(await form.getByLabel('Channel').locator('option:checked').textContent()).toBe('1 · NPO 1');
      expect(await form.getByLabel('Start').inputValue()).toBe(`${DAY} ${hour}`);
      await form.getByLabel('Title', { exact: true }).fill(title);
      await form.getByRole('button', { name: 'Add programme' }).click();
      await page.getByText(`“${title}” is saved.`).waitFor();
    };
    await addAt('20:00', 'E2E Rooster');
    expect(await form.getByLabel('End').count()).toBe(0);
    await waitForBlockText(page, 'E2E Rooster', '20:00–20:30');
    await addAt('22:00', 'E2E Blok');
    await waitForBlockText(page, 'E2E Blok', '22:00–22:30');

    // Dragged an hour to the right (120 px an hour): same length, new start, saved on the server.
    await drag(page, block(page, 'E2E Rooster'), 120);
    await page.getByText('“E2E Rooster” is moved to 2027-02-10 21:00.').waitFor();
    await waitForBlockText(page, 'E2E Rooster', '21:00–21:30');
    // Onto E2E Blok: refused, and the message names it.
    await drag(page, block(page, 'E2E Rooster'), 120);
    const refused = page.getByRole('alert').filter({ hasText: 'was not moved' });
    await refused.waitFor();
    expect(await refused.textContent()).toBe(
      '“E2E Rooster” was not moved: Overlaps programme "E2E Blok" (10 Feb 2027 22:00:00 – 10 Feb 2027 22:30:00, Amsterdam time) on this channel.',
    );
    await waitForBlockText(page, 'E2E Rooster', '21:00–21:30');
    await screenshot(page, 'schedule-grid-move-refused');

    // Without a mouse: focus the block, Enter opens it, the Move form takes a new start.
    await block(page, 'E2E Rooster').focus();
    await page.keyboard.press('Enter');
    const moveForm = page.getByRole('form', { name: 'Move programme' });
    await moveForm.waitFor();
    expect(await moveForm.getByLabel('New start').inputValue()).toBe(`${DAY} 21:00`);
    await moveForm.getByLabel('New start').fill(`${DAY} 23:15`);
    await moveForm.getByRole('button', { name: 'Move' }).click();
    await page.getByText('“E2E Rooster” is moved.').waitFor();
    await waitForBlockText(page, 'E2E Rooster', '23:15–23:45');
    expect(await blockName(block(page, 'E2E Blok'))).toMatch(/22:00–22:30/);

    // The week: one channel, Monday to Sunday, chosen by a labelled selector; the moved programme is on Wednesday.
    await page.getByRole('button', { name: 'Week', exact: true }).click();
    await page.waitForURL(/view=week/);
    expect(
      await page
        .getByRole('search')
        .locator('label', { hasText: /^Channel$/ })
        .isVisible(),
    ).toBe(true);
    const week = page.getByRole('region', { name: 'Schedule grid, week of NPO 1' });
    await week.waitFor();
    expect(
      await week.locator('[data-day]').evaluateAll((days) => days.map((d) => d.getAttribute('data-day'))),
    ).toEqual([
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
      '2027-02-12',
      '2027-02-13',
      '2027-02-14',
    ]);
    await week
      .locator('[data-day="2027-02-10"]')
      .getByRole('button', { name: /^E2E Rooster, 23:15–23:45/ })
      .waitFor();
    // Dragged down an hour (44 px an hour) and one day to the right.
    const source = week.locator('[data-day="2027-02-10"]').getByRole('button', { name: /^E2E Blok, / });
    const columns = await week
      .locator('[data-day]')
      .evaluateAll((days) => days.map((d) => d.getBoundingClientRect().width));
    await drag(page, source, columns[2] ?? 0, -44);
    await week
      .locator('[data-day="2027-02-11"]')
      .getByRole('button', { name: /^E2E Blok, 21:00–21:30/ })
      .waitFor();
    await page.getByRole('button', { name: 'Next week' }).click();
    await page.waitForURL(/date=2027-02-17/);
    await page.context().close();
  });

  it('the week of today, with now marked (screenshot)', async () => {
    const page = await contentManager(browser);
    await page.goto('/schedule?view=week');
    const week = page.getByRole('region', { name: 'Schedule grid, week of NPO 1' });
    await week.locator('[data-programme]').first().waitFor();
    expect(await week.locator('[data-now-marker]').textContent()).toMatch(/^Now, \d{2}:\d{2}$/);
    await screenshot(page, 'schedule-grid-week');
    await page.context().close();
  });

  it('refuses a programme over 24 hours until the override is ticked, and shows both years of its span', async () => {
    const page = await contentManager(browser);
    await page.goto('/schedule?view=list&date=2027-06-01&channel=');
    await page.getByRole('button', { name: 'New programme' }).click();
    const form = page.getByRole('form', { name: 'Programme' });
    await form.getByLabel('Channel').selectOption({ label: '3 · NPO 3' });
    await form.getByLabel('Start').fill('2027-06-01 20:00');
    await form.getByLabel('End').fill('2037-06-01 20:00');
    await form.getByLabel('Title', { exact: true }).fill('E2E Tien jaar');
    await form.getByRole('button', { name: 'Add programme' }).click();
    const end = form.getByLabel('End');
    await end.and(page.locator('[aria-invalid="true"]')).waitFor();
    const describedBy = await end.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe(
      'End: must be at most 24 hours after the start; tick “Longer than 24 h — I mean it” to save a longer programme',
    );
    await form.getByLabel('Longer than 24 h — I mean it').check();
    await form.getByRole('button', { name: 'Add programme' }).click();
    await page.getByText('“E2E Tien jaar” is saved.').waitFor();

    await page
      .getByRole('search')
      .getByLabel('Channel', { exact: true })
      .selectOption({ label: '3 · NPO 3' });
    const row = page
      .getByRole('table', { name: 'Programmes' })
      .getByRole('row')
      .filter({ hasText: 'E2E Tien jaar' });
    await row.waitFor();
    expect(await row.textContent()).toContain('1 Jun 2027, 20:00–1 Jun 2037, 20:00');
    await screenshot(page, 'schedule-long-programme');

    // Deleting asks first, in the programme's own dialog.
    await row.getByRole('button', { name: 'Edit E2E Tien jaar' }).click();
    const dialog = page.getByRole('dialog', { name: 'E2E Tien jaar' });
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await dialog.getByText('Delete “E2E Tien jaar” from the schedule?').waitFor();
    await dialog.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByText('“E2E Tien jaar” is deleted.').waitFor();
    await page.context().close();
  });

  it('shows an XMLTV import report right under the button that ran it, over-long entries named', async () => {
    const page = await contentManager(browser);
    await page.goto(`/schedule?date=${DAY}`);
    const urlButton = page.getByRole('button', { name: 'Import from URL' });
    await page.getByLabel('Feed URL').fill('http://127.0.0.1:9/guide.xml');
    await urlButton.click();
    const report = page.getByRole('region', { name: 'Import report' });
    await report.waitFor();
    expect(await report.textContent()).toContain('Could not fetch the feed');
    // Next to the action: directly below the button, on screen without scrolling.
    const button = await urlButton.boundingBox();
    const shown = await report.boundingBox();
    if (!button || !shown) throw new Error('not on screen');
    expect(shown.y - (button.y + button.height)).toBeGreaterThanOrEqual(0);
    expect(shown.y - (button.y + button.height)).toBeLessThan(40);
    expect(await report.evaluate((el) => el.getBoundingClientRect().top < window.innerHeight)).toBe(true);
    await screenshot(page, 'schedule-import-url-report');

    const xml = `<?xml version="1.0"?><tv>
      <programme channel="npo-2" start="20270210200000 +0100" stop="20270210210000 +0100"><title>E2E Kort</title></programme>
      <programme channel="npo-2" start="20270210210000 +0100" stop="20370210210000 +0100"><title>E2E Eindeloos</title></programme>
    </tv>`;
    await page.getByLabel('XMLTV file', { exact: true }).setInputFiles({
      name: 'long.xml',
      mimeType: 'text/xml',
      buffer: Buffer.from(xml),
    });
    await page.getByRole('button', { name: 'Import file' }).click();
    await page.getByText('1 accepted, 1 rejected. The accepted programmes are stored.').waitFor();
    const fileReport = page.getByRole('region', { name: 'Import report' });
    const fileButton = await page.getByRole('button', { name: 'Import file' }).boundingBox();
    const fileShown = await fileReport.boundingBox();
    expect((fileShown?.y ?? 0) - ((fileButton?.y ?? 0) + (fileButton?.height ?? 0))).toBeLessThan(40);
    const bad = fileReport.getByRole('row').filter({ hasText: 'E2E Eindeloos' });
    expect(await bad.textContent()).toContain('Longer than 24 hours');
    expect(await bad.textContent()).toContain('Runs 87,672 hours');
    await page.context().close();
  });
});
