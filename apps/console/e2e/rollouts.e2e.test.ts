import { randomUUID } from 'node:crypto';
import { bucketOf, inShare } from '@keten/flags';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { launchChromium, newSession, screenshot, signIn } from './browser';
import { e2eEnv } from './env';
import { queryRows } from './stores';

// scripts/e2e.sh exports these for the api; boxes reach it directly, not through the console.
const boxSide = z
  .object({ API_INTERNAL_URL: z.url(), DEVICE_PROVISIONING_SECRET: z.string().min(1) })
  .parse(process.env);

const run = Date.now().toString(36);
const MODEL = { code: 'amino-a140', name: 'Amino Aminet A140', previous: '4.4.0' };
const VERSION = `4.5.0-e2e${run}`;
const FIRST_WAVE = 50;
/** The demo's running rollout (packages/db seed). */
const SEEDED = 'Kaon KSTB6077 firmware 2.0.0';

/**
 * An active box of the model on the previous version, inside the first wave (its sticky bucket for this rollout) or
 * outside it (a control box), activated: its access token.
 */
async function boxOfModel(rolloutId: string, inWave: boolean): Promise<{ serial: string; token: string }> {
  const boxes = queryRows(
    `SELECT d.id, d.serial, d.mac FROM devices d JOIN box_models m ON m.id = d.box_model_id
     JOIN firmware_versions f ON f.id = d.firmware_version_id
     WHERE m.code = '${MODEL.code}' AND f.version = '${MODEL.previous}' AND d.status = 'ACTIVE'
       AND d.token_state = 'ACTIVE' ORDER BY d.serial LIMIT 200`,
  );
  const found = boxes.find(([id]) => inShare(bucketOf(rolloutId, id ?? ''), FIRST_WAVE) === inWave);
  if (!found)
    throw new Error(`no active ${MODEL.code} box ${inWave ? 'in' : 'outside'} the first ${FIRST_WAVE} %`);
  const [, serial, mac] = found;
  const response = await fetch(`${boxSide.API_INTERNAL_URL}/v1/activate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serial, mac, provisioningSecret: boxSide.DEVICE_PROVISIONING_SECRET }),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  const { accessToken } = z.object({ accessToken: z.string() }).parse(await response.json());
  return { serial: serial ?? '', token: accessToken };
}

/** The box flashed the version and says so: the answer carries a token whose firmware claim is the new one. */
async function reportFirmware(token: string, version: string): Promise<string> {
  const response = await fetch(`${boxSide.API_INTERNAL_URL}/v1/firmware/report`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ version }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  const body = z.object({ firmware: z.string(), accessToken: z.string() }).parse(await response.json());
  expect(body.firmware).toBe(version);
  return body.accessToken;
}

/** One viewing session through POST /v1/beacons: a first frame after 900 ms, 30 s of play, `stallMs` of stalls. */
async function playSession(token: string, stallMs: number): Promise<void> {
  const sessionId = randomUUID();
  const t0 = Date.now();
  const base = (seq: number) => ({ sessionId, seq, time: t0 + seq, channelId: 'e2e-rollout-channel' });
  const events = [
    { ...base(0), type: 'attempt' },
    { ...base(1), type: 'first_frame', startMs: 900 },
    ...(stallMs > 0
      ? [
          { ...base(2), type: 'stall_start' },
          { ...base(3), type: 'stall_end', stallMs },
        ]
      : []),
    { ...base(4), type: 'heartbeat', playingMs: 20_000 },
    { ...base(5), type: 'end', playingMs: 10_000 },
  ];
  const response = await fetch(`${boxSide.API_INTERNAL_URL}/v1/beacons`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  });
  expect(response.status, await response.clone().text()).toBe(202);
}

/** What /v1/firmware tells the box: the version to install, or null for "stay" (204). */
async function firmwareTarget(token: string): Promise<{ version: string; reason: string } | null> {
  const response = await fetch(`${boxSide.API_INTERNAL_URL}/v1/firmware`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (response.status === 204) return null;
  expect(response.status, await response.clone().text()).toBe(200);
  return z.object({ version: z.string(), reason: z.string() }).parse(await response.json());
}

async function stateIs(page: Page, label: string) {
  await page.getByRole('main').getByText(label, { exact: true }).first().waitFor({ timeout: 20_000 });
}

describe('firmware rollouts, as a product manager', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('adds firmware, creates and starts a rollout, halts it and rolls it back; the box is told each version', {
    timeout: 300_000,
  }, async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await signIn(page, 'product@keten.demo', e2eEnv.DEMO_PASSWORD);
    const nav = page.getByRole('navigation', { name: 'Main' });

    // The firmware: a bad digest is refused next to its field, then the image is added.
    await nav.getByRole('link', { name: 'Firmware' }).click();
    await page.waitForURL('**/firmware');
    const form = page.getByRole('form', { name: 'New firmware' });
    await form.getByLabel('Box model').selectOption({ label: MODEL.name });
    await form.getByLabel('Version').fill(VERSION);
    await form.getByLabel('Image URL').fill(`https://firmware.example.net/${MODEL.code}/${VERSION}.img`);
    await form.getByLabel('SHA-256').fill('not-a-digest');
    await form.getByLabel('Size in bytes').fill('201326592');
    await form.getByLabel('Notes').fill('Browser test image.');
    await form.getByRole('button', { name: 'Add firmware' }).click();
    await form.getByText(/SHA-256: must be 64 hexadecimal characters/).waitFor();
    await form.getByLabel('SHA-256').fill('ab'.repeat(32));
    await form.getByRole('button', { name: 'Add firmware' }).click();
    await form.getByText(`Firmware ${VERSION} added.`).waitFor();
    const row = page
      .getByRole('table', { name: `Firmware of ${MODEL.name}` })
      .getByRole('row')
      .filter({ hasText: VERSION });
    await row.waitFor();
    expect(await row.textContent()).toContain('192 MB');
    await screenshot(page, 'firmware-catalogue');

    // A cohort of every box of the model.
    await page.goto('/flags/cohorts');
    const cohortForm = page.getByRole('form', { name: 'New cohort' });
    await cohortForm.getByLabel('Key').fill(`e2e-amino-${run}`);
    await cohortForm.getByLabel('Name', { exact: true }).fill(`E2E Amino ${run}`);
    await cohortForm.getByLabel('Box models').fill(MODEL.code);
    await cohortForm.getByRole('button', { name: 'Create cohort' }).click();
    await page.getByRole('table', { name: 'Cohorts' }).getByText(`E2E Amino ${run}`).waitFor();

    // The plan: the waves are checked on their row before anything is sent.
    await nav.getByRole('link', { name: 'Rollouts' }).click();
    await page.waitForURL('**/rollouts');
    await page.getByRole('link', { name: 'New rollout' }).click();
    await page.waitForURL('**/rollouts/new');
    const plan = page.getByRole('form', { name: 'New rollout' });
    await plan.getByLabel('Name').fill(`E2E Amino ${VERSION}`);
    await plan.getByLabel('Firmware').selectOption({ label: `Amino Aminet A140 — ${VERSION}` });
    await plan.getByText(`A rollback tells its boxes to install ${MODEL.previous} again.`).waitFor();
    await plan.getByLabel('Cohort').selectOption({ label: `E2E Amino ${run}` });
    await plan.getByLabel('Wave 1 reaches (%)').fill(String(FIRST_WAVE));
    await plan.getByRole('button', { name: 'Create rollout' }).click();
    await plan
      .getByText(/must be more than the wave before \(50 %\)/i)
      .first()
      .waitFor();
    await plan.getByRole('button', { name: 'Remove wave 2' }).click();
    await plan.getByRole('button', { name: 'Remove wave 2' }).click();
    expect(await plan.getByLabel('Wave 2 reaches (%)').inputValue()).toBe('100');
    await screenshot(page, 'rollout-new');
    await plan.getByRole('button', { name: 'Create rollout' }).click();
    await page.waitForURL(/\/rollouts\/(?!new)[^/]+$/);
    const rolloutId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await stateIs(page, 'Draft');

    // Start: wave 1 soaks and its boxes are told the new version.
    const box = await boxOfModel(rolloutId, true);
    expect(await firmwareTarget(box.token)).toBeNull();
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('button', { name: 'Yes, start' }).click();
    await stateIs(page, 'Running');
    await page.getByRole('list', { name: 'Waves' }).getByText('soaking').waitFor();
    const progress = page.getByRole('progressbar', { name: 'Wave 1 boxes updated' });
    expect(await progress.getAttribute('aria-valuetext')).toMatch(/^0 of [1-9][\d,]* boxes updated$/);
    expect(await firmwareTarget(box.token)).toEqual({ version: VERSION, reason: 'rollout' });
    const updatedToken = await reportFirmware(box.token, VERSION);
    expect(await firmwareTarget(updatedToken)).toBeNull();

    // The updated box plays with stalls, a control box (same model, outside the wave) without: the charts draw both,
    // and once the engine sees the first frame on the new version the box counts as updated.
    await playSession(updatedToken, 3_000);
    await playSession((await boxOfModel(rolloutId, false)).token, 0);
    const rebuffering = page
      .getByRole('region', { name: 'Cohort versus control' })
      .getByText(`${MODEL.code}: 1 attempt on ${VERSION} against`)
      .first();
    const updatedOne = page
      .getByRole('progressbar', { name: 'Wave 1 boxes updated' })
      .and(page.locator('[aria-valuenow="1"]'));
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByRole('list', { name: 'Waves' }).waitFor();
          // The charts have answered: with the sessions, or still without any.
          await rebuffering.or(page.getByText('No QoE beacons in this window yet')).first().waitFor();
          return (await rebuffering.count()) > 0 && (await updatedOne.count()) > 0;
        },
        { timeout: 150_000, interval: 5_000 },
      )
      .toBe(true);
    await screenshot(page, 'rollout-charts');
    await page.getByRole('region', { name: 'Cohort versus control' }).waitFor();
    await screenshot(page, 'rollout-running');

    // Halt, with a reason that reaches the timeline.
    const halt = page.getByRole('button', { name: 'Halt' });
    expect(await halt.isDisabled()).toBe(true);
    await page.getByLabel('Reason').fill('E2E: rebuffering looks high on the first wave');
    await halt.click();
    await page.getByRole('button', { name: 'Yes, halt' }).click();
    await stateIs(page, 'Halted');
    const timeline = page.getByRole('list', { name: 'Rollout timeline' });
    await timeline.getByText('E2E: rebuffering looks high on the first wave').waitFor();
    expect(await timeline.getByRole('listitem').first().textContent()).toContain('product@keten.demo');
    // While halted no box is told anything new.
    expect(await firmwareTarget(updatedToken)).toBeNull();

    // Roll back: the boxes the rollout reached are told the previous version.
    await page.getByLabel('Reason').fill('E2E: back to the stable release');
    await page.getByRole('button', { name: 'Roll back' }).click();
    await page.getByRole('button', { name: 'Yes, roll back' }).click();
    await stateIs(page, 'Rolled back');
    await page.getByTestId('halt-reason').filter({ hasText: 'E2E: back to the stable release' }).waitFor();
    expect(await firmwareTarget(updatedToken)).toEqual({ version: MODEL.previous, reason: 'rollback' });
    await screenshot(page, 'rollout-rolled-back');

    await nav.getByRole('link', { name: 'Rollouts' }).click();
    const listed = page
      .getByRole('table', { name: 'Firmware rollouts' })
      .getByRole('row')
      .filter({ hasText: `E2E Amino ${VERSION}` });
    await listed.getByText('Rolled back').waitFor();
    await context.close();
  });

  it('opens and reads the product pages without a refusal', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await signIn(page, 'product@keten.demo', e2eEnv.DEMO_PASSWORD);
    const nav = page.getByRole('navigation', { name: 'Main' });
    const pages = [
      ['Devices', '/devices'],
      ['Box models', '/profiles/box-models'],
      ['Firmware', '/firmware'],
      ['Compatibility matrix', '/profiles/compatibility'],
      ['Feature flags', '/flags'],
      ['Rollouts', '/rollouts'],
    ] as const;
    for (const [label, path] of pages) {
      await nav.getByRole('link', { name: label, exact: true }).click();
      await page.waitForURL(`**${path}`);
      await page.getByRole('main').locator('table').first().waitFor({ timeout: 20_000 });
      const main = page.getByRole('main');
      for (const refusal of [
        'Your role does not include this page',
        'Your role does not give access to this information.',
        'could not be loaded',
      ]) {
        expect(await main.getByText(refusal).count(), `${label}: ${refusal}`).toBe(0);
      }
    }
    // The seeded rollout opens with its name in the header and the tab, its waves, timeline and actions.
    await page.getByRole('link', { name: SEEDED }).click();
    await page.getByRole('heading', { name: SEEDED, level: 1 }).waitFor();
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe(`${SEEDED} · Rollouts · Keten`);
    await page.getByRole('list', { name: 'Waves' }).waitFor();
    await page.getByRole('list', { name: 'Rollout timeline' }).or(page.getByText('No events yet')).waitFor();
    expect(await page.getByRole('button', { name: 'Halt' }).count()).toBe(1);
    await screenshot(page, 'rollout-seeded');
    await context.close();
  });

  it('lets the NOC watch a rollout from its navigation, read-only', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await signIn(page, 'noc@keten.demo', e2eEnv.DEMO_PASSWORD);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Rollouts', exact: true })
      .click();
    await page.waitForURL('**/rollouts');
    await page.getByRole('table', { name: 'Firmware rollouts' }).getByRole('link', { name: SEEDED }).click();
    await page.getByRole('heading', { name: SEEDED, level: 1 }).waitFor();
    await page.getByRole('list', { name: 'Waves' }).waitFor();
    await page.getByRole('region', { name: 'Cohort versus control' }).waitFor();
    const main = page.getByRole('main');
    for (const refusal of ['Your role does not include this page', 'could not be loaded']) {
      expect(await main.getByText(refusal).count(), refusal).toBe(0);
    }
    // No actions: halting and rolling back are the product managers'.
    for (const action of ['Halt', 'Roll back', 'Resume', 'Start']) {
      expect(await page.getByRole('button', { name: action }).count(), action).toBe(0);
    }
    expect(await page.getByRole('link', { name: 'New rollout' }).count()).toBe(0);
    await screenshot(page, 'rollout-noc');
    await context.close();
  });
});
