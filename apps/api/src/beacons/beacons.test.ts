import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateClickHouse } from '@keten/db/clickhouse';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';
import { authenticateDevice } from '../device-api/device-auth';
import { KetenError } from '../lib/errors';
import { installErrorHandling } from '../lib/http-errors';
import { createBeaconIngest, type TBeaconIngestOptions } from './beacon-ingest';
import { countStored, rollupCounts, sessionEvents, TEST_DEVICE } from './beacons.fixtures';
import { registerBeaconRoutes, type TBeaconRouteOptions } from './beacons.routes';

describe('POST /v1/beacons', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  const cleanup: Array<() => Promise<unknown>> = [];
  beforeAll(async () => {
    api = await startTestApi();
    await migrateClickHouse(api.deps.clickhouse.client);
  });
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
    await api?.stop();
  });

  /** A small app with only the beacon route, over the harness's real Redis and chDB. */
  async function beaconApp(overrides: Partial<TBeaconIngestOptions> = {}) {
    const spoolDir = await mkdtemp(join(tmpdir(), 'keten-beacon-spool-'));
    const ingest = await createBeaconIngest({
      clickhouse: api.deps.clickhouse,
      redis: api.deps.redis,
      spoolDir,
      maxQueuedEvents: 20_000,
      batchSize: 2000,
      flushIntervalMs: 200,
      retryMinMs: 100,
      retryMaxMs: 1000,
      ...overrides,
    });
    const app: FastifyInstance = Fastify();
    installErrorHandling(app, { guardSkip: [] });
    registerBeaconRoutes(app, {
      ingest,
      authenticate: async (request) => {
        if (request.headers.authorization !== 'Bearer box') {
          throw new KetenError('INVALID_CREDENTIALS', 'A device token is required.');
        }
        return TEST_DEVICE;
      },
    });
    cleanup.push(
      () => app.close(),
      () => ingest.close(),
      () => rm(spoolDir, { recursive: true, force: true }),
    );
    const post = (body: unknown, authorization = 'Bearer box') =>
      app.inject({ method: 'POST', url: '/v1/beacons', payload: body as object, headers: { authorization } });
    return { app, ingest, spoolDir, post };
  }

  it('stores a valid batch enriched from the device identity', async () => {
    const { ingest, post } = await beaconApp();
    const response = await post({ events: sessionEvents('ch-valid', 5) });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ accepted: 5 });
    await ingest.flush();
    const result = await api.deps.clickhouse.client.query({
      query:
        'SELECT DISTINCT device_id, box_model, firmware, region FROM qoe_events_v1 WHERE channel_id = {c:String}',
      query_params: { c: 'ch-valid' },
      format: 'JSONEachRow',
    });
    expect(await result.json()).toEqual([
      { device_id: 'dev-test-1', box_model: 'KT-4K', firmware: '2.3.1', region: 'Utrecht' },
    ]);
  });

  it("stores each event's app version (else the token's) and delivery edge, the QoE page's dimensions", async () => {
    const { ingest, post } = await beaconApp();
    const [attempt, firstFrame, heartbeat] = sessionEvents('ch-dims', 3);
    const events = [
      { ...attempt, appVersion: '5.1.0', cdnEdge: 'edge-ams-1' },
      { ...firstFrame, cdnEdge: 'edge-ams-1' },
      heartbeat,
    ];
    expect((await post({ events })).statusCode).toBe(202);
    await ingest.flush();
    const result = await api.deps.clickhouse.client.query({
      query:
        'SELECT seq, app_version, cdn_edge FROM qoe_events_v1 WHERE channel_id = {c:String} ORDER BY seq',
      query_params: { c: 'ch-dims' },
      format: 'JSONEachRow',
    });
    expect(await result.json()).toEqual([
      { seq: 0, app_version: '5.1.0', cdn_edge: 'edge-ams-1' },
      { seq: 1, app_version: '5.0.0', cdn_edge: 'edge-ams-1' },
      { seq: 2, app_version: '5.0.0', cdn_edge: '' },
    ]);
  });

  it('refuses a malformed batch with 400 naming the field and stores nothing of it', async () => {
    const { app, ingest, post } = await beaconApp();
    const events: unknown[] = sessionEvents('ch-bad', 5);
    events[3] = { ...(events[3] as object), seq: -1 };
    const response = await post({ events });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'INVALID_INPUT', field: 'events.3.seq' });

    const smuggled = await post({ events: [{ ...sessionEvents('ch-bad', 1)[0], boxModel: 'X' }] });
    expect(smuggled.statusCode).toBe(400);
    expect(smuggled.json().message).toContain('boxModel');
    expect((await post({ events: [] })).json().field).toBe('events');
    const badJson = await app.inject({
      method: 'POST',
      url: '/v1/beacons',
      payload: '{"events": [',
      headers: { authorization: 'Bearer box', 'content-type': 'application/json' },
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.headers['content-type']).toContain('application/problem+json');
    expect(badJson.json()).toMatchObject({ code: 'INVALID_INPUT', field: 'body' });
    expect((await post({ events: sessionEvents('ch-bad', 1) }, 'Bearer nope')).statusCode).toBe(401);

    await ingest.flush();
    expect(await countStored(api.deps.clickhouse, 'ch-bad', false)).toBe(0);
    expect(await ingest.spoolFiles()).toEqual([]);
  });

  it('counts the same batch sent twice once, in the raw table and in the minute rollup', async () => {
    const { ingest, post } = await beaconApp();
    const batch = { events: sessionEvents('ch-twice', 20) };
    expect((await post(batch)).statusCode).toBe(202);
    await ingest.flush();
    expect((await post(batch)).statusCode).toBe(202);
    // A retry overlapping the first: 20 old + 10 new events.
    const overlap = {
      events: [...batch.events, ...sessionEvents('ch-twice', 10, batch.events[0]?.sessionId, 20)],
    };
    expect((await post(overlap)).statusCode).toBe(202);
    await ingest.flush();

    expect(await countStored(api.deps.clickhouse, 'ch-twice')).toBe(30);
    expect(await countStored(api.deps.clickhouse, 'ch-twice', false)).toBe(30);
    expect(await rollupCounts(api.deps.clickhouse, 'ch-twice')).toEqual({
      attempts: 1,
      firstFrames: 1,
      playingMs: 28 * 10_000,
    });
    expect(ingest.stats().duplicates).toBe(40);
  });

  it("takes the device API's authenticateDevice as it is (the identity comes from the token)", () => {
    const authenticate: TBeaconRouteOptions['authenticate'] = authenticateDevice;
    expect(authenticate).toBeTypeOf('function');
  });
});
