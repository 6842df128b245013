import { randomUUID } from 'node:crypto';
import { INGEST_EVENTS_QUEUE } from '@keten/contracts';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newSession, screenshot, signIn } from './browser';
import { e2eEnv } from './env';
import { emitIngestEvent as emit, ingestEventsQueue, type TIngestQueue } from './ingest-events';
import { clearQueues, forgetJobsOf } from './stores';

const QUEUES = ['live', 'probe', INGEST_EVENTS_QUEUE];

type TChannel = { id: string; name: string; sources: { id: string }[] };

/** Setup only: a seeded live channel with two sources, read through the console's own /trpc route. */
async function seededChannel(page: Page): Promise<TChannel> {
  const input = { json: { state: 'LIVE', sort: 'lcn', dir: 'asc', pageSize: 1, page: 1 } };
  const response = await page.request.get(
    `/trpc/channels.list?input=${encodeURIComponent(JSON.stringify(input))}`,
  );
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { result: { data: { json: { items: TChannel[] } } } };
  const channel = body.result.data.json.items[0];
  if (!channel || channel.sources.length < 2)
    throw new Error('the demo seed has no live channel with a backup');
  return channel;
}

/** The message under a field of the QC form, found through the control's aria-describedby. */
async function fieldError(page: Page, label: string): Promise<string | null> {
  const control = page.getByRole('form', { name: 'QC thresholds' }).getByLabel(label, { exact: true });
  await control.and(page.locator('[aria-invalid="true"]')).waitFor();
  const describedBy = await control.getAttribute('aria-describedby');
  return describedBy ? page.locator(`[id="${describedBy}"]`).textContent() : null;
}

const card = (page: Page, title: string): Locator =>
  page.locator('section', { has: page.getByRole('heading', { name: title, exact: true }) });

describe('channel feed health, as a NOC engineer (no worker runs, so a live job stays queued)', () => {
  let browser: Browser;
  let queue: TIngestQueue;
  let channelId: string | undefined;
  beforeAll(async () => {
    // The database and ClickHouse are fresh per run, this Redis db is not: start from empty live/event queues.
    clearQueues(QUEUES);
    queue = ingestEventsQueue();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await queue?.close();
    await browser?.close();
    if (channelId) forgetJobsOf(channelId);
    clearQueues(QUEUES);
  });

  it('starts and stops live ingest, probes, edits a QC threshold and sees a failover the worker reported', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await signIn(page, 'noc@keten.demo', e2eEnv.DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    const channel = await seededChannel(page);
    channelId = channel.id;

    await page.goto(`/channels/${channel.id}/health`);
    await page.getByRole('heading', { name: 'Feed health' }).waitFor();
    await page.getByText(channel.name, { exact: true }).waitFor();
    const events = page.getByRole('table', { name: 'Ingest events' });
    await events.getByText('No ingest events in the last hour').waitFor();
    const onAir = card(page, 'On air');
    await onAir.getByText('Not started', { exact: true }).waitFor();
    await screenshot(page, 'channel-health-empty');

    // Live ingest: queued (no worker takes it here), then stopped again.
    await onAir.getByRole('button', { name: 'Start live ingest' }).click();
    await onAir.getByText('Queued', { exact: true }).waitFor();
    await onAir.getByRole('button', { name: 'Stop live ingest' }).waitFor();
    await screenshot(page, 'channel-health-queued');

    // A threshold out of range is refused by the API, next to its field; a good one is saved.
    const form = page.getByRole('form', { name: 'QC thresholds' });
    await form.getByLabel('Black for (s)', { exact: true }).fill('0');
    await form.getByRole('button', { name: 'Save thresholds' }).click();
    expect(await fieldError(page, 'Black for (s)')).toMatch(/0\.5/);
    await screenshot(page, 'channel-health-qc-error');
    await form.getByLabel('Black for (s)', { exact: true }).fill('4');
    await form.getByRole('button', { name: 'Save thresholds' }).click();
    await form.getByRole('status').filter({ hasText: 'QC thresholds saved' }).waitFor();
    await page.reload();
    await expect.poll(() => form.getByLabel('Black for (s)', { exact: true }).inputValue()).toBe('4');

    // The worker's findings reach the page through the api's ingest-events consumer and ClickHouse.
    const failoverAt = new Date(Date.now() - 5 * 60_000);
    await emit(queue, {
      id: randomUUID(),
      kind: 'failover',
      channelId: channel.id,
      sourceId: channel.sources[1]?.id ?? null,
      fromSourceId: channel.sources[0]?.id ?? null,
      startedAt: failoverAt.toISOString(),
      cause: 'primary ffmpeg exited: Connection refused',
      detail: { gapSeconds: 1.2 },
    });
    const black = {
      id: randomUUID(),
      kind: 'black',
      channelId: channel.id,
      sourceId: channel.sources[0]?.id ?? null,
      startedAt: new Date(failoverAt.getTime() - 12_000).toISOString(),
      cause: 'black for 2.0 s',
    } as const;
    await emit(queue, black);
    await emit(queue, { ...black, endedAt: new Date(failoverAt.getTime() - 2_000).toISOString() });

    const failoverRow = events
      .getByRole('row')
      .filter({ hasText: 'primary ffmpeg exited: Connection refused' });
    await failoverRow.waitFor({ timeout: 20_000 });
    expect((await failoverRow.textContent())?.replace(/\s+/g, ' ')).toContain('Failover');
    expect(await failoverRow.textContent()).toContain('Primary (');
    const blackRow = events.getByRole('row').filter({ hasText: 'black for 2.0 s' });
    await blackRow.getByText('10.0 s').waitFor({ timeout: 20_000 });
    await page.getByText('Black: 1 · Failover: 1').or(page.getByText('Failover: 1 · Black: 1')).waitFor();
    await screenshot(page, 'channel-health-events');

    await card(page, 'Sources').getByRole('button', { name: 'Probe primary now' }).click();
    await page.getByText('Probe queued').waitFor();

    await onAir.getByRole('button', { name: 'Stop live ingest' }).click();
    await onAir.getByRole('button', { name: 'Start live ingest' }).waitFor();
    await onAir.getByText('Stopped', { exact: true }).waitFor();
    await onAir.getByText(/^stopped by noc@keten\.demo, ended just now$/).waitFor();
    await screenshot(page, 'channel-health-stopped');
    await context.close();
  }, 90_000);
});
