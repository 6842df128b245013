import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateLimitNameSpace } from '../src/device-api/rate-limit';
import { buildServer } from '../src/server';
import { startTestApi } from './harness';

describe('server wiring', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let spoolDir: string;
  beforeAll(async () => {
    api = await startTestApi();
    spoolDir = await mkdtemp(join(tmpdir(), 'keten-spool-'));
  });
  afterAll(async () => {
    await api?.stop();
    await rm(spoolDir, { recursive: true, force: true });
  });

  it('serves POST /v1/beacons (device token required) when a spool folder is configured', async () => {
    // Counters of an earlier run in the same minute would answer 429 straight away.
    const stale = await api.redis.keys(`${rateLimitNameSpace(api.deps, 'beacon')}*`);
    if (stale.length > 0) await api.redis.del(...stale);
    const app = await buildServer({
      ...api.deps,
      deviceApi: {
        ...api.deps.deviceApi,
        tokenSecret: 'device-token-secret-for-this-test-only-xx',
        rateLimitPerMinute: 3,
      },
      beaconSpoolDir: spoolDir,
    });
    try {
      const response = await app.inject({ method: 'POST', url: '/v1/beacons', payload: { events: [] } });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: 'TOKEN_INVALID' });
      // The per-device (here per-address, no valid token) limit covers beacons too: 429 with Retry-After.
      let last = response;
      for (let i = 0; i < 5 && last.statusCode !== 429; i++) {
        last = await app.inject({ method: 'POST', url: '/v1/beacons', payload: { events: [] } });
      }
      expect(last.statusCode).toBe(429);
      expect(last.json()).toMatchObject({
        code: 'RATE_LIMITED',
        title: expect.stringMatching(/^Too many requests/),
      });
      expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
    const without = await api.app.inject({ method: 'POST', url: '/v1/beacons', payload: { events: [] } });
    expect(without.statusCode).toBe(404);
  });
});
