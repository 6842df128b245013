/**
 * Beacon ingest benchmark: sustained beacons/s through the real POST /v1/beacons route (batches of 50, a few
 * concurrent fetch clients on 127.0.0.1, spool fsync + Redis dedupe on) next to inserting the same rows straight
 * into chDB with @clickhouse/client in the same run; then p50/p99 latency at half the max rate, the dedupe's cost,
 * and optionally a ClickHouse outage during the paced phase (stored must equal accepted). Prints, asserts nothing;
 * BENCH_RUNS repeats it and ends with the spread (the machine is shared: compare runs, not single figures).
 * Run: pnpm --filter @keten/api exec tsx bench/beacons.bench.ts
 *   (BENCH_RUNS=3 BENCH_SECONDS=10 BENCH_CLIENTS=8 BENCH_CLIENT=http|fetch BENCH_BATCH_ROWS=5000 BEACON_OUTAGE_S=30)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createClickHouse,
  migrateClickHouse,
  qoeEventFromBeacon,
  type TKetenClickHouse,
  type TQoeEvent,
} from '@keten/db/clickhouse';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { createBeaconIngest } from '../src/beacons/beacon-ingest';
import { countStored, flakyClickHouse, sessionEvents, TEST_DEVICE } from '../src/beacons/beacons.fixtures';
import { registerBeaconRoutes } from '../src/beacons/beacons.routes';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const OUTAGE_S = Number(process.env.BEACON_OUTAGE_S ?? 0);
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const CLIENT = process.env.BENCH_CLIENT === 'fetch' ? 'fetch' : 'http';
const BATCH = 50;
// Rows per spool file and ClickHouse insert, as server.ts has it: each insert is a part, and smaller parts cost
// the engine more merging (2000-row parts: ~2x the merge CPU per row of 5000-row ones, measured here).
const BATCH_ROWS = Number(process.env.BENCH_BATCH_ROWS ?? 5000);

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const rate = (events: number, ms: number) => Math.round((events / ms) * 1000);
const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
/**
 * CPU per event over a phase, in µs: the main thread's busy time (event-loop utilisation) and the whole
 * process's (every thread: the engine's inserts and merges too). Less sensitive to a busy machine than rates.
 */
function cpuMeter() {
  const elu = performance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  return (events: number) => {
    const used = process.cpuUsage(cpu);
    const main = performance.eventLoopUtilization(elu).active * 1000;
    const per = (us: number) => (us / Math.max(1, events)).toFixed(1);
    return `${per(main)} µs main thread, ${per(used.user + used.system)} µs process CPU per event`;
  };
}

interface TRun {
  apiRate: number;
  bulkRate: number;
  p50: number;
  p99: number;
}

/**
 * Boxes post from their own machines; here the clients share the server's two cores, so a lean client (node:http
 * with keep-alive) leaves the CPU to what is measured. BENCH_CLIENT=fetch is the earlier WHATWG fetch client,
 * which alone cost about 5x the route's own CPU per request here (an empty route: ~16k vs ~95k events/s).
 */
