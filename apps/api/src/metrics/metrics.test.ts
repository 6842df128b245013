import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parsePrometheusText, promValue } from '@keten/contracts/metrics';
import { migrateClickHouse } from '@keten/db/clickhouse';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flakyClickHouse, sessionEvents } from '../beacons/beacons.fixtures';
import {
  activateThroughConsole,
  assignedDevice,
  bearer,
  startDeviceApi,
} from '../device-api/device-api.fixtures';
import { queueFor } from '../jobs/jobs.queues';
import { buildServer } from '../server';

const TOKEN = 'metrics-token-for-the-test-0123456789abcdef';

/** Polls `read` until `done` holds, at most `ms`; returns the last value (the assertion then says what it was). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await sleep(100);
    value = await read();
  }
  return value;
}

describe('GET /metrics on apps/api', () => {
  let api: Awaited<ReturnType<typeof startDeviceApi>>;
  let spoolDir: string;
  let headers: { authorization: string };

  const scrape = async (app: FastifyInstance = api.app) => {
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return { text: response.body, families: parsePrometheusText(response.body) };
  };
  const value = async (sample: string, labels: Record<string, string> = {}, app?: FastifyInstance) =>
    promValue((await scrape(app)).families, sample, labels);

  beforeAll(async () => {
    spoolDir = await mkdtemp(join(tmpdir(), 'keten-metrics-spool-'));
    api = await startDeviceApi({ beaconSpoolDir: spoolDir });
    await migrateClickHouse(api.deps.clickhouse.client);
    headers = bearer(await activateThroughConsole(api, (await assignedDevice(api)).id));
  }, 120_000);
  afterAll(async () => {
    await api?.stop();
    if (spoolDir) await rm(spoolDir, { recursive: true, force: true });
  });

  it('counts a posted batch as accepted, then stored once ClickHouse has it', async () => {
    const accepted = await value('keten_beacons_accepted_total');
    const stored = await value('keten_beacons_stored_total');
    const posted = await api.app.inject({
      method: 'POST',
      url: '/v1/beacons',
      headers,
      payload: { events: sessionEvents('ch-metrics', 4) },
    });
    expect(posted.statusCode).toBe(202);
    expect(await value('keten_beacons_accepted_total')).toBe(accepted + 4);
    // The spool seals every second; then the insert.
    expect(
      await until(
        () => value('keten_beacons_stored_total'),
        (n) => n >= stored + 4,
      ),
    ).toBe(stored + 4);
  });

  it('counts refused batches by reason, with their events, and stores none of them', async () => {
    const invalid = await value('keten_beacons_rejected_total', { reason: 'invalid' });
    const unauthorized = await value('keten_beacons_rejected_total', { reason: 'unauthorized' });
    const batches = await value('keten_beacon_batches_rejected_total', { reason: 'invalid' });
    const accepted = await value('keten_beacons_accepted_total');
    const bad = sessionEvents('ch-bad', 3).map((event) => ({ ...event, time: 'yesterday' }));
    const refused = await api.app.inject({
      method: 'POST',
      url: '/v1/beacons',
      headers,
      payload: { events: bad },
    });
    expect(refused.statusCode).toBe(400);
    const anonymous = await api.app.inject({
      method: 'POST',
      url: '/v1/beacons',
      payload: { events: sessionEvents('ch-anon', 2) },
    });
    expect(anonymous.statusCode).toBe(401);
    const { families } = await scrape();
    expect(promValue(families, 'keten_beacons_rejected_total', { reason: 'invalid' })).toBe(invalid + 3);
    expect(promValue(families, 'keten_beacon_batches_rejected_total', { reason: 'invalid' })).toBe(
      batches + 1,
    );
    expect(promValue(families, 'keten_beacons_rejected_total', { reason: 'unauthorized' })).toBe(
      unauthorized + 2,
    );
    expect(promValue(families, 'keten_beacons_accepted_total')).toBe(accepted);
  });

  it('times requests by route template, never by the raw URL', async () => {
    const secret = 'a-secret-path-segment-4f9c2e';
    await api.app.inject({ method: 'GET', url: `/v1/play-nothing/${secret}` });
    await api.app.inject({ method: 'GET', url: `/v1/lineup?token=${secret}` });
    const { text, families } = await scrape();
    expect(text).not.toContain(secret);
    const count = (labels: Record<string, string>) =>
      promValue(families, 'keten_http_request_duration_seconds_count', labels);
    expect(count({ method: 'GET', route: 'unmatched', status_code: '404' })).toBeGreaterThanOrEqual(1);
    expect(count({ method: 'GET', route: '/v1/lineup', status_code: '401' })).toBeGreaterThanOrEqual(1);
    expect(count({ method: 'POST', route: '/v1/beacons', status_code: '202' })).toBeGreaterThanOrEqual(1);
    expect(families.get('keten_http_request_duration_seconds')?.type).toBe('histogram');
    // Node's process metrics come along, once.
    expect(families.get('process_cpu_seconds_total')?.type).toBe('counter');
    expect(families.get('nodejs_eventloop_lag_seconds')?.type).toBe('gauge');
  });

  it('reports queue depths per queue and state', async () => {
    const queue = queueFor(api.deps.redis, api.deps.workerQueuePrefix, 'transcode');
    const before = await value('keten_queue_jobs', { queue: 'transcode', state: 'waiting' });
    await queue.add('probe-of-metrics', { nothing: true });
    expect(await value('keten_queue_jobs', { queue: 'transcode', state: 'waiting' })).toBe(before + 1);
    await queue.obliterate({ force: true });
    expect(await value('keten_queue_jobs', { queue: 'transcode', state: 'waiting' })).toBe(0);
    expect(await value('keten_queue_jobs', { queue: 'ingest-events', state: 'failed' })).toBe(0);
    // The alerts' own queues: the evaluation cycle and webhook deliveries.
    const webhooks = queueFor(api.deps.redis, api.deps.workerQueuePrefix, 'alert-webhooks');
    await webhooks.add('deliver', { deliveryId: 'none' });
    expect(await value('keten_queue_jobs', { queue: 'alert-webhooks', state: 'waiting' })).toBe(1);
    await webhooks.obliterate({ force: true });
    expect(await value('keten_queue_jobs', { queue: 'alerts', state: 'failed' })).toBe(0);
  });

  it('shows the spool growing and its age while ClickHouse refuses inserts, and draining after', async () => {
    const flaky = flakyClickHouse(api.deps.clickhouse);
    const dir = await mkdtemp(join(tmpdir(), 'keten-metrics-spool-down-'));
    const app = await buildServer({ ...api.deps, clickhouse: flaky.clickhouse, beaconSpoolDir: dir });
    try {
      flaky.state.down = true;
      const posted = await app.inject({
        method: 'POST',
        url: '/v1/beacons',
        headers,
        payload: { events: sessionEvents('ch-down', 5) },
      });
      expect(posted.statusCode).toBe(202);
      const down = await until(
        () => scrape(app),
        ({ families }) => promValue(families, 'keten_beacon_clickhouse_down') === 1,
      );
      expect(promValue(down.families, 'keten_beacon_spool_events')).toBe(5);
      expect(promValue(down.families, 'keten_beacon_spool_oldest_age_seconds')).toBeGreaterThan(0);
      expect(promValue(down.families, 'keten_beacon_insert_failures_total')).toBeGreaterThanOrEqual(1);
      flaky.state.down = false;
      const drained = await until(
        () => scrape(app),
        ({ families }) => promValue(families, 'keten_beacon_spool_events') === 0,
      );
      expect(promValue(drained.families, 'keten_beacon_spool_oldest_age_seconds')).toBe(0);
      expect(promValue(drained.families, 'keten_beacons_stored_total')).toBe(5);
    } finally {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('answers this machine only, or a bearer of METRICS_TOKEN from anywhere', async () => {
    const remote = await api.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.20.30.40' });
    expect(remote.statusCode).toBe(403);
    expect(remote.json()).toMatchObject({ code: 'METRICS_FORBIDDEN' });
    expect(remote.body).not.toContain('keten_');
    // A reverse proxy on this host passing a client's request in is not this machine asking.
    const proxied = await api.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(proxied.statusCode).toBe(403);

    const app = await buildServer({ ...api.deps, beaconSpoolDir: undefined, metricsToken: TOKEN });
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
      const allowed = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(allowed.status).toBe(200);
      expect(parsePrometheusText(await allowed.text()).has('keten_http_request_duration_seconds')).toBe(true);
      const fromAfar = await app.inject({
        method: 'GET',
        url: '/metrics',
        remoteAddress: '10.20.30.40',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(fromAfar.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('parsePrometheusText', () => {
  it('refuses what a Prometheus server would not read', () => {
    expect(() => parsePrometheusText('x 1')).toThrow(/newline/);
    expect(() => parsePrometheusText('# TYPE a counter\nb_total 1\n')).toThrow(/outside its family/);
    expect(() => parsePrometheusText('# TYPE a gauge\na{l="x} 1\n')).toThrow(/not a sample|malformed/);
    expect(() => parsePrometheusText('# TYPE a gauge\na one\n')).toThrow(/not a sample value/);
    expect(() =>
      parsePrometheusText(
        '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1\nh_sum 1\n',
      ),
    ).toThrow(/cumulative/);
    const ok = parsePrometheusText('# HELP a A "quoted" one.\n# TYPE a gauge\na{l="x\\"y"} 1.5\n');
    expect(promValue(ok, 'a', { l: 'x"y' })).toBe(1.5);
  });
});
