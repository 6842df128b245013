import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { migrateClickHouse } from '@keten/db/clickhouse';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';
import { installErrorHandling } from '../lib/http-errors';
import { createBeaconIngest, type TBeaconIngestOptions } from './beacon-ingest';
import { countStored, flakyClickHouse, sessionEvents, TEST_DEVICE } from './beacons.fixtures';
import { registerBeaconRoutes } from './beacons.routes';

// The 30 s outage runs in the benchmark (BEACON_OUTAGE_S=30); 5 s keeps the suite fast.
const OUTAGE_MS = 5000;

describe('beacon ingest never loses a beacon', () => {
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

  const spoolDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keten-beacon-spool-'));
    dirs.push(dir);
    return dir;
  };
  const options = async (overrides: Partial<TBeaconIngestOptions> = {}): Promise<TBeaconIngestOptions> => ({
    clickhouse: api.deps.clickhouse,
    redis: api.deps.redis,
    spoolDir: await spoolDir(),
    maxQueuedEvents: 20_000,
    batchSize: 1000,
    flushIntervalMs: 100,
    retryMinMs: 100,
    retryMaxMs: 1000,
    ...overrides,
  });

  it('stores exactly what was sent at a steady rate through a ClickHouse outage, and empties the spool', async () => {
    const flaky = flakyClickHouse(api.deps.clickhouse);
    const ingest = await createBeaconIngest(await options({ clickhouse: flaky.clickhouse }));
    const app = Fastify();
    installErrorHandling(app, { guardSkip: [] });
    registerBeaconRoutes(app, { ingest, authenticate: async () => TEST_DEVICE });

    // 40 requests/s of 25 events for 9 s; ClickHouse is down from 2 s to 2 s + OUTAGE_MS.
    let sent = 0;
    let sawSpool = false;
    const started = Date.now();
    const requests: Promise<void>[] = [];
    for (let tick = 0; tick < 360; tick++) {
      const elapsed = Date.now() - started;
      flaky.state.down = elapsed >= 2000 && elapsed < 2000 + OUTAGE_MS;
      if (flaky.state.down && (await ingest.spoolFiles()).length > 1) sawSpool = true;
      const events = sessionEvents('ch-outage', 25);
      requests.push(
        app.inject({ method: 'POST', url: '/v1/beacons', payload: { events } }).then((response) => {
          expect(response.statusCode).toBe(202);
          sent += events.length;
        }),
      );
      await sleep(Math.max(0, started + (tick + 1) * 25 - Date.now()));
    }
    await Promise.all(requests);
    flaky.state.down = false;
    expect(sawSpool).toBe(true);
    expect(ingest.stats().insertFailures).toBeGreaterThan(0);

    await ingest.flush();
    expect(ingest.stats().spoolFiles).toBe(0);
    expect(await countStored(api.deps.clickhouse, 'ch-outage')).toBe(sent);
    expect(sent).toBe(9000);
    expect(await ingest.spoolFiles()).toEqual([]);
    await ingest.close();
    await app.close();
  }, 30_000);

  it('answers 429 with Retry-After when the in-memory queue is full, storing nothing of that batch', async () => {
    const flaky = flakyClickHouse(api.deps.clickhouse);
    let release = () => {};
    flaky.state.hold = new Promise((resolve) => {
      release = resolve;
    });
    const ingest = await createBeaconIngest(
      await options({ clickhouse: flaky.clickhouse, maxQueuedEvents: 100, batchSize: 50 }),
    );
    const app = Fastify();
    installErrorHandling(app, { guardSkip: [] });
    registerBeaconRoutes(app, { ingest, authenticate: async () => TEST_DEVICE });
    const post = (count: number) =>
      app.inject({
        method: 'POST',
        url: '/v1/beacons',
        payload: { events: sessionEvents('ch-busy', count) },
      });

    expect((await post(50)).statusCode).toBe(202);
    expect((await post(50)).statusCode).toBe(202);
    const refused = await post(10);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json().code).toBe('INGEST_BUSY');
    expect(ingest.stats().queuedEvents).toBe(100);

    release();
    flaky.state.hold = null;
    await ingest.flush();
    expect(await countStored(api.deps.clickhouse, 'ch-busy')).toBe(100);
    await ingest.close();
    await app.close();
  });

  it('replays what a crashed process acknowledged but never inserted', async () => {
    const dir = await spoolDir();
    // The first process is never flushed or closed: as if killed right after its 202s.
    const crashed = await createBeaconIngest(
      await options({ spoolDir: dir, batchSize: 100_000, flushIntervalMs: 3_600_000, redis: undefined }),
    );
    for (let request = 0; request < 3; request++) {
      expect(await crashed.accept(TEST_DEVICE, sessionEvents('ch-crash', 10))).toBe('accepted');
    }
    expect(await countStored(api.deps.clickhouse, 'ch-crash')).toBe(0);

    const restarted = await createBeaconIngest(await options({ spoolDir: dir }));
    await restarted.flush();
    expect(await countStored(api.deps.clickhouse, 'ch-crash')).toBe(30);
    expect(await restarted.spoolFiles()).toEqual([]);
    await restarted.close();
  });

  it('stops taking beacons (429) once the spool holds its cap during an outage, and takes them again after', async () => {
    const flaky = flakyClickHouse(api.deps.clickhouse);
    flaky.state.down = true;
    const ingest = await createBeaconIngest(
      await options({
        clickhouse: flaky.clickhouse,
        batchSize: 50,
        maxSpoolBytes: 20_000,
        retryMinMs: 10_000,
      }),
    );
    let accepted = 0;
    let outcome: 'accepted' | 'busy' = 'accepted';
    for (let request = 0; request < 50 && outcome === 'accepted'; request++) {
      outcome = await ingest.accept(TEST_DEVICE, sessionEvents('ch-spool-cap', 25));
      if (outcome === 'accepted') accepted += 25;
      await ingest.flush();
    }
    expect(outcome).toBe('busy');
    expect(ingest.stats().spoolBytes).toBeGreaterThanOrEqual(20_000);

    flaky.state.down = false;
    await ingest.flush();
    expect(ingest.stats().spoolBytes).toBe(0);
    expect(await ingest.accept(TEST_DEVICE, sessionEvents('ch-spool-cap', 25))).toBe('accepted');
    await ingest.flush();
    expect(await countStored(api.deps.clickhouse, 'ch-spool-cap')).toBe(accepted + 25);
    await ingest.close();
  });
});
