import { EnvError } from '@keten/contracts/env';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApiEnv } from '../env';
import { activateThroughConsole, assignedDevice, bearer, startDeviceApi } from './device-api.fixtures';

const BASE_ENV = {
  DATABASE_URL: 'postgresql://keten:keten@127.0.0.1:5432/keten',
  REDIS_URL: 'redis://127.0.0.1:6379',
  NEXTAUTH_SECRET: 'x'.repeat(40),
};

describe('PUBLIC_API_URL', () => {
  it('defaults to where the API listens, loopback for a wildcard address', () => {
    expect(loadApiEnv(BASE_ENV).PUBLIC_API_URL).toBe('http://127.0.0.1:4000');
    expect(loadApiEnv({ ...BASE_ENV, API_HOST: '0.0.0.0', API_PORT: '4150' }).PUBLIC_API_URL).toBe(
      'http://127.0.0.1:4150',
    );
    expect(loadApiEnv({ ...BASE_ENV, API_HOST: '::1', PUBLIC_API_URL: '' }).PUBLIC_API_URL).toBe(
      'http://[::1]:4000',
    );
  });

  it('takes an http(s) origin, without a trailing slash', () => {
    const env = loadApiEnv({ ...BASE_ENV, PUBLIC_API_URL: 'https://TV.example.net/' });
    expect(env.PUBLIC_API_URL).toBe('https://tv.example.net');
  });

  it('refuses a path, a query, credentials or another scheme, naming the variable', () => {
    for (const value of [
      'https://tv.example.net/api',
      'https://tv.example.net?x=1',
      'https://u:p@tv.example.net',
      'ftp://tv.example.net',
      'tv.example.net',
    ]) {
      let error: unknown;
      try {
        loadApiEnv({ ...BASE_ENV, PUBLIC_API_URL: value });
      } catch (caught) {
        error = caught;
      }
      expect(error, value).toBeInstanceOf(EnvError);
      expect(
        (error as EnvError).problems.map((p) => p.name),
        value,
      ).toEqual(['PUBLIC_API_URL']);
    }
  });
});

describe('M3U absolute URLs', () => {
  let api: Awaited<ReturnType<typeof startDeviceApi>>;
  beforeAll(async () => {
    api = await startDeviceApi();
  }, 90_000);
  afterAll(() => api?.stop());

  it('come from PUBLIC_API_URL, whatever Host or X-Forwarded-Host the request claims', async () => {
    api.deps.publicApiUrl = 'https://tv.example.net';
    const pair = await activateThroughConsole(api, (await assignedDevice(api)).id);
    const m3u = (headers: Record<string, string>) =>
      api.app.inject({
        method: 'GET',
        // Off-air channels too (the seed has none on air), so every kind of URL is in the list.
        url: '/v1/playlist.m3u?offAir=show',
        // From loopback, so the server's trustProxy would believe X-Forwarded-* if it read them.
        remoteAddress: '127.0.0.1',
        headers: { ...bearer(pair), ...headers },
      });
    const plain = await m3u({});
    expect(plain.statusCode).toBe(200);
    const urls = plain.body.match(/https?:\/\/[^\s"]+/g) ?? [];
    expect(urls.length).toBeGreaterThan(2);
    expect(urls.every((url) => url.startsWith('https://tv.example.net/'))).toBe(true);
    expect(plain.body).toContain('url-tvg="https://tv.example.net/v1/epg.xml"');
    const forgeries: Array<Record<string, string>> = [
      { host: 'evil.example' },
      { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' },
      { host: 'evil.example:8443', 'x-forwarded-host': 'evil.example', forwarded: 'host=evil.example' },
    ];
    for (const forged of forgeries) {
      const response = await m3u(forged);
      expect(response.body, JSON.stringify(forged)).toBe(plain.body);
      expect(response.headers.etag).toBe(plain.headers.etag);
    }
  });
});
