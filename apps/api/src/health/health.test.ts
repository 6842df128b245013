import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateClickHouse } from '@keten/db/clickhouse';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';
import { createBeaconIngest } from '../beacons/beacon-ingest';
import { flakyClickHouse, sessionEvents, TEST_DEVICE } from '../beacons/beacons.fixtures';
import { registerHealthRoutes } from './health.routes';

describe('health endpoints', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let spoolDir: string;
  beforeAll(async () => {
    spoolDir = await mkdtemp(join(tmpdir(), 'keten-health-spool-'));
    api = await startTestApi({ beaconSpoolDir: spoolDir, deliverySpoolDir: join(spoolDir, 'delivery') });
    await migrateClickHouse(api.deps.clickhouse.client);
  });
  afterAll(async () => {
    await api?.stop();
    await rm(spoolDir, { recursive: true, force: true });
  });

  it('/healthz answers while the process lives; /readyz checks every store, the beacon and delivery spools', async () => {
    expect((await api.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await api.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ready',
      checks: { postgres: 'ok', redis: 'ok', clickhouse: 'ok', ingest: 'ok', delivery: 'ok' },
      ingest: {
        status: 'ok',
        spoolFiles: 0,
        spoolEvents: 0,
        spoolBytes: 0,
        oldestUnstoredMs: 0,
        clickhouseDown: false,
        lastStoreError: null,
        rejectedRows: 0,
      },
      delivery: {
        status: 'ok',
        spoolFiles: 0,
        spoolEvents: 0,
        spoolBytes: 0,
        oldestUnstoredMs: 0,
        clickhouseDown: false,
        lastStoreError: null,
        rejectedRows: 0,
      },
    });
  });

  it('/readyz says which store is down: 503 without Redis', async () => {
    const redis = api.deps.redis.duplicate();
    await redis.quit();
    const { buildServer } = await import('../server');
    const app = await buildServer({ ...api.deps, redis, beaconSpoolDir: undefined });
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().status).toBe('not ready');
    expect(ready.json().checks.postgres).toBe('ok');
    expect(ready.json().checks.redis).not.toBe('ok');
    await app.close();
  });

  it('/readyz stays 200 but "degraded" when ClickHouse does not answer: every replica would fail alike', async () => {
    const client = new Proxy(api.deps.clickhouse.client, {
      get(target, prop) {
        if (prop === 'query')
          return async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:8123'));
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const app = Fastify();
    registerHealthRoutes(app, { ...api.deps, clickhouse: { ...api.deps.clickhouse, client } });
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      status: 'degraded',
      checks: { postgres: 'ok', clickhouse: expect.stringContaining('ECONNREFUSED') },
    });
    await app.close();
  });

  it('/readyz reports ingest degraded, with the spool figures, while inserts fail or the spool stops draining', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keten-health-stall-'));
    const flaky = flakyClickHouse(api.deps.clickhouse);
    const ingest = await createBeaconIngest({
      clickhouse: flaky.clickhouse,
      spoolDir: dir,
      maxQueuedEvents: 10_000,
      batchSize: 1000,
      flushIntervalMs: 3_600_000,
      retryMinMs: 3_600_000,
      stallAfterMs: 300,
    });
    const app = Fastify();
    registerHealthRoutes(app, api.deps, { ingest });
    const readyz = async () => (await app.inject({ url: '/readyz' })).json();
    try {
      // ClickHouse slow: the insert hangs, nothing fails, yet the oldest beacon ages past the limit.
      let release = () => {};
      flaky.state.hold = new Promise<void>((resolve) => {
        release = resolve;
      });
      expect(await ingest.accept(TEST_DEVICE, sessionEvents('ch-health', 5))).toBe('accepted');
      const stuck = ingest.flush();
      expect(await readyz()).toMatchObject({ status: 'ready', ingest: { status: 'ok', spoolEvents: 5 } });
      await expect.poll(readyz, { timeout: 5000 }).toMatchObject({
        status: 'degraded',
        checks: { ingest: expect.stringContaining('oldest unstored beacon') },
      });
      const slow = await readyz();
      expect(slow.ingest).toMatchObject({
        status: 'degraded',
        spoolFiles: 1,
        spoolEvents: 5,
        clickhouseDown: false,
      });
      expect(slow.ingest.oldestUnstoredMs).toBeGreaterThan(300);
      expect(slow.ingest.spoolBytes).toBeGreaterThan(0);

      // ClickHouse down: the insert fails; the reason says so and the answer is still 200.
      flaky.state.down = true;
      flaky.state.hold = null;
      release();
      await stuck;
      const down = await app.inject({ url: '/readyz' });
      expect(down.statusCode).toBe(200);
      expect(down.json()).toMatchObject({
        status: 'degraded',
        checks: { ingest: expect.stringContaining('ClickHouse inserts failing: connect ECONNREFUSED') },
        ingest: { clickhouseDown: true, spoolEvents: 5 },
      });

      // Back: the spool drains and readiness returns.
      flaky.state.down = false;
      await ingest.flush();
      expect(await readyz()).toMatchObject({
        status: 'ready',
        ingest: { status: 'ok', spoolFiles: 0, spoolEvents: 0, oldestUnstoredMs: 0 },
      });
    } finally {
      await ingest.close();
      await app.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
