import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newSession, screenshot, signIn } from './browser';
import { e2eEnv } from './env';

/** Setup only: an active, assigned box of the demo data, read through the console's own /trpc route. */
async function activeBox(page: Page): Promise<{ id: string; serial: string }> {
  const input = { json: { status: 'ACTIVE', tokenState: 'ACTIVE', sort: 'serial', pageSize: 1, page: 11 } };
  const response = await page.request.get(
    `/trpc/subscribers.devices.list?input=${encodeURIComponent(JSON.stringify(input))}`,
  );
  const body = (await response.json()) as {
    result: { data: { json: { items: [{ id: string; serial: string }] } } };
  };
  return body.result.data.json.items[0];
}

describe('player URLs on the device page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('support issues them, a player loads the playlist by URL alone, and a reissue stops the old one at once', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    await signIn(page, 'support@keten.demo', e2eEnv.DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    const box = await activeBox(page);
    await page.goto(`/devices/${box.id}`);
    await page.getByText('None issued.').waitFor();
    await page.getByRole('button', { name: 'Issue player URLs' }).click();
    const fresh = page.getByRole('region', { name: 'New player URLs' });
    const playlistUrl = await fresh.getByLabel('Playlist (M3U) URL').inputValue();
    const epgUrl = await fresh.getByLabel('Guide (EPG, XMLTV) URL').inputValue();
    expect(playlistUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/p\/[\w-]{43}\/playlist\.m3u$/);
    expect(epgUrl).toBe(playlistUrl.replace('playlist.m3u', 'epg.xml'));
    await screenshot(page, 'device-player-urls');

    // A player: a plain GET from another client, no cookie, no header.
    const player = await browser.newContext();
    const m3u = await player.request.get(playlistUrl);
    expect(m3u.status()).toBe(200);
    expect((await m3u.text()).split('\n')[0]).toBe(`#EXTM3U url-tvg="${epgUrl}" x-tvg-url="${epgUrl}"`);
    expect((await player.request.get(epgUrl)).status()).toBe(200);

    // Reissuing breaks every player the subscriber set up, so it asks first, in the page (not a browser dialog).
    await page.getByRole('button', { name: 'Reissue' }).click();
    await page
      .getByText('Issue new player URLs? The current ones stop working at once in every player.')
      .waitFor();
    expect((await player.request.get(playlistUrl)).status()).toBe(200);
    await page.getByRole('button', { name: 'Yes, reissue' }).click();
    let reissued = playlistUrl;
    for (let i = 0; i < 100 && reissued === playlistUrl; i++) {
      await page.waitForTimeout(100);
      reissued = await page.getByLabel('Playlist (M3U) URL').inputValue();
    }
    expect(reissued).not.toBe(playlistUrl);
    expect((await player.request.get(playlistUrl)).status()).toBe(403);
    expect((await player.request.get(reissued)).status()).toBe(200);

    // Later visits show when they were issued and how the current ones end, never the URLs themselves.
    await page.reload();
    const hint = reissued.split('/').at(-2)?.slice(-4) ?? '';
    await page.getByText(`…${hint}/playlist.m3u`).waitFor();
    expect(await page.getByLabel('Playlist (M3U) URL').count()).toBe(0);
    await player.close();
    await context.close();
  });
});
