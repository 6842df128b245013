import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeviceApi } from './device-api.fixtures';

let api: Awaited<ReturnType<typeof startDeviceApi>>;
beforeAll(async () => {
  api = await startDeviceApi();
}, 60_000);
afterAll(() => api?.stop());

describe('device API contract', () => {
  it('answers a body that is not JSON with a 400 problem, never a 500', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/v1/activate',
      headers: { 'content-type': 'application/json' },
      payload: '{"activationCode": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'INVALID_INPUT', field: 'body', status: 400 });
  });

  it('names the missing field of an empty activation', async () => {
    const response = await api.app.inject({ method: 'POST', url: '/v1/activate', payload: {} });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'INVALID_INPUT' });
    expect(response.json().field).toBe('activationCode');
    const partial = await api.app.inject({
      method: 'POST',
      url: '/v1/activate',
      payload: { serial: 'M1120000001' },
    });
    expect(partial.json()).toMatchObject({ code: 'INVALID_INPUT', field: 'mac' });
  });

  it('names the query field of a malformed EPG window', async () => {
    const response = await api.app.inject({
      method: 'GET',
      url: '/v1/epg?from=yesterday',
      headers: { authorization: 'Bearer x' },
    });
    // Authentication comes first: a box without a valid token learns nothing about the input.
    expect(response.json()).toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('publishes OpenAPI 3.1 generated from the zod schemas', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual([
      '/v1/activate',
      '/v1/token/refresh',
      '/v1/lineup',
      '/v1/config',
      '/v1/firmware',
      '/v1/firmware/report',
      '/v1/epg',
      '/v1/epg.xml',
      '/v1/playlist.m3u',
      '/v1/play/{channelId}',
      '/v1/play/heartbeat',
      '/v1/beacons',
      '/v1/edge-logs',
      '/v1/play/stop',
      '/v1/openapi.json',
      '/v1/docs',
      '/v1/p/{token}/playlist.m3u',
      '/v1/p/{token}/epg.xml',
      '/v1/p/{token}/live/{slug}.m3u8',
    ]);
    expect(doc.components.schemas.Activate.anyOf[0].required).toEqual(['activationCode']);
    expect(doc.paths['/v1/epg'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['from', 'to']);
  });

  it('renders a readable reference page of every path from the same document', async () => {
    const page = await api.app.inject({ method: 'GET', url: '/v1/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const doc = (await api.app.inject({ method: 'GET', url: '/v1/openapi.json' })).json();
    for (const path of Object.keys(doc.paths)) expect(page.body).toContain(`<code>${path}</code>`);
    expect(page.body).toContain('id="schema-BeaconBatch"');
    expect(page.body).not.toContain('<script');
  });

  it('answers 503 with a problem while no device token secret is configured', async () => {
    const config = api.deps.deviceApi;
    api.deps.deviceApi = undefined;
    try {
      const response = await api.app.inject({
        method: 'POST',
        url: '/v1/token/refresh',
        payload: { refreshToken: 'x'.repeat(40) },
      });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ code: 'DEVICE_API_DISABLED' });
    } finally {
      api.deps.deviceApi = config;
    }
  });
});
