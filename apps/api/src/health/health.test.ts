import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';

describe('health endpoints', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => api?.stop());

  it('/healthz answers while the process lives; /readyz checks every store', async () => {
    expect((await api.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await api.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ready',
      checks: { postgres: 'ok', redis: 'ok', clickhouse: 'ok' },
    });
  });

  it('/readyz says which store is down', async () => {
    const redis = api.deps.redis.duplicate();
    await redis.quit();
    const { buildServer } = await import('../server');
    const app = await buildServer({ ...api.deps, redis });
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks.postgres).toBe('ok');
    expect(ready.json().checks.redis).not.toBe('ok');
    await app.close();
  });
});
