import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateClickHouse } from '@keten/db/clickhouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activateThroughConsole,
  assignedDevice,
  bearer,
  startDeviceApi,
} from '../device-api/device-api.fixtures';
import { authenticateDevice } from '../device-api/device-auth';
import { createBeaconIngest, type TBeaconIngest } from './beacon-ingest';
import { countStored, sessionEvents } from './beacons.fixtures';
import { registerBeaconRoutes } from './beacons.routes';

describe('POST /v1/beacons with a real device token', () => {
  let api: Awaited<ReturnType<typeof startDeviceApi>>;
  let ingest: TBeaconIngest;
  let spoolDir: string;
  beforeAll(async () => {
    api = await startDeviceApi();
    await migrateClickHouse(api.deps.clickhouse.client);
    spoolDir = await mkdtemp(join(tmpdir(), 'keten-beacon-spool-'));
    ingest = await createBeaconIngest({
      clickhouse: api.deps.clickhouse,
      redis: api.deps.redis,
      spoolDir,
      maxQueuedEvents: 10_000,
      batchSize: 1000,
      flushIntervalMs: 200,
    });
    // Registered before the app's first request, next to the device API as server.ts will.
    registerBeaconRoutes(api.app, { ingest, authenticate: authenticateDevice });
  }, 120_000);
  afterAll(async () => {
    await ingest?.close();
    await api?.stop();
    await rm(spoolDir, { recursive: true, force: true });
  });

  it('stores the events under the identity in the token', async () => {
    const device = await assignedDevice(api);
    const tokens = await activateThroughConsole(api, device.id);
    const response = await api.app.inject({
      method: 'POST',
      url: '/v1/beacons',
      headers: bearer(tokens),
      payload: { events: sessionEvents('ch-token', 3) },
    });
    expect(response.statusCode).toBe(202);
    await ingest.flush();
    const result = await api.deps.clickhouse.client.query({
      query:
        'SELECT DISTINCT device_id, subscriber_id, box_model FROM qoe_events_v1 WHERE channel_id = {c:String}',
      query_params: { c: 'ch-token' },
      format: 'JSONEachRow',
    });
    expect(await result.json()).toEqual([
      { device_id: device.id, subscriber_id: device.subscriberId, box_model: device.boxModel.code },
    ]);
  });

  it('refuses a missing or forged token with its code and stores nothing', async () => {
    const payload = { events: sessionEvents('ch-forged', 3) };
    const missing = await api.app.inject({ method: 'POST', url: '/v1/beacons', payload });
    expect(missing.statusCode).toBe(401);
    expect(missing.json().code).toBe('TOKEN_INVALID');
    const forged = await api.app.inject({
      method: 'POST',
      url: '/v1/beacons',
      headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl' },
      payload,
    });
    expect(forged.statusCode).toBe(401);
    await ingest.flush();
    expect(await countStored(api.deps.clickhouse, 'ch-forged', false)).toBe(0);
  });
});
