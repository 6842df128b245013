import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';
import { makeLiveHls } from '../playback/playback.fixtures';
import { signedChannelUrl } from '../playback/playback.service';
import { playbackKeys } from '../playback/playback-keys';

let api: Awaited<ReturnType<typeof startTestApi>>;
beforeAll(async () => {
  api = await startTestApi();
  await makeLiveHls(api.deps.mediaRoot, 'headers-test');
}, 60_000);
afterAll(() => api?.stop());

const get = (url: string, headers: Record<string, string> = {}) =>
  api.app.inject({ method: 'GET', url, headers });

function expectBaseline(headers: Record<string, unknown>, what: string) {
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['x-frame-options'], what).toBe('DENY');
  expect(headers['referrer-policy'], what).toBe('no-referrer');
  const csp = String(headers['content-security-policy']);
  expect(csp, what).toContain("default-src 'none'");
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("base-uri 'none'");
  expect(csp, what).toContain("form-action 'none'");
  expect(csp, what).not.toMatch(/script-src/);
}

describe('API security headers', () => {
  it('are on JSON, problem+json, tRPC and 404 answers alike', async () => {
    const answers = {
      healthz: await get('/healthz'),
      'unknown path': await get('/no-such-path'),
      'tRPC without a session': await get('/trpc/channels.list?input=%7B%7D'),
      'device API without a token': await get('/v1/lineup'),
      openapi: await get('/v1/openapi.json'),
    };
    expect(answers['unknown path'].statusCode).toBe(404);
    expect(answers['tRPC without a session'].statusCode).toBe(401);
    expect(answers['device API without a token'].statusCode).toBe(401);
    for (const [what, response] of Object.entries(answers)) expectBaseline(response.headers, what);
  });

  it('let /v1/docs style itself with its inline <style> and nothing else', async () => {
    const docs = await get('/v1/docs');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('<style>');
    expect(docs.body).not.toContain('<script');
    expectBaseline(docs.headers, 'docs');
    expect(docs.headers['content-security-policy']).toContain("style-src 'unsafe-inline'");
  });

  it('keep every API rule on a logo (an SVG may be opened as a page), adding only inline style', async () => {
    await mkdir(join(api.deps.mediaRoot, 'logos'), { recursive: true });
    await writeFile(
      join(api.deps.mediaRoot, 'logos', 'headers-test.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:red" width="1" height="1"/></svg>',
    );
    const logo = await get('/media/logos/headers-test.svg');
    expect(logo.statusCode).toBe(200);
    expect(logo.headers['content-type']).toBe('image/svg+xml');
    expectBaseline(logo.headers, 'logo');
    expect(logo.headers['content-security-policy']).toContain("style-src 'unsafe-inline'");
  });

  it('keep media playable from any origin: signed HLS answers with Access-Control-Allow-Origin: *', async () => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    const url = signedChannelUrl(playbackKeys(api.deps), 'headers-test', 'cheadersdevice', exp);
    for (const path of [
      url,
      url.replace('master.m3u8', 'v0/index.m3u8'),
      url.replace('master.m3u8', 'v0/index0.ts'),
    ]) {
      const response = await get(path, { origin: 'https://player.example' });
      expect(response.statusCode, path).toBe(200);
      expect(response.headers['access-control-allow-origin'], path).toBe('*');
      expectBaseline(response.headers, path);
    }
    const refused = await get(url.replace(/sig=[\w-]+/, 'sig=x'));
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['access-control-allow-origin']).toBe('*');
  });
});
