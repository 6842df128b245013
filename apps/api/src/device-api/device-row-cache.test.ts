import { createSqlPool, type TSqlPool } from '@keten/db/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateThroughConsole, assignedDevice, bearer, startDeviceApi } from './device-api.fixtures';
import { DEVICE_ROWS_CHANNEL, DeviceRowCache } from './device-row-cache';

let api: Awaited<ReturnType<typeof startDeviceApi>>;
/** Another process's connection: psql, a script, a second API instance. */
let elsewhere: TSqlPool;
beforeAll(async () => {
  api = await startDeviceApi();
  elsewhere = createSqlPool(api.databaseUrl, 2);
}, 60_000);
afterAll(async () => {
  await elsewhere?.end();
  await api?.stop();
});

const config = (headers: Record<string, string>) =>
  api.app.inject({ method: 'GET', url: '/v1/config', headers });

/** Waits (bounded) for the cache's LISTEN connection; rows are only kept while it is up. */
async function listening(cache: DeviceRowCache) {
  await expect.poll(() => cache.active, { timeout: 10_000 }).toBe(true);
}

describe('the /v1 token check keeps device rows in memory and drops them when PostgreSQL changes them', () => {
  it('a revoke written by another process (not through the console) refuses the box on its next calls', async () => {
    const device = await assignedDevice(api, { skip: 3 });
    const pair = await activateThroughConsole(api, device.id);
    expect((await config(bearer(pair))).statusCode).toBe(200);
    expect((await config(bearer(pair))).statusCode).toBe(200);
    await elsewhere.query(
      `UPDATE devices SET token_state = 'REVOKED', token_version = token_version + 1 WHERE id = $1`,
      [device.id],
    );
    // The notification arrives at commit; bounded wait for it, then every call is refused.
    await expect
      .poll(async () => (await config(bearer(pair))).json().code, { timeout: 2000, interval: 20 })
      .toBe('DEVICE_REVOKED');
    expect((await config(bearer(pair))).statusCode).toBe(403);
  });

  it('answers repeated reads from memory, and reads again once the row or its subscriber changes', async () => {
    const cache = new DeviceRowCache(api.deps.sql);
    try {
      await listening(cache);
      const device = await assignedDevice(api, { skip: 4 });
      const first = await cache.read(device.id);
      expect(first?.appVersion).toBe(device.appVersion);
      // With the row's notification switched off, a change is not seen: proof the second read came from memory.
      await elsewhere.query('ALTER TABLE devices DISABLE TRIGGER devices_notify_row_change');
      try {
        await elsewhere.query(`UPDATE devices SET app_version = 'silent-1' WHERE id = $1`, [device.id]);
        expect((await cache.read(device.id))?.appVersion).toBe(device.appVersion);
      } finally {
        await elsewhere.query('ALTER TABLE devices ENABLE TRIGGER devices_notify_row_change');
      }
      await elsewhere.query(`UPDATE devices SET app_version = 'announced-2' WHERE id = $1`, [device.id]);
      await expect.poll(async () => (await cache.read(device.id))?.appVersion).toBe('announced-2');

      // A package the subscriber takes (a subscription row) reaches the kept row's packages.
      const held = (await cache.read(device.id))?.packages ?? [];
      const other = await api.prisma.package.findFirstOrThrow({ where: { code: { notIn: held } } });
      await elsewhere.query(
        `INSERT INTO subscriptions (id, subscriber_id, package_id, starts_at) VALUES ($1, $2, $3, now() - interval '1 minute')`,
        [`cache-test-${device.id}`, device.subscriberId, other.id],
      );
      await expect.poll(async () => (await cache.read(device.id))?.packages).toContain(other.code);
    } finally {
      await cache.close();
    }
  });

  it('keeps nothing while its LISTEN connection is down, and keeps rows again once it is back', async () => {
    const cache = new DeviceRowCache(api.deps.sql);
    try {
      await listening(cache);
      const device = await assignedDevice(api, { skip: 5 });
      await cache.read(device.id);
      await elsewhere.query('ALTER TABLE devices DISABLE TRIGGER devices_notify_row_change');
      try {
        // Cut every LISTEN connection on the channel, as a PostgreSQL restart or a network cut would.
        await elsewhere.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1 AND datname = current_database()`,
          [`LISTEN ${DEVICE_ROWS_CHANNEL}`],
        );
        await expect.poll(() => cache.active, { timeout: 5000 }).toBe(false);
        // Unannounced change, cache down: read from PostgreSQL, so it is seen.
        await elsewhere.query(`UPDATE devices SET app_version = 'while-down' WHERE id = $1`, [device.id]);
        expect((await cache.read(device.id))?.appVersion).toBe('while-down');
      } finally {
        await elsewhere.query('ALTER TABLE devices ENABLE TRIGGER devices_notify_row_change');
      }
      await listening(cache);
      await elsewhere.query(`UPDATE devices SET app_version = 'back-up' WHERE id = $1`, [device.id]);
      await expect.poll(async () => (await cache.read(device.id))?.appVersion).toBe('back-up');
    } finally {
      await cache.close();
    }
  });

  it('with DEVICE_ROW_CACHE_SECONDS=0 keeps nothing and holds no LISTEN connection', async () => {
    const cache = new DeviceRowCache(api.deps.sql, 0);
    try {
      const device = await assignedDevice(api, { skip: 7 });
      await cache.read(device.id);
      await elsewhere.query('ALTER TABLE devices DISABLE TRIGGER devices_notify_row_change');
      try {
        await elsewhere.query(`UPDATE devices SET app_version = 'uncached' WHERE id = $1`, [device.id]);
        expect((await cache.read(device.id))?.appVersion).toBe('uncached');
      } finally {
        await elsewhere.query('ALTER TABLE devices ENABLE TRIGGER devices_notify_row_change');
      }
      expect(cache.active).toBe(false);
    } finally {
      await cache.close();
    }
  });

  it('a box activated again is let in at once with its new token while the old one is refused', async () => {
    const device = await assignedDevice(api, { skip: 6 });
    const old = await activateThroughConsole(api, device.id);
    expect((await config(bearer(old))).statusCode).toBe(200);
    const renewed = await activateThroughConsole(api, device.id);
    expect((await config(bearer(renewed))).statusCode).toBe(200);
    expect((await config(bearer(old))).json()).toMatchObject({ code: 'DEVICE_REVOKED' });
  });
});
