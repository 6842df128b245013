import { randomUUID } from 'node:crypto';
import { INGEST_EVENTS_QUEUE, type TBeaconEvent, type TDeviceTokenPair } from '@keten/contracts';
import { parseEnv } from '@keten/contracts/env';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { launchChromium, newSession, screenshot, signIn } from './browser';
import { e2eEnv } from './env';
import { emitIngestEvent, ingestEventsQueue, type TIngestQueue } from './ingest-events';
import { clearQueues } from './stores';

// scripts/e2e.sh exports these for the api it starts; the test is a box talking to that api.
const api = parseEnv(
  z.object({ API_INTERNAL_URL: z.url(), DEVICE_PROVISIONING_SECRET: z.string().min(1) }),
  process.env,
);

type TBox = {
  id: string;
  serial: string;
  mac: string;
  boxModel: { code: string };
  firmwareVersion: { version: string } | null;
  subscriber: { id: string } | null;
};
type TChannel = { id: string; name: string };

async function trpcGet<T>(page: Page, path: string, input: unknown): Promise<T> {
  const response = await page.request.get(
    `/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`,
  );
  expect(response.status()).toBe(200);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

/** Setup only: two assigned active boxes with different firmware (the same model when the seed has one). */
async function twoBoxes(page: Page): Promise<[TBox, TBox]> {
  const { items } = await trpcGet<{ items: TBox[] }>(page, 'subscribers.devices.list', {
    status: 'ACTIVE',
    tokenState: 'ACTIVE',
    sort: 'serial',
    pageSize: 100,
    page: 3,
  });
  const usable = items.filter((box) => box.subscriber && box.firmwareVersion);
  for (const a of usable) {
    const b = usable.find(
      (other) =>
        other.boxModel.code === a.boxModel.code &&
        other.firmwareVersion?.version !== a.firmwareVersion?.version,
    );
    if (b) return [a, b];
  }
  const a = usable[0];
  const b = usable.find((other) => other.firmwareVersion?.version !== a?.firmwareVersion?.version);
  if (!a || !b) throw new Error('the demo seed has no two boxes with different firmware');
  return [a, b];
}

/** The box's side: activation with the factory secret, as a box out of the carton does. */
async function activate(page: Page, box: TBox): Promise<TDeviceTokenPair> {
  const response = await page.request.post(`${api.API_INTERNAL_URL}/v1/activate`, {
    data: { serial: box.serial, mac: box.mac, provisioningSecret: api.DEVICE_PROVISIONING_SECRET },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as TDeviceTokenPair;
}

type TOutcome = { startMs: number; stallMs?: number } | { errorCode: string };

/** One playback session's events as a player sends them, starting `minutesAgo` minutes ago. */
function session(channelId: string, minutesAgo: number, outcome: TOutcome): TBeaconEvent[] {
  const sessionId = randomUUID();
  const start = Date.now() - minutesAgo * 60_000;
  const base = (seq: number, afterMs: number) => ({
    sessionId,
    seq,
    time: start + afterMs,
    channelId,
    cdnEdge: 'edge-ams-1',
  });
  if ('errorCode' in outcome) {
    return [
      { ...base(0, 0), type: 'attempt' },
      {
        ...base(1, 3000),
        type: 'error',
        errorCode: outcome.errorCode,
        errorLayer: 'network',
        fatal: true,
        beforeFirstFrame: true,
      },
      { ...base(2, 3001), type: 'end', playingMs: 0, fatal: true, beforeFirstFrame: true },
    ];
  }
  const events: TBeaconEvent[] = [
    { ...base(0, 0), type: 'attempt' },
    { ...base(1, outcome.startMs), type: 'first_frame', startMs: outcome.startMs },
  ];
  if (outcome.stallMs) {
    events.push(
      { ...base(2, 10_000), type: 'stall_start' },
      { ...base(3, 10_000 + outcome.stallMs), type: 'stall_end', stallMs: outcome.stallMs },
    );
  }
  events.push(
    { ...base(events.length, 40_000), type: 'heartbeat', playingMs: 30_000 },
    { ...base(events.length + 1, 50_000), type: 'end', playingMs: 10_000 },
  );
  return events;
}

async function sendBeacons(page: Page, token: TDeviceTokenPair, events: TBeaconEvent[]) {
  const response = await page.request.post(`${api.API_INTERNAL_URL}/v1/beacons`, {
    headers: { authorization: `Bearer ${token.accessToken}` },
    data: { events },
  });
  expect(response.status(), await response.text()).toBe(202);
}

const table = (page: Page, name: string): Locator => page.getByRole('table', { name, exact: true });
/** A KPI tile's value, found by its label inside a grid of tiles. */
const tileValue = (grid: Locator, label: string): Promise<string | null> =>
  grid
    .locator('div')
    .filter({ has: grid.page().getByText(label, { exact: true }) })
    .locator('dd')
    .first()
    .textContent();

describe('Live QoE, box insight and support sessions (a known fixture of beacons through POST /v1/beacons)', () => {
  let browser: Browser;
  let queue: TIngestQueue;
  let boxes: [TBox, TBox];
  let channels: [TChannel, TChannel];
  let noc: BrowserContext;
  // Box A's firmware as the page names it: with its box model ("Kaonmedia KSTB6077 · 2.0.0").
  let firmwareLabelA = '';
  beforeAll(async () => {
    clearQueues([INGEST_EVENTS_QUEUE]);
    queue = ingestEventsQueue();
    browser = await launchChromium();
    // Setup as the administrator: two boxes and two live channels of the demo data, then the boxes report.
    const admin = await newSession(browser);
    const page = await admin.newPage();
    await signIn(page, 'admin@keten.demo', e2eEnv.DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    boxes = await twoBoxes(page);
    const [labelled] = await trpcGet<{ label: string }[]>(page, 'qoe.firmwareModels', {
      versions: [boxes[0].firmwareVersion?.version ?? ''],
    });
    firmwareLabelA = labelled?.label ?? '';
    expect(firmwareLabelA).toContain(' · ');
    const { items } = await trpcGet<{ items: TChannel[] }>(page, 'channels.list', {
      state: 'LIVE',
      sort: 'lcn',
      dir: 'asc',
      // Not the first live channel: the channel health test counts that one's findings from none.
      pageSize: 2,
      page: 2,
    });
    if (items.length < 2) throw new Error('the demo seed has fewer than four live channels');
    channels = [items[0] as TChannel, items[1] as TChannel];
    const [first, second] = await Promise.all(boxes.map((box) => activate(page, box)));
    // Box A on channel 1: a play with a stall, a start failure, a clean play. Box B on channel 2: two clean plays.
    await sendBeacons(page, first as TDeviceTokenPair, [
      ...session(channels[0].id, 20, { startMs: 800, stallMs: 2500 }),
      ...session(channels[0].id, 15, { errorCode: 'NET_TIMEOUT' }),
      ...session(channels[0].id, 10, { startMs: 1200 }),
    ]);
    await sendBeacons(page, second as TDeviceTokenPair, [
      ...session(channels[1].id, 18, { startMs: 600 }),
      ...session(channels[1].id, 8, { startMs: 700 }),
    ]);
    await admin.close();
    noc = await newSession(browser);
    const nocPage = await noc.newPage();
    await signIn(nocPage, 'noc@keten.demo', e2eEnv.DEMO_PASSWORD);
    await nocPage.getByRole('navigation', { name: 'Main' }).waitFor();
    await nocPage.close();
  }, 60_000);
  afterAll(async () => {
    await queue?.close();
    await browser?.close();
    clearQueues([INGEST_EVENTS_QUEUE]);
  });

  const firmwareA = () => boxes[0].firmwareVersion?.version ?? '';

  it('renders the fleet: KPI tiles with their change, the chart, breakdowns with samples, error codes; the NOC home too', async () => {
    const page = await noc.newPage();
    await page.goto('/');
    const home = page.locator('dl[aria-label="Live QoE, last hour"]');
    await expect.poll(() => tileValue(home, 'Attempts'), { timeout: 30_000 }).toBe('5');
    // The heading says what the page shows: live QoE is here (it said QoE would "arrive with the telemetry release").
    await page.getByText('The fleet, the channels on air and live QoE:').waitFor();
    await screenshot(page, 'qoe-noc-home');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Live QoE' }).click();
    await page.getByRole('heading', { name: 'Live QoE' }).waitFor();
    const tiles = page.locator('dl[aria-label="Live KPIs"]');
    await expect.poll(() => tileValue(tiles, 'Attempts'), { timeout: 30_000 }).toBe('5');
    expect(await tileValue(tiles, 'Plays')).toBe('4');
    expect(await tileValue(tiles, 'Video start failures (VSF)')).toBe('20.0 %');
    // A fresh install has nothing before this hour to compare with, and says so.
    expect(
      await tiles
        .locator('div')
        .filter({ has: page.getByText('Attempts', { exact: true }) })
        .textContent(),
    ).toContain('no earlier data');
    await page.locator('.recharts-line-curve').first().waitFor();
    const byFirmware = table(page, 'QoE by firmware');
    await byFirmware
      .getByRole('row')
      .filter({ hasText: firmwareA() })
      .getByRole('cell', { name: '3', exact: true })
      .waitFor({ timeout: 30_000 });
    const byChannel = table(page, 'QoE by channel');
    await byChannel.getByRole('button', { name: `Filter by channel ${channels[0].name}` }).waitFor();
    await byChannel.getByRole('button', { name: `Filter by channel ${channels[1].name}` }).waitFor();
    await table(page, 'QoE by edge').getByText('edge-ams-1').waitFor();
    await table(page, 'Error codes')
      .getByRole('row')
      .filter({ hasText: 'NET_TIMEOUT' })
      .waitFor({ timeout: 30_000 });
    await screenshot(page, 'qoe-live');
    await page.close();
  }, 120_000);

  it('drills down from a firmware to its channels, and a copied URL restores the view', async () => {
    const page = await noc.newPage();
    await page.goto('/qoe');
    const byChannel = table(page, 'QoE by channel');
    await byChannel
      .getByRole('button', { name: `Filter by channel ${channels[1].name}` })
      .waitFor({ timeout: 30_000 });
    await table(page, 'QoE by firmware')
      .getByRole('button', { name: `Filter by firmware ${firmwareLabelA}` })
      .click();
    await page.getByRole('button', { name: `Remove filter Firmware: ${firmwareLabelA}` }).waitFor();
    // Only box A's channel is left; box B's disappears.
    await byChannel
      .getByRole('button', { name: `Filter by channel ${channels[1].name}` })
      .waitFor({ state: 'detached', timeout: 30_000 });
    await byChannel.getByRole('button', { name: `Filter by channel ${channels[0].name}` }).waitFor();
    // Filters stack: the channel joins the firmware.
    await byChannel.getByRole('button', { name: `Filter by channel ${channels[0].name}` }).click();
    await page.getByRole('button', { name: `Remove filter Channel: ${channels[0].name}` }).waitFor();
    await page.getByRole('button', { name: '6h', exact: true }).click();
    await expect
      .poll(() => page.getByRole('button', { name: '6h', exact: true }).getAttribute('aria-pressed'))
      .toBe('true');
    await page.getByLabel('Metric', { exact: true }).selectOption('vsfRate');
    await expect
      .poll(() => new URL(page.url()).searchParams.get('chart'), { timeout: 10_000 })
      .toBe('vsfRate');
    const copied = page.url();
    expect(new URL(copied).searchParams.getAll('firmware')).toEqual([firmwareA()]);
    await screenshot(page, 'qoe-drilled');

    const pasted = await noc.newPage();
    await pasted.goto(copied);
    await pasted.getByRole('button', { name: `Remove filter Firmware: ${firmwareLabelA}` }).waitFor();
    await pasted.getByRole('button', { name: `Remove filter Channel: ${channels[0].name}` }).waitFor();
    expect(await pasted.getByRole('button', { name: '6h', exact: true }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect(await pasted.getByLabel('Metric', { exact: true }).inputValue()).toBe('vsfRate');
    const tiles = pasted.locator('dl[aria-label="Live KPIs"]');
    await expect.poll(() => tileValue(tiles, 'Attempts'), { timeout: 30_000 }).toBe('3');
    // Removing a chip widens the view again.
    await pasted.getByRole('button', { name: `Remove filter Firmware: ${firmwareLabelA}` }).click();
    await pasted
      .getByRole('button', { name: `Remove filter Firmware: ${firmwareLabelA}` })
      .waitFor({ state: 'detached' });
    expect(new URL(pasted.url()).searchParams.getAll('firmware')).toEqual([]);
    await page.close();
    await pasted.close();
  }, 120_000);

  it('takes a custom range as Amsterdam date and time in the console’s format and keeps it in the URL as instants', async () => {
    const page = await noc.newPage();
    await page.goto('/qoe');
    await page.getByRole('button', { name: 'Custom', exact: true }).click();
    const form = page.getByRole('form', { name: 'Custom range' });
    await form.getByLabel('From (Amsterdam)', { exact: true }).fill('1 Dec 2026, 10:00');
    await form.getByLabel('To (Amsterdam)', { exact: true }).fill('1 Dec 2026, 09:00');
    await form.getByRole('button', { name: 'Apply' }).click();
    await form.getByText('To: must be after the start').waitFor();
    await form.getByLabel('To (Amsterdam)', { exact: true }).fill('1 Dec 2026, 12:30');
    await form.getByRole('button', { name: 'Apply' }).click();
    // 10:00 in Amsterdam in December is 09:00 UTC.
    await expect
      .poll(() => new URL(page.url()).searchParams.get('from'), { timeout: 10_000 })
      .toBe('2026-12-01T09:00:00.000Z');
    expect(new URL(page.url()).searchParams.get('to')).toBe('2026-12-01T11:30:00.000Z');
    // A copied URL shows the same range in the same words.
    const pasted = await noc.newPage();
    await pasted.goto(page.url());
    const restored = pasted.getByRole('form', { name: 'Custom range' });
    expect(await restored.getByLabel('From (Amsterdam)', { exact: true }).inputValue()).toBe(
      '1 Dec 2026, 10:00',
    );
    expect(await restored.getByLabel('To (Amsterdam)', { exact: true }).inputValue()).toBe(
      '1 Dec 2026, 12:30',
    );
    await page.close();
    await pasted.close();
  });

  it('draws a failover of a channel in view on the time axis, linking to its feed health', async () => {
    const page = await noc.newPage();
    await page.goto(`/qoe?firmware=${encodeURIComponent(firmwareA())}`);
    await table(page, 'QoE by channel')
      .getByRole('button', { name: `Filter by channel ${channels[0].name}` })
      .waitFor({ timeout: 30_000 });
    const axis = page.getByRole('list', { name: 'Feed events on the time axis' });
    await emitIngestEvent(queue, {
      id: randomUUID(),
      kind: 'failover',
      channelId: channels[0].id,
      sourceId: null,
      startedAt: new Date(Date.now() - 2 * 60_000).toISOString(),
      cause: 'primary ffmpeg exited: Connection refused',
    });
    const link = axis.getByRole('link', { name: new RegExp(`^Failover · ${channels[0].name} · `) });
    await link.waitFor({ timeout: 40_000 });
    await page.locator('.recharts-reference-line').first().waitFor({ state: 'attached' });
    expect(await link.getAttribute('href')).toBe(`/channels/${channels[0].id}/health`);
    await screenshot(page, 'qoe-failover-annotation');
    await link.click();
    await page.getByRole('heading', { name: 'Feed health' }).waitFor();
    await page.close();
  }, 90_000);

  it('ranks firmware with intervals and marks the small sample; firmware A vs B side by side', async () => {
    const page = await noc.newPage();
    await page.goto('/qoe/insight?rank=firmware&by=vsfRate');
    const ranking = table(page, 'Ranking of firmware by Video start failures (VSF)');
    const row = ranking.getByRole('row').filter({ hasText: firmwareA() });
    await row.getByText('Too small to trust').waitFor({ timeout: 30_000 });
    await row.getByText('33.3 %', { exact: true }).waitFor();
    if (boxes[0].boxModel.code === boxes[1].boxModel.code) {
      await page.getByLabel('Box model', { exact: true }).selectOption(boxes[0].boxModel.code);
      await page.getByLabel('Firmware A', { exact: true }).selectOption(firmwareA());
      await page
        .getByLabel('Firmware B', { exact: true })
        .selectOption(boxes[1].firmwareVersion?.version ?? '');
      const compare = table(
        page,
        `Firmware ${firmwareA()} vs ${boxes[1].firmwareVersion?.version} on ${boxes[0].boxModel.code}`,
      );
      await compare
        .getByRole('row')
        .filter({ hasText: 'Video start failures (VSF)' })
        .getByText('sample too small')
        .waitFor({ timeout: 30_000 });
    }
    await screenshot(page, 'qoe-insight');
    await page.close();
  }, 90_000);

  it('support opens a box and sees its sessions of the last 24 h: channel, stalls, the error code and how each ended', async () => {
    const support = await newSession(browser);
    const page = await support.newPage();
    await signIn(page, 'support@keten.demo', e2eEnv.DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`/devices/${boxes[0].id}`);
    const sessions = table(page, 'Playback sessions, last 24 hours');
    await sessions
      .getByRole('row')
      .filter({ hasText: 'NET_TIMEOUT (network)' })
      .getByText('Error', { exact: true })
      .waitFor({ timeout: 30_000 });
    await expect.poll(() => sessions.getByRole('row').filter({ hasText: channels[0].name }).count()).toBe(3);
    await sessions.getByRole('row').filter({ hasText: '1 · 2.5 s' }).getByText('800 ms').waitFor();
    expect(await sessions.getByText(channels[1].name).count()).toBe(0);
    await page.locator('.recharts-scatter-symbol').first().waitFor();
    await screenshot(page, 'qoe-box-sessions');
    await page.goto(`/subscribers/${boxes[0].subscriber?.id}`);
    await table(page, 'Playback sessions, last 24 hours')
      .getByText('NET_TIMEOUT (network)')
      .waitFor({ timeout: 30_000 });
    await support.close();
  }, 90_000);
});
