import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newSession, screenshot, signIn } from './browser';
import { e2eEnv } from './env';

const FIXTURE = fileURLToPath(new URL('./fixtures/schedule-one-bad.xml', import.meta.url));

/** The message under a form field, found through the control's aria-describedby. */
async function fieldError(page: Page, form: string, label: string): Promise<string | null> {
  const control = page.getByRole('form', { name: form }).getByLabel(label, { exact: true });
  await control.and(page.locator('[aria-invalid="true"]')).waitFor();
  const describedBy = await control.getAttribute('aria-describedby');
  return describedBy ? page.locator(`[id="${describedBy}"]`).textContent() : null;
}

describe('schedule: XMLTV import as a content manager', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('imports a file with one bad entry, reports that entry and its reason, and shows the good ones', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await signIn(page, 'content@keten.demo', e2eEnv.DEMO_PASSWORD);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /Schedule/ })
      .click();
    await page.waitForURL('**/schedule');
    // A day outside the seeded EPG, as a list: NPO 1 (the first channel) has nothing yet.
    await page.goto('/schedule?view=list&date=2027-01-15');
    await page.getByText('Nothing scheduled').waitFor();

    await page.getByLabel('XMLTV file', { exact: true }).setInputFiles(FIXTURE);
    await page.getByRole('button', { name: 'Import file' }).click();
    const report = page.getByRole('status', { name: 'Import result' });
    await report.waitFor();
    await page.getByText('2 accepted, 1 rejected. The accepted programmes are stored.').waitFor();
    const bad = report.getByRole('row').filter({ hasText: 'E2E Spookprogramma' });
    expect(await bad.textContent()).toContain('Unknown channel');
    expect(await bad.textContent()).toContain('XMLTV channel "nowhere.example" matches no channel slug');
    // Only the rejected entry is listed until the operator asks for all.
    expect(await report.getByText('E2E Journaal').count()).toBe(0);

    const programmes = page.getByRole('table', { name: 'Programmes' });
    await programmes.getByText('E2E Journaal').waitFor();
    expect(await programmes.getByRole('row').filter({ hasText: 'E2E Journaal' }).textContent()).toContain(
      '20:00–20:30',
    );
    expect(await programmes.getByRole('row').filter({ hasText: 'E2E Documentaire' }).textContent()).toContain(
      '20:30–21:30',
    );
    expect(await programmes.getByText('E2E Spookprogramma').count()).toBe(0);
    await screenshot(page, 'schedule-import-report');

    // The same file again (a daily feed that did not change): nothing is written, each entry says unchanged.
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByLabel('XMLTV file', { exact: true }).setInputFiles(FIXTURE);
    await page.getByRole('button', { name: 'Import file' }).click();
    await page
      .getByText(
        '0 accepted, 2 unchanged, 1 rejected. The schedule already holds these programmes; nothing was changed.',
      )
      .waitFor();
    await page.getByLabel('Only rejected').uncheck();
    const again = page.getByRole('status', { name: 'Import result' });
    expect(await again.getByRole('row').filter({ hasText: 'E2E Journaal' }).textContent()).toContain(
      'Unchanged',
    );
    expect(await programmes.getByRole('row').filter({ hasText: 'E2E Journaal' }).count()).toBe(1);
    await screenshot(page, 'schedule-reimport-unchanged');

    // An overlapping programme is refused next to Start, naming the programme it clashes with.
    await page.getByRole('button', { name: 'New programme' }).click();
    const form = page.getByRole('form', { name: 'Programme' });
    await form.getByLabel('Start').fill('2027-01-15 20:15');
    await form.getByLabel('End').fill('2027-01-15 20:45');
    await form.getByLabel('Title', { exact: true }).fill('E2E Botsing');
    await form.getByRole('button', { name: 'Add programme' }).click();
    expect(await fieldError(page, 'Programme', 'Start')).toMatch(
      /Overlaps programme "E2E Journaal" \(15 Jan 2027 20:00:00 – 15 Jan 2027 20:30:00, Amsterdam time\)/,
    );
    // A time that does not exist in Amsterdam (clocks jump 02:00 → 03:00 on 2027-03-28) is refused before saving.
    await form.getByLabel('Start').fill('2027-03-28 02:30');
    await form.getByLabel('End').fill('2027-03-28 04:00');
    await form.getByRole('button', { name: 'Add programme' }).click();
    expect(await fieldError(page, 'Programme', 'Start')).toMatch(/does not exist in Amsterdam/);
    await screenshot(page, 'schedule-field-errors');
    await context.close();
  });

  it('enters programmes in the repeated hour when clocks go back, and edits one', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await signIn(page, 'content@keten.demo', e2eEnv.DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    // 2027-10-31: clocks go back at 03:00 CEST to 02:00 CET, so 02:00–03:00 happens twice.
    await page.goto('/schedule?view=list&date=2027-10-31');
    await page.getByText('This day has 25 hours').waitFor();
    const form = page.getByRole('form', { name: 'Programme' });
    const add = async (start: string, end: string, title: string) => {
      await page.getByRole('button', { name: 'New programme' }).click();
      await form.getByLabel('Start').fill(start);
      await form.getByLabel('End').fill(end);
      await form.getByLabel('Title', { exact: true }).fill(title);
      await form.getByRole('button', { name: 'Add programme' }).click();
      // Fail with what the form says (a field error or an alert), not a timeout.
      const saved = page.getByText(`“${title}” is saved.`);
      const refused = form.locator('[aria-invalid="true"] + p, [role="alert"]').first();
      await saved.or(refused).waitFor();
      if (!(await saved.isVisible())) throw new Error(`${title}: ${await refused.textContent()}`);
    };
    await add('2027-10-31 02:00', '2027-10-31 02:30 +01:00', 'E2E Eerste keer');
    await add('2027-10-31 02:30 +01:00', '2027-10-31 03:30', 'E2E Tweede keer');
    const programmes = page.getByRole('table', { name: 'Programmes' });
    const first = programmes.getByRole('row').filter({ hasText: 'E2E Eerste keer' });
    await first.waitFor();
    expect(await first.textContent()).toContain('02:00 +02:00–02:30 +01:00');
    const second = programmes.getByRole('row').filter({ hasText: 'E2E Tweede keer' });
    expect(await second.textContent()).toContain('02:30 +01:00–03:30');

    await second.getByRole('button', { name: 'Edit E2E Tweede keer' }).click();
    const edit = page.getByRole('form', { name: 'Edit programme' });
    expect(await edit.getByLabel('Start').inputValue()).toBe('2027-10-31 02:30 +01:00');
    await edit.getByLabel('Title', { exact: true }).fill('E2E Tweede keer (herhaling)');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await programmes.getByText('E2E Tweede keer (herhaling)').waitFor();
    await screenshot(page, 'schedule-dst-day');
    await context.close();
  });

  it('opens a pop-up window with the date fields, refuses one that closes before it opens, and deletes after asking', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await signIn(page, 'content@keten.demo', e2eEnv.DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto('/schedule?view=list&date=2027-12-20');
    const form = page.getByRole('form', { name: 'New availability window' });
    const opens = form.getByLabel('Opens', { exact: true });
    const closes = form.getByLabel('Closes', { exact: true });
    const note = form.getByLabel('Note', { exact: true });

    await opens.fill('27 Dec 2027, 18:00');
    await closes.fill('20 Dec 2027, 18:00');
    await note.fill('E2E Kerstkanaal');
    await form.getByRole('button', { name: 'Add window' }).click();
    expect(await fieldError(page, 'New availability window', 'Closes')).toContain('must be after the start');

    await opens.fill('20 Dec 2027, 18:00');
    await closes.fill('27 Dec 2027, 23:59');
    await form.getByRole('button', { name: 'Add window' }).click();
    const windows = page.getByRole('table', { name: 'Availability windows' });
    const row = windows.getByRole('row').filter({ hasText: 'E2E Kerstkanaal' });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('20 Dec 2027, 18:00');
    expect(text).toContain('27 Dec 2027, 23:59');
    // The form starts afresh for the next window.
    await expect
      .poll(() => form.getByLabel('Note', { exact: true }).inputValue(), { timeout: 10_000 })
      .toBe('');
    expect(await form.getByLabel('Opens', { exact: true }).inputValue()).toBe('');

    // Deleting asks first; "Keep" leaves the window, "Yes, delete" removes it.
    await row.getByRole('button', { name: 'Delete window E2E Kerstkanaal' }).click();
    await row.getByText(/window\?$/).waitFor();
    await row.getByRole('button', { name: 'Keep' }).click();
    expect(await row.count()).toBe(1);
    await row.getByRole('button', { name: 'Delete window E2E Kerstkanaal' }).click();
    await row.getByRole('button', { name: 'Yes, delete' }).click();
    await row.waitFor({ state: 'detached' });
    await screenshot(page, 'schedule-windows');
    await context.close();
  });
});
