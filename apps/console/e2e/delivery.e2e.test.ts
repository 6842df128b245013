import { parseEnv } from '@keten/contracts/env';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { launchChromium, newSession, screenshot, signIn } from './browser';
import { e2eEnv } from './env';

// scripts/e2e.sh exports it for the api it starts; the test is a CDN edge shipping its log to that api.
const api = parseEnv(z.object({ API_INTERNAL_URL: z.url() }), process.env);

/** An edge's log in the documented NDJSON format (apps/api/src/delivery/README.md): 12 hits, 4 misses, 1 error, 1 bad line. */
function edgeLog(now: number): string {
  const line = (i: number, over: Record<string, unknown>) =>
    JSON.stringify({
      time: new Date(now - 120_000 + i * 2000).toISOString(),
      url: `/media/live/npo-1/v0/index${i}.ts?kid=AAAAAAAA&exp=1900000000&dev=ce2eedgebox&sig=x&CMCD=sid%3D%22e2e-sess%22`,
      status: 200,
      bytes: 250_000,
      ttfbMs: 3 + i,
      durationMs: 40,
      cacheStatus: 'HIT',
      clientIp: '198.51.100.7',
      ...over,
    });
  return [
    ...Array.from({ length: 12 }, (_, i) => line(i, {})),
    ...Array.from({ length: 4 }, (_, i) => line(12 + i, { cacheStatus: 'MISS', ttfbMs: 90 })),
    line(16, { status: 504, bytes: 0, cacheStatus: 'ERROR' }),
    '{"time": "yesterday"}',
  ].join('\n');
}

describe('delivery: a CDN edge reports its log and shows on the delivery view', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('an administrator adds an edge, its log is ingested with a per-line report, the NOC view shows it; revoking stops it', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await signIn(page, 'admin@keten.demo', e2eEnv.DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto('/edges');
    const name = `e2e-${Date.now().toString(36)}`;
    const form = page.getByRole('form', { name: 'New edge' });
    await form.getByLabel('Edge id').fill(name);
    await form.getByLabel('Location').fill('Amsterdam Science Park');
    await form.getByRole('button', { name: 'Add edge' }).click();
    const token = await page.getByLabel('Token', { exact: true }).inputValue();
    expect(token).toMatch(/^ke_edge_/);
    await screenshot(page, 'edges-token-once');

    const post = (body: string) =>
      page.request.post(`${api.API_INTERNAL_URL}/v1/edge-logs`, {
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
        data: body,
      });
    const response = await post(edgeLog(Date.now()));
    expect(response.status()).toBe(202);
    expect(await response.json()).toMatchObject({
      accepted: 17,
      refused: 1,
      problems: [{ line: 18, field: 'time' }],
    });

    // The records reach ClickHouse within seconds (the delivery spool inserts every 5 s): wait for the view's own
    // query to see them (through the console's /trpc, as the page asks), then open the page.
    const viewHas = async () => {
      const input = { from: new Date(Date.now() - 3600_000), to: new Date(Date.now() + 60_000) };
      const query = encodeURIComponent(
        JSON.stringify({
          json: { from: input.from.toISOString(), to: input.to.toISOString() },
          meta: { values: { from: ['Date'], to: ['Date'] } },
        }),
      );
      const answer = await page.request.get(`/trpc/delivery.view?input=${query}`);
      const text = await answer.text();
      return answer.status() === 200 && text.includes(`"key":"${name}"`);
    };
    await expect.poll(viewHas, { timeout: 60_000, interval: 1_000 }).toBe(true);
    const row = page.getByRole('row').filter({ hasText: name });
    await page.goto('/qoe/delivery');
    await row.waitFor({ timeout: 30_000 });
    // 12 hits of 16 cache verdicts (an edge's ERROR is none); 1 error of 17 requests; 16 × 250 kB.
    await expect.poll(() => row.textContent()).toContain('75.0 %');
    expect(await row.textContent()).toContain('5.88 %');
    expect(await row.textContent()).toContain('4.0 MB');
    expect(await row.textContent()).toContain('Amsterdam Science Park');
    await screenshot(page, 'delivery-view');

    // Drilling into the edge: its channel and rendition.
    await row.getByRole('link', { name }).click();
    await page
      .getByRole('table', { name: 'Channels of the edge' })
      .getByRole('row', { name: /npo-1/ })
      .waitFor();
    await page
      .getByRole('table', { name: 'Renditions of the edge' })
      .getByRole('row', { name: /v0/ })
      .waitFor();

    // Revoking asks first; the edge's token then stops at once.
    await page.goto('/edges');
    const edgeRow = page.getByRole('row').filter({ hasText: name });
    await edgeRow.getByRole('button', { name: `Revoke token of ${name}` }).click();
    await edgeRow.getByRole('button', { name: /^Yes/ }).click();
    await edgeRow.getByText(/^Revoked/).waitFor();
    expect((await post(edgeLog(Date.now()))).status()).toBe(401);
    await context.close();
  });
});
