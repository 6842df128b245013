import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';

let api: Awaited<ReturnType<typeof startTestApi>>;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  api = await startTestApi();
  origin = await api.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

describe('/v1/docs under the API CSP, in Chromium', () => {
  it('renders styled, with no CSP violation reported', async () => {
    const page = await browser.newPage();
    const messages: string[] = [];
    page.on('console', (message) => messages.push(message.text()));
    const response = await page.goto(`${origin}/v1/docs`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.getByRole('heading', { level: 1 }).waitFor();
    // The inline <style> applied: its max-width on body, not the browser default.
    expect(await page.evaluate('getComputedStyle(document.body).maxWidth')).toBe('960px');
    expect(messages.filter((m) => /Content Security Policy/i.test(m))).toEqual([]);
    await page.close();
  });
});