const agent = new Agent({ keepAlive: true });
function send(url: string, body: string): Promise<number> {
  if (CLIENT === 'fetch') {
    return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(
      async (response) => {
        await response.arrayBuffer();
        return response.status;
      },
    );
  }
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const outgoing = request(url, { method: 'POST', agent, headers }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** One API server over its own ingest; `dedupe` toggles the Redis check to measure what it costs. */
async function startApi(clickhouse: TKetenClickHouse, redis: Redis | undefined, spoolDir: string) {
  const ingest = await createBeaconIngest({
    clickhouse,
    redis,
    spoolDir,
    maxQueuedEvents: 50_000,
    batchSize: BATCH_ROWS,
    flushIntervalMs: 250,
  });
  const app = Fastify();
  // Device auth is not what is measured here: a stub identity.
  registerBeaconRoutes(app, { ingest, authenticate: async () => TEST_DEVICE });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/v1/beacons`;
  const post = (channel: string) => send(url, JSON.stringify({ events: sessionEvents(channel, BATCH) }));
  return { ingest, app, post };
}

/** CLIENTS loops sending as fast as answers come back, for `seconds`. */
async function closedLoop(seconds: number, send: () => Promise<number>) {
  const deadline = Date.now() + seconds * 1000;
  const counts = { accepted: 0, busy: 0, other: 0 };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < deadline) {
        const status = await send();
        if (status === 202) counts.accepted += BATCH;
        else if (status === 429) counts.busy++;
        else counts.other++;
      }
    }),
  );
  return { ...counts, ms: performance.now() - started };
}

async function runOnce(
  clickhouse: TKetenClickHouse,
  redis: Redis,
  spoolRoot: string,
  run: number,
): Promise<TRun> {
  // Channels per run: the runs share one database.
  const channel = (name: string) => `bench-${name}-${run}`;
  // 1. Max rate through the route, with and without the Redis dedupe, in alternating rounds (the machine is shared).
  const api = await startApi(clickhouse, redis, join(spoolRoot, 'a'));
  const bare = await startApi(clickhouse, undefined, join(spoolRoot, 'c'));
  // Warm-up (JIT, chDB's first parts, connection pools) so the first round is not charged for it.
  await closedLoop(2, () => api.post(channel('warmup')));
  await api.ingest.flush();
  const max = { accepted: 0, busy: 0, other: 0, ms: 0 };
  const noDedupe = { accepted: 0, ms: 0 };
  const routeCpu = cpuMeter();
  for (let round = 0; round < 4; round++) {
    const withRedis = await closedLoop(SECONDS / 4, () => api.post(channel('api')));
    for (const key of ['accepted', 'busy', 'other', 'ms'] as const) max[key] += withRedis[key];
    const without = await closedLoop(SECONDS / 4, () => bare.post(channel('nodedupe')));
    noDedupe.accepted += without.accepted;
    noDedupe.ms += without.ms;
  }
  await api.ingest.flush();
  await bare.ingest.flush();
  // Everything both servers did to take and store their events (fetch clients included: same process).
  const routeCost = routeCpu(max.accepted + noDedupe.accepted);
  const stored = await countStored(clickhouse, channel('api'), false);
  const apiRate = rate(max.accepted, max.ms);
  console.log(
    `API route:       ${apiRate.toLocaleString('en')} events/s (${rate(max.accepted / BATCH, max.ms)} req/s), 429s ${max.busy}, other ${max.other}, stored ${stored}/${max.accepted}`,
  );
  console.log(
    `API, no dedupe:  ${rate(noDedupe.accepted, noDedupe.ms).toLocaleString('en')} events/s (what the Redis (session, seq) check costs)`,
  );

  // 2. The same rows straight into ClickHouse: 50 per insert CLIENTS at once (one insert per request), and
  //    5000 per insert one at a time (the ingest's batch, the ceiling).
  const insertRows = (count: number) => {
    const rows = Array.from({ length: count / BATCH }, () => sessionEvents(channel('direct'), BATCH)).flat();
    const receivedAt = Date.now();
    return clickhouse.client.insert({
      table: 'qoe_events_v1',
      values: rows.map((event) => toColumns(qoeEventFromBeacon(TEST_DEVICE, event, receivedAt))),
      format: 'JSONEachRow',
    });
  };
  const direct = await closedLoop(SECONDS / 2, async () => {
    await insertRows(BATCH);
    return 202;
  });
  const directRate = rate(direct.accepted, direct.ms);
  let bulkRows = 0;
  const bulkCpu = cpuMeter();
  const bulkStart = performance.now();
  while (performance.now() - bulkStart < (SECONDS / 2) * 1000) {
    await insertRows(5000);
    bulkRows += 5000;
  }
  const bulkRate = rate(bulkRows, performance.now() - bulkStart);
  const bulkCost = bulkCpu(bulkRows);
  console.log(
    `direct insert:   ${directRate.toLocaleString('en')} events/s (50 rows per insert, ${CLIENTS} at once)`,
  );
  console.log(
    `direct insert:   ${bulkRate.toLocaleString('en')} events/s (5000 rows per insert, one at a time)`,
  );
  console.log(`cost, route:     ${routeCost} (both servers, their clients included)`);
  console.log(`cost, direct:    ${bulkCost} (5000-row inserts)`);
  console.log(
    `ratio API / direct: ${(apiRate / directRate).toFixed(2)} (vs 50-row inserts), ${(apiRate / bulkRate).toFixed(2)} (vs 5000-row inserts)`,
  );

  // 3. Latency at half the max request rate (open loop), with an optional ClickHouse outage.
  const flaky = flakyClickHouse(clickhouse);
  const paced = await startApi(flaky.clickhouse, redis, join(spoolRoot, 'b'));
  const perSecond = Math.max(1, Math.round(max.accepted / BATCH / (max.ms / 1000) / 2));
  const pacedSeconds = Math.max(SECONDS, OUTAGE_S + 10);
  const latencies: number[] = [];
  let accepted = 0;
  const inflight: Promise<void>[] = [];
  const started = Date.now();
  for (let tick = 0; tick < perSecond * pacedSeconds; tick++) {
    const elapsed = Date.now() - started;
    flaky.state.down = OUTAGE_S > 0 && elapsed >= 5000 && elapsed < 5000 + OUTAGE_S * 1000;
    const sentAt = performance.now();
    inflight.push(
      paced.post(channel('paced')).then((status) => {
        latencies.push(performance.now() - sentAt);
        if (status === 202) accepted += BATCH;
      }),
    );
    await sleep(Math.max(0, started + ((tick + 1) * 1000) / perSecond - Date.now()));
  }
  await Promise.all(inflight);
  flaky.state.down = false;
  await paced.ingest.flush();
  latencies.sort((a, b) => a - b);
  const pacedStored = await countStored(clickhouse, channel('paced'));
  console.log(
    `half rate (${perSecond} req/s, ${pacedSeconds} s${OUTAGE_S ? `, ClickHouse down ${OUTAGE_S} s` : ''}): p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${quantile(latencies, 0.99).toFixed(1)} ms; stored ${pacedStored}/${accepted}, spool files left ${(await paced.ingest.spoolFiles()).length}`,
  );

  for (const server of [api, paced, bare]) {
    await server.app.close();
    await server.ingest.close();
  }
  const p50 = quantile(latencies, 0.5);
  const p99 = quantile(latencies, 0.99);
  console.log(
    `=> ratio route / direct ${(apiRate / bulkRate).toFixed(2)}, half load p50 ${p50.toFixed(1)} ms p99 ${p99.toFixed(1)} ms (load average ${load()})`,
  );
  return { apiRate, bulkRate, p50, p99 };
}

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'keten-bench-ch-'));
  const spoolRoot = await mkdtemp(join(tmpdir(), 'keten-bench-spool-'));
  const clickhouse = await createClickHouse({ dataDir });
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  await migrateClickHouse(clickhouse.client);
  console.log(
    `beacons benchmark: ${RUNS} run(s), ${SECONDS} s per phase, ${CLIENTS} ${CLIENT} clients, batches of ${BATCH} events, ${BATCH_ROWS} rows per spool file; load average ${load()}`,
  );
  const runs: TRun[] = [];
  try {
    for (let run = 0; run < RUNS; run++)
      runs.push(await runOnce(clickhouse, redis, join(spoolRoot, `run${run}`), run));
  } finally {
    agent.destroy();
    await redis.quit();
    await clickhouse.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(spoolRoot, { recursive: true, force: true });
  }
  if (runs.length > 1) {
    const spread = (values: number[], digits = 1) =>
      `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
    console.log(
      `over ${runs.length} runs: ratio ${spread(
        runs.map((run) => run.apiRate / run.bulkRate),
        2,
      )}, route ${spread(runs.map((run) => run.apiRate / 1000))}k/s, direct ${spread(runs.map((run) => run.bulkRate / 1000))}k/s, p50 ${spread(runs.map((run) => run.p50))} ms, p99 ${spread(runs.map((run) => run.p99))} ms`,
    );
  }
}

/** JSONEachRow columns for the direct insert: what a client without the spool's encoding would send. */
function toColumns(row: TQoeEvent) {
  const time = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
  return {
    event_time: time(row.eventTime),
    received_at: time(row.receivedAt ?? row.eventTime),
    event_type: row.eventType,
    session_id: row.sessionId,
    seq: row.seq,
    device_id: row.deviceId,
    subscriber_id: row.subscriberId,
    box_model: row.boxModel,
    firmware: row.firmware,
    app_version: row.appVersion,
    channel_id: row.channelId,
    region: row.region,
    start_ms: row.startMs,
    playing_ms: row.playingMs,
  };
}

await main();
