import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateClickHouse, type TKetenClickHouse } from '@keten/db/clickhouse';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';
import { installErrorHandling } from '../lib/http-errors';
import { encodeBeaconLines } from './beacon-device';
import { createBeaconIngest, type TBeaconIngestOptions } from './beacon-ingest';
import { countStored, flakyClickHouse, sessionEvents, TEST_DEVICE } from './beacons.fixtures';
import { registerBeaconRoutes } from './beacons.routes';

const DAY = 86_400_000;

/** A spool file as an earlier process left it, one row's channel swapped for `poison`: a validation gap. */
function spoolText(channelId: string, count: number, poison: Record<number, (line: string) => string> = {}) {
  return encodeBeaconLines(TEST_DEVICE, sessionEvents(channelId, count), Date.now())
    .split('\n')
    .map((line, index) => (poison[index] && line ? (poison[index] as (line: string) => string)(line) : line))
    .join('\n');
}
const surrogate = (line: string) => line.replace(/"channel_id":"[^"]+"/, '"channel_id":"\\uD800"');

describe('beacon ingest cannot be wedged by a row the store refuses', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  const dirs: string[] = [];
  beforeAll(async () => {
    api = await startTestApi();
    await migrateClickHouse(api.deps.clickhouse.client);
  });
  afterAll(async () => {
    await api?.stop();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  async function ingestOver(spoolDir: string, overrides: Partial<TBeaconIngestOptions> = {}) {
    const ingest = await createBeaconIngest({
      clickhouse: api.deps.clickhouse,
      redis: api.deps.redis,
      spoolDir,
      maxQueuedEvents: 20_000,
      batchSize: 1000,
      flushIntervalMs: 100,
      retryMinMs: 50,
      retryMaxMs: 200,
      ...overrides,
    });
    const app = Fastify();
    installErrorHandling(app, { guardSkip: [] });
    registerBeaconRoutes(app, { ingest, authenticate: async () => TEST_DEVICE });
    const post = (body: unknown) =>
      app.inject({ method: 'POST', url: '/v1/beacons', payload: body as object });
    return { ingest, app, post };
  }
  async function spoolDirWith(files: Record<string, string>) {
    const dir = await mkdtemp(join(tmpdir(), 'keten-beacon-poison-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    return dir;
  }
  async function rejected(dir: string) {
    const names = await readdir(join(dir, 'rejected'));
    const texts = await Promise.all(names.map((name) => readFile(join(dir, 'rejected', name), 'utf8')));
    return texts.flatMap((text) =>
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
    );
  }

  it('refuses text the store cannot hold and times outside the window with 400 naming the field, before any 202', async () => {
    const { ingest, app, post } = await ingestOver(await spoolDirWith({}));
    const events = () => sessionEvents('ch-edge', 5) as unknown as Record<string, unknown>[];
    const cases: Array<[string, (batch: Record<string, unknown>[]) => void]> = [
      ['events.3.channelId', (batch) => Object.assign(batch[3] as object, { channelId: '\uD800' })],
      ['events.1.cdnEdge', (batch) => Object.assign(batch[1] as object, { cdnEdge: 'edge\u0000' })],
      ['events.2.time', (batch) => Object.assign(batch[2] as object, { time: Date.now() - 8 * DAY })],
      ['events.4.time', (batch) => Object.assign(batch[4] as object, { time: Date.now() + 3_600_000 })],
      ['events.0.time', (batch) => Object.assign(batch[0] as object, { time: Date.UTC(2100, 0, 1) })],
    ];
    for (const [field, spoil] of cases) {
      const batch = events();
      spoil(batch);
      const response = await post({ events: batch });
      expect(response.statusCode, field).toBe(400);
      expect(response.json()).toMatchObject({ code: 'INVALID_INPUT', field });
    }
    // A box that held its events through a 6-day outage is still heard.
    const late = sessionEvents('ch-edge-late', 3).map((event) => ({ ...event, time: event.time - 6 * DAY }));
    expect((await post({ events: late })).statusCode).toBe(202);
    await ingest.flush();
    expect(await countStored(api.deps.clickhouse, 'ch-edge', false)).toBe(0);
    expect(await countStored(api.deps.clickhouse, 'ch-edge-late')).toBe(3);
    await ingest.close();
    await app.close();
  });

  it('stores every acknowledged row around a lone surrogate, sets only that row aside, and keeps flowing', async () => {
    const dir = await spoolDirWith({
      '000000000001.ndjson': spoolText('ch-surrogate', 50, { 7: surrogate }),
    });
    const { ingest, app, post } = await ingestOver(dir);
    expect((await post({ events: sessionEvents('ch-after-surrogate', 20) })).statusCode).toBe(202);
    await ingest.flush();

    expect(await countStored(api.deps.clickhouse, 'ch-surrogate')).toBe(49);
    expect(await countStored(api.deps.clickhouse, 'ch-after-surrogate')).toBe(20);
    const [entry, ...others] = await rejected(dir);
    expect(others).toEqual([]);
    expect(entry).toMatchObject({
      error: { code: 'CANNOT_PARSE_ESCAPE_SEQUENCE', clickhouseCode: 25 },
      row: { channel_id: '\uD800', seq: 7, device_id: TEST_DEVICE.deviceId },
      segment: '000000000001.ndjson',
    });
    expect(ingest.stats()).toMatchObject({
      rejectedRows: 1,
      spoolFiles: 0,
      spoolEvents: 0,
      clickhouseDown: false,
    });
    expect(await ingest.spoolFiles()).toEqual([]);

    // Later beacons keep flowing, and a restart over the same folder replays nothing.
    expect((await post({ events: sessionEvents('ch-after-surrogate', 5) })).statusCode).toBe(202);
    await ingest.close();
    await app.close();
    const restarted = await ingestOver(dir);
    await restarted.ingest.flush();
    expect(await countStored(api.deps.clickhouse, 'ch-after-surrogate')).toBe(25);
    expect(await rejected(dir)).toHaveLength(1);
    expect(restarted.ingest.stats().insertFailures).toBe(0);
    await restarted.ingest.close();
    await restarted.app.close();
  });

  it('stores a batch whose events span more than 100 days (one partition each) next to acknowledged beacons', async () => {
    // Future days: the table's 90-day TTL would drop past ones at once.
    const first = Date.now() + DAY;
    const spread = spoolText('ch-days', 150)
      .split('\n')
      .filter(Boolean)
      .map((line, index) =>
        line.replace(
          /"event_time":"[^"]+"/,
          `"event_time":"${new Date(first + index * DAY).toISOString().replace('T', ' ').slice(0, 23)}"`,
        ),
      );
    const dir = await spoolDirWith({ '000000000001.ndjson': `${spread.join('\n')}\n` });
    const { ingest, app, post } = await ingestOver(dir);
    expect((await post({ events: sessionEvents('ch-after-days', 10) })).statusCode).toBe(202);
    await ingest.flush();
    expect(await countStored(api.deps.clickhouse, 'ch-days')).toBe(150);
    expect(await countStored(api.deps.clickhouse, 'ch-after-days')).toBe(10);
    expect(await rejected(dir)).toEqual([]);
    await ingest.close();
    await app.close();
  });

  it('sets aside only a row timed where the table holds nothing (year 2100), storing the file’s other rows', async () => {
    const year2100 = (line: string) => line.replace(/"event_time":"\d{4}/, '"event_time":"2100');
    const dir = await spoolDirWith({
      '000000000001.ndjson': spoolText('ch-2100', 30, { 12: year2100 }),
      '000000000002.ndjson': spoolText('ch-2100-next', 30),
    });
    const { ingest, app, post } = await ingestOver(dir);
    expect((await post({ events: sessionEvents('ch-after-2100', 10) })).statusCode).toBe(202);
    await ingest.flush();
    expect(await countStored(api.deps.clickhouse, 'ch-2100')).toBe(29);
    expect(await countStored(api.deps.clickhouse, 'ch-2100-next')).toBe(30);
    expect(await countStored(api.deps.clickhouse, 'ch-after-2100')).toBe(10);
    const [entry, ...others] = await rejected(dir);
    expect(others).toEqual([]);
    expect(entry).toMatchObject({ error: { code: 'QOE_EVENT_TIME_OUT_OF_RANGE' }, row: { seq: 12 } });
    expect(entry.error.message).toContain('2100-');
    await ingest.close();
    await app.close();
  });

  it('after a store failure half-way through isolating a bad row, a restart replays only what is still owed', async () => {
    const dir = await spoolDirWith({ '000000000001.ndjson': spoolText('ch-halfway', 40, { 30: surrogate }) });
    // Real chDB for the first three inserts (all 40 refused, rows 0–19 stored, rows 20–39 refused), then the
    // store "goes down" for good while rows 20–29 and 30–39 are still to be tried.
    let calls = 0;
    const client = new Proxy(api.deps.clickhouse.client, {
      get(target, prop) {
        if (prop === 'exec') {
          return async (params: Parameters<typeof target.exec>[0]) => {
            if (++calls > 3) throw new Error('connect ECONNREFUSED 127.0.0.1:8123 (simulated outage)');
            return target.exec(params);
          };
        }
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const failing: TKetenClickHouse = { ...api.deps.clickhouse, client };
    const crashed = await ingestOver(dir, { clickhouse: failing, retryMinMs: 60_000 });
    await crashed.ingest.flush();
    expect(crashed.ingest.stats()).toMatchObject({ clickhouseDown: true, inserted: 20, spoolEvents: 20 });
    expect(await rejected(dir)).toEqual([]);
    await crashed.ingest.close();
    await crashed.app.close();

    const restarted = await ingestOver(dir);
    await restarted.ingest.flush();
    // Raw rows, not FINAL: a replayed copy of the stored half would show up here.
    expect(await countStored(api.deps.clickhouse, 'ch-halfway', false)).toBe(39);
    expect((await rejected(dir)).map((entry) => entry.row.seq)).toEqual([30]);
    expect(await restarted.ingest.spoolFiles()).toEqual([]);
    await restarted.ingest.close();
    await restarted.app.close();
  });

  it('replays a spool file the previous version wrote (JSON arrays per request), setting aside what its schema refuses', async () => {
    // That version spooled each request as one line: a JSON array of camelCase rows with ISO times.
    const legacyRows = (count: number) =>
      sessionEvents('ch-legacy', count).map((event) => ({
        eventTime: new Date(event.time).toISOString(),
        receivedAt: new Date().toISOString(),
        eventType: event.type,
        sessionId: event.sessionId,
        seq: event.seq,
        deviceId: TEST_DEVICE.deviceId,
        subscriberId: TEST_DEVICE.subscriberId,
        boxModel: TEST_DEVICE.boxModel,
        firmware: TEST_DEVICE.firmware,
        appVersion: '',
        channelId: event.channelId,
        region: '',
        startMs: 'startMs' in event ? event.startMs : undefined,
        playingMs: 'playingMs' in event ? event.playingMs : undefined,
      }));
    const second = legacyRows(4);
    second[1] = { ...(second[1] as (typeof second)[number]), channelId: '\uD800' };
    const text = `${JSON.stringify(legacyRows(6))}\n${JSON.stringify(second)}\n[{"torn":`;
    const dir = await spoolDirWith({ '000000000007.ndjson': text });
    const { ingest, app } = await ingestOver(dir);
    await ingest.flush();
    expect(await countStored(api.deps.clickhouse, 'ch-legacy')).toBe(9);
    const [entry, ...others] = await rejected(dir);
    expect(others).toEqual([]);
    expect(entry).toMatchObject({
      error: { code: 'QOE_EVENT_INVALID' },
      row: { channelId: '\uD800', seq: 1 },
    });
    expect(await ingest.spoolFiles()).toEqual([]);
    await ingest.close();
    await app.close();
  });

  it('skips a spool file an operator moved away by hand, instead of retrying it forever', async () => {
    const dir = await spoolDirWith({
      '000000000001.ndjson': spoolText('ch-moved', 10),
      '000000000002.ndjson': spoolText('ch-kept', 10),
    });
    const flaky = flakyClickHouse(api.deps.clickhouse);
    flaky.state.down = true;
    const { ingest, app } = await ingestOver(dir, { clickhouse: flaky.clickhouse, retryMinMs: 60_000 });
    await ingest.flush();
    expect(ingest.stats()).toMatchObject({ clickhouseDown: true, spoolFiles: 2 });
    await rm(join(dir, '000000000001.ndjson'));
    flaky.state.down = false;
    await ingest.flush();
    expect(await countStored(api.deps.clickhouse, 'ch-moved')).toBe(0);
    expect(await countStored(api.deps.clickhouse, 'ch-kept')).toBe(10);
    expect(ingest.stats()).toMatchObject({ clickhouseDown: false, spoolFiles: 0 });
    await ingest.close();
    await app.close();
  });

  it('keeps rows when ClickHouse itself errs (missing table): retried with backoff, never rejected', async () => {
    const dir = await spoolDirWith({});
    const { ingest, app, post } = await ingestOver(dir);
    const client = api.deps.clickhouse.client;
    await client.command({ query: 'RENAME TABLE qoe_events_v1 TO qoe_events_v1_away' });
    try {
      expect((await post({ events: sessionEvents('ch-unwell', 25) })).statusCode).toBe(202);
      await ingest.flush();
      await ingest.flush();
      expect(ingest.stats()).toMatchObject({ clickhouseDown: true, rejectedRows: 0, spoolEvents: 25 });
      expect(ingest.stats().lastStoreError).toContain('qoe_events_v1');
    } finally {
      await client.command({ query: 'RENAME TABLE qoe_events_v1_away TO qoe_events_v1' });
    }
    await expect.poll(() => countStored(api.deps.clickhouse, 'ch-unwell'), { timeout: 5000 }).toBe(25);
    expect(await rejected(dir)).toEqual([]);
    expect(ingest.stats()).toMatchObject({ clickhouseDown: false, spoolEvents: 0 });
    await ingest.close();
    await app.close();
  });
});
