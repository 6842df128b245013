import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeFindings, formatFindings } from './axe';
import { launchChromium, newSession, screenshot, signIn } from './browser';
import { e2eEnv } from './env';

/** A tRPC mutation as the console sends it (superjson without dates). */
async function trpcMutation<T>(page: Page, path: string, input: unknown): Promise<T> {
  const response = await page.request.post(`/trpc/${path}`, { data: { json: input } });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

describe('alerts page, as a NOC engineer (the api evaluates every 30 s; no worker runs here)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('shows a firing alert in the bell and on the page, acknowledges it with a note, and mutes its rule', async () => {
    const page = await (await newSession(browser)).newPage();
    await signIn(page, 'noc@keten.demo', e2eEnv.DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/');
    // No live worker consumes this run's probe queue: a rule on it fires at the next cycle.
    const name = `E2E probe workers ${Date.now()}`;
    await trpcMutation(page, 'alerts.rules.create', {
      name,
      source: 'PLATFORM',
      metric: 'workers',
      comparator: 'LT',
      threshold: 1,
      windowSeconds: 60,
      filters: { queue: ['probe'] },
      groupBy: 'queue',
      severity: 'CRITICAL',
    });

    await page.goto('/alerts');
    const row = page.getByTestId('firing-alert').filter({ hasText: name });
    // One 30 s cycle, then the page's 15 s poll.
    await row.waitFor({ timeout: 90_000 });
    await page.getByTestId('alert-bell-count').waitFor({ timeout: 30_000 });

    const findings = await axeFindings(page, 'NOC /alerts');
    expect(findings, formatFindings(findings)).toEqual([]);

    await row.getByRole('button', { name: 'Acknowledge…' }).click();
    await row.getByLabel('Note (optional)').fill('probe worker restarted by hand');
    await row.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await expect
      .poll(() => row.textContent(), { timeout: 15_000 })
      .toMatch(/acknowledged by .+: “probe worker restarted by hand”/);
    // Out of the bell: the unread list no longer holds it, and the bell shows the unread count.
    type TUnread = { count: number; latest: { rule: { name: string } }[] };
    const unread = async () => {
      const response = await page.request.get(
        `/trpc/alerts.unread?input=${encodeURIComponent('{"json":null}')}`,
      );
      return ((await response.json()) as { result: { data: { json: TUnread } } }).result.data.json;
    };
    await expect
      .poll(async () => (await unread()).latest.some((alert) => alert.rule.name === name))
      .toBe(false);
    await expect
      .poll(
        async () => {
          const { count } = await unread();
          const badges = page.getByTestId('alert-bell-count');
          const shown = (await badges.count()) > 0 ? Number(await badges.textContent()) : 0;
          return shown === count;
        },
        { timeout: 30_000 },
      )
      .toBe(true);

    // Mute the rule for 4 hours from its row in the rules table.
    const ruleRow = page.getByRole('row').filter({ hasText: name });
    await ruleRow.getByLabel(`Mute ${name} for`).selectOption({ label: '4 hours' });
    await ruleRow.getByRole('button', { name: 'Mute', exact: true }).click();
    await expect
      .poll(() => ruleRow.getByTestId('muted-until').textContent(), { timeout: 15_000 })
      .toMatch(/^Muted until /);
    await ruleRow.getByRole('button', { name: 'Unmute' }).waitFor();

    // The history keeps who acknowledged, filtered to acknowledged alerts.
    const history = page
      .locator('section')
      .filter({ has: page.getByRole('heading', { name: 'History', exact: true }) });
    await history.getByLabel('Acknowledged').selectOption('yes');
    await expect
      .poll(() => history.getByRole('row').filter({ hasText: name }).textContent(), { timeout: 15_000 })
      .toContain('probe worker restarted by hand');
    await screenshot(page, 'alerts');
  }, 240_000);

  it("edits a rule's threshold in its form: saved, shown in the rules table and in the audit log", async () => {
    const page = await (await newSession(browser)).newPage();
    await signIn(page, 'admin@keten.demo', e2eEnv.DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/');
    const name = `E2E transcode backlog ${Date.now()}`;
    await trpcMutation(page, 'alerts.rules.create', {
      name,
      source: 'PLATFORM',
      metric: 'queueDepth',
      comparator: 'GT',
      threshold: 100,
      windowSeconds: 300,
      filters: { queue: ['transcode'] },
      severity: 'WARNING',
    });

    await page.goto('/alerts');
    const ruleRow = page.getByRole('row').filter({ hasText: name });
    await expect.poll(() => ruleRow.textContent(), { timeout: 15_000 }).toContain('jobs waiting > 100');
    await ruleRow.getByRole('button', { name: `Edit ${name}` }).click();
    const form = page.getByRole('form', { name: `Edit rule ${name}` });
    // The form opens with the rule as it is.
    expect(await form.getByLabel('Threshold').inputValue()).toBe('100');
    expect(await form.getByLabel('Filter values').inputValue()).toBe('transcode');
    // A bad value is named next to its field and nothing is saved.
    await form.getByLabel('Window (minutes)').fill('0');
    await form.getByRole('button', { name: 'Save rule' }).click();
    await form.getByText(/at least 60 seconds/i).waitFor({ timeout: 15_000 });
    await form.getByLabel('Window (minutes)').fill('5');
    await form.getByLabel('Threshold').fill('250');
    await form.getByRole('button', { name: 'Save rule' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Rule “${name}” saved` })
      .waitFor({ timeout: 15_000 });
    await expect.poll(() => ruleRow.textContent(), { timeout: 15_000 }).toContain('jobs waiting > 250');
    await form.waitFor({ state: 'detached' });

    // The audit log has the edit, threshold 100 before and 250 after.
    await page.goto('/audit');
    const auditRow = page
      .getByRole('table', { name: 'Audit log' })
      .getByRole('row')
      .filter({ hasText: 'alertRule.update' })
      .first();
    await auditRow.waitFor({ timeout: 15_000 });
    await auditRow.getByRole('button', { name: 'Compare' }).click();
    const diff = page.getByRole('table', { name: 'Values before and after the change' });
    const threshold = diff
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: /^threshold( \(changed\))?$/ }) });
    await threshold.waitFor({ timeout: 15_000 });
    const text = (await threshold.textContent()) ?? '';
    expect(text).toContain('100');
    expect(text).toContain('250');
    await screenshot(page, 'alerts-rule-edit-audit');
  }, 120_000);
});
