import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { launchChromium, newSession, screenshot, seenWithoutSideScroll, signIn } from './browser';
import { e2eEnv } from './env';
import { queryRows } from './stores';

// scripts/e2e.sh exports these for the api; boxes reach it directly, not through the console.
const boxSide = z
  .object({ API_INTERNAL_URL: z.url(), DEVICE_PROVISIONING_SECRET: z.string().min(1) })
  .parse(process.env);

/** Active boxes activate again with serial, MAC and the factory secret: each writes a box-originated entry. */
async function activateBoxes(count: number): Promise<string[]> {
  const boxes = queryRows(
    `SELECT serial, mac FROM devices WHERE status = 'ACTIVE' AND token_state = 'ACTIVE' ORDER BY serial DESC LIMIT ${count}`,
  );
  for (const [serial, mac] of boxes) {
    const response = await fetch(`${boxSide.API_INTERNAL_URL}/v1/activate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serial, mac, provisioningSecret: boxSide.DEVICE_PROVISIONING_SECRET }),
    });
    expect(response.status, await response.text()).toBe(201);
  }
  return boxes.map(([serial]) => serial ?? '');
}

/** An operator change made through the console's /trpc route as the signed-in administrator. */
async function createOperator(page: Page, name: string): Promise<string> {
  const email = `e2e-audit-${Date.now()}@keten.demo`;
  const response = await page.request.post('/trpc/operators.create', {
    data: { json: { email, name, role: 'SUPPORT', password: 'a-long-enough-password' } },
  });
  expect(response.status(), await response.text()).toBe(200);
  return email;
}

describe('audit log', () => {
  let browser: Browser;
  let page: Page;
  let boxSerials: string[];
  let probeEmail: string;
  beforeAll(async () => {
    browser = await launchChromium();
    const context = await newSession(browser);
    page = await context.newPage();
    await signIn(page, 'admin@keten.demo', e2eEnv.DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    probeEmail = await createOperator(page, 'Olga Opname');
    // Newest of all: the boxes, so without the filter they would fill the top of the log.
    boxSerials = await activateBoxes(3);
  });
  afterAll(async () => browser?.close());

  const table = () => page.getByRole('table', { name: 'Audit log' });

  it('names who acted and what they changed, the id kept beside the name', async () => {
    await page.goto('/audit');
    const row = table()
      .getByRole('row')
      .filter({ hasText: 'operator.create' })
      .filter({ hasText: probeEmail });
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('Sanne Visser'); // the administrator, by name
    expect(text).toContain('admin@keten.demo');
    expect(text).toContain('Olga Opname'); // the operator created, by name
    const [id] = queryRows(`SELECT id FROM operators WHERE email = '${probeEmail}'`)[0] ?? [];
    expect(id).toBeTruthy();
    // Shown whole, not cut off by the column.
    const idText = row.getByText(id ?? '-', { exact: true });
    expect(await idText.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
  });

  it('the admin home lists the latest changes named as in the log, box activations left out', async () => {
    await page.goto('/');
    const recent = page.getByRole('table', { name: 'Recent audit entries' });
    // The operator made before the boxes activated is on top: the three newer activations are not listed.
    const row = recent
      .getByRole('row')
      .filter({ hasText: 'operator.create' })
      .filter({ hasText: probeEmail });
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('Sanne Visser'); // who, by name
    expect(text).toContain('Olga Opname'); // what, by name
    expect(await recent.getByRole('row').filter({ hasText: 'device.activate' }).count()).toBe(0);
    expect(
      await recent
        .getByRole('row')
        .filter({ hasText: `Box ${boxSerials[0]}` })
        .count(),
    ).toBe(0);
    expect(await recent.locator('tbody tr').first().textContent()).toContain('Olga Opname');
  });

  it('box activity is hidden by default, says so, and one click shows it named by serial', async () => {
    await page.goto('/audit');
    await table().getByRole('row').filter({ hasText: 'operator.create' }).first().waitFor();
    await page.getByText('entries written by set-top boxes (activations) are hidden').waitFor();
    expect(await page.getByLabel('Include box activity').isChecked()).toBe(false);
    expect(await table().getByRole('row').filter({ hasText: 'device.activate' }).count()).toBe(0);

    await page.getByLabel('Include box activity').check();
    const activation = table()
      .getByRole('row')
      .filter({ hasText: `Box ${boxSerials[0]}` });
    await activation.first().waitFor();
    expect(await activation.first().textContent()).toContain('device.activate');
    await page.getByText('Showing everything, activations by set-top boxes included.').waitFor();
    await page.getByLabel('Include box activity').uncheck();
    await activation.first().waitFor({ state: 'detached' });
  });

  it('the entity type is chosen from the known types, and that choice filters the log', async () => {
    await page.goto('/audit');
    const select = page.getByLabel('Entity type');
    const options = await select.locator('option').allTextContents();
    expect(options).toEqual(expect.arrayContaining(['All types', 'Channel', 'Operator', 'Subscriber']));
    await select.selectOption({ label: 'Operator' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await table().getByRole('row').filter({ hasText: probeEmail }).first().waitFor();
    const types = await table()
      .getByRole('row')
      .evaluateAll((rows) =>
        rows.slice(1).map((row) => row.querySelector('td:nth-child(3)')?.textContent ?? ''),
      );
    expect(types.length).toBeGreaterThan(0);
    // Each row reads "<action> Operator <name>…".
    for (const type of types) expect(type).toMatch(/^\S+ Operator /);
  });

  it('after Compare the When column and the rows stay in view, with no sideways scroll', async () => {
    await page.goto('/audit');
    const row = table().getByRole('row').filter({ hasText: probeEmail }).first();
    await row.getByRole('button', { name: 'Compare' }).click();
    await page.getByRole('table', { name: 'Values before and after the change' }).waitFor();
    await screenshot(page, 'audit-log');
    const when = table().getByRole('columnheader', { name: 'When (Amsterdam)' });
    expect(await seenWithoutSideScroll(when)).toBe(true);
    for (const cell of await table().locator('tbody tr td:first-child').all()) {
      expect(await seenWithoutSideScroll(cell)).toBe(true);
    }
    expect(await seenWithoutSideScroll(row.getByRole('button', { name: 'Compare' }))).toBe(true);
    // The table's own scroll box does not scroll either.
    expect(
      await table().evaluate((element) => {
        const box = element.parentElement;
        return box ? box.scrollWidth - box.clientWidth : 0;
      }),
    ).toBeLessThanOrEqual(0);
  });
});
