/**
 * Live QoE query benchmark: N synthetic beacon events (default 50 million, 7 days, 20,000 boxes) inserted into
 * embedded chDB's qoe_events_v1, so every rollup view ingest feeds runs on them; then p50/p95 of every query the
 * /qoe page (and the support sessions view) runs, through the same service functions as the `qoe.*` procedures,
 * for 1 h, 24 h, 7 days and 30 days (of which the data fills 7), next to the same KPI figures computed from the raw events (the baseline the rollups
 * replace); then beacon-to-chart freshness end to end: a batch POSTed to the real beacon route (spool, ingest at
 * server.ts's settings) until the chart's query (qoe.series) shows it. Prints, asserts nothing.
 * Run: pnpm --filter @keten/api exec tsx bench/qoe-queries.bench.ts [--events 50000000] [--reps 20]
 *   [--devices 20000] [--fresh 5] [--keep] [--dir <chDB data dir to reuse: skips the load when it has events>]
 *   [--load-only: load (into --dir) and stop, for a later run of the queries]
 * On a reused --dir, migrations added since its load are applied (their back-fills timed) and the concurrency
 * counting job catches up (timed), as apps/api does at its start.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createClickHouse,
  migrateClickHouse,
  planQoeRange,
  previousQoePlan,
  readQoeConcurrency,
  readQoeRollup,
  type TKetenClickHouse,
  type TQoeRollupFamily,
} from '@keten/db/clickhouse';
import Fastify from 'fastify';
import { createBeaconIngest } from '../src/beacons/beacon-ingest';
import { sessionEvents, TEST_DEVICE } from '../src/beacons/beacons.fixtures';
import { registerBeaconRoutes } from '../src/beacons/beacons.routes';
import { qoeBreakdown, qoeErrorCodes } from '../src/qoe/qoe.breakdown';
import { runQoeConcurrencyCount } from '../src/qoe/qoe.concurrency-job';
import { qoeRanking } from '../src/qoe/qoe.ranking';
import { qoeKpis, qoeSeries, qoeSessions } from '../src/qoe/qoe.service';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '50000000' },
    reps: { type: 'string', default: '20' },
    devices: { type: 'string', default: '20000' },
    fresh: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
    'load-only': { type: 'boolean', default: false },
    dir: { type: 'string' },
  },
});
const EVENTS_PER_SESSION = 12;
const EVENTS = Math.ceil(Number(args.events) / EVENTS_PER_SESSION) * EVENTS_PER_SESSION;
const REPS = Number(args.reps);
const DEVICES = Number(args.devices);
const FRESH_RUNS = Number(args.fresh);
const SPAN_MS = 7 * 86_400_000;
const CHUNK = 1_200_000;
const GOAL_MS = 300;
const FRESH_GOAL_MS = 10_000;
const eventsSql = readFileSync(new URL('qoe-events.sql', import.meta.url), 'utf8').trim();

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const fmt = (ms: number) => ms.toFixed(0).padStart(6);
const n = (value: number) => value.toLocaleString('en');
const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');

async function count(clickhouse: TKetenClickHouse, table: string): Promise<number> {
  const result = await clickhouse.client.query({
    query: 'SELECT count() AS n FROM {table:Identifier}',
    query_params: { table },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ n: string }>();
  return Number(row?.n ?? 0);
}

/** Inserts the synthetic events in chunks through the rollup views, printing progress. */
async function loadEvents(clickhouse: TKetenClickHouse, baseMs: number) {
  const sessions = EVENTS / EVENTS_PER_SESSION;
  const started = performance.now();
  for (let offset = 0; offset < EVENTS; offset += CHUNK) {
    await clickhouse.client.command({
      query: eventsSql,
      query_params: {
        offset,
        count: Math.min(CHUNK, EVENTS - offset),
        base_ms: baseMs,
        span_ms: SPAN_MS,
        sessions,
        devices: DEVICES,
      },
    });
    const done = Math.min(EVENTS, offset + CHUNK);
    const seconds = (performance.now() - started) / 1000;
    const rate = done / seconds;
    console.log(
      `  loaded ${n(done)} / ${n(EVENTS)} events (${((done / EVENTS) * 100).toFixed(0)} %) · ${n(Math.round(rate))} ev/s · ` +
        `eta ${((EVENTS - done) / rate).toFixed(0)} s · load ${load()}`,
    );
  }
  return (performance.now() - started) / 1000;
}

const MERGE_WAIT_MS = 15 * 60_000;
const MERGE_QUIET_MS = 30_000;

/**
 * Waits (at most 15 min) until no background merge has run for 30 s: merges start a while after the data dir is
 * opened, and a 50M-event table's merges take cores the queries would otherwise have.
 */
async function settleMerges(clickhouse: TKetenClickHouse) {
  const started = performance.now();
  let quietSince = started;
  let lastLog = 0;
  for (;;) {
    const result = await clickhouse.client.query({
      query: 'SELECT count() AS n FROM system.merges WHERE database = currentDatabase()',
      format: 'JSONEachRow',
    });
    const [row] = await result.json<{ n: string }>();
    const running = Number(row?.n ?? 0);
    const now = performance.now();
    if (running > 0) quietSince = now;
    if (now - quietSince >= MERGE_QUIET_MS || now - started > MERGE_WAIT_MS) {
      console.log(
        `merges: ${running} running after ${((now - started) / 1000).toFixed(0)} s · load ${load()}`,
      );
      return;
    }
    if (now - lastLog > 30_000) {
      lastLog = now;
      console.log(`  ${running} merges running · load ${load()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

type TQuery = { name: string; run: () => Promise<unknown> };

/** Every query the /qoe page runs for one range (tiles, chart, six breakdowns, errors, ranking, a drill-down). */
function pageQueries(clickhouse: TKetenClickHouse, label: string, from: Date, to: Date): TQuery[] {
  const range = { from, to, filters: {} };
  const drill = { boxModel: ['kaon-kstb6077'], firmware: ['2.0.0'] };
  const dims = ['boxModel', 'firmware', 'channelId', 'region', 'appVersion', 'cdnEdge'] as const;
  return [
    { name: `${label} kpis`, run: () => qoeKpis(clickhouse, range) },
    { name: `${label} series`, run: () => qoeSeries(clickhouse, range) },
    ...dims.map((dimension) => ({
      name: `${label} breakdown ${dimension}`,
      // As the page asks: its sparklines chart the chart's metric, video start time p95 by default, 25 rows.
      run: () =>
        qoeBreakdown(clickhouse, { ...range, dimension, sparklineMetric: 'videoStartTimeP95', limit: 25 }),
    })),
    { name: `${label} errorCodes`, run: () => qoeErrorCodes(clickhouse, range) },
    {
      name: `${label} ranking fw in model`,
      run: () =>
        qoeRanking(clickhouse, {
          ...range,
          filters: { boxModel: ['kaon-kstb6077'] },
          dimension: 'firmware',
          metric: 'rebufferingRatio',
          minSample: 100,
          limit: 50,
        }),
    },
    { name: `${label} kpis drilled`, run: () => qoeKpis(clickhouse, { ...range, filters: drill }) },
    {
      name: `${label} breakdown drilled`,
      run: () =>
        qoeBreakdown(clickhouse, {
          ...range,
          filters: drill,
          dimension: 'channelId',
          sparklineMetric: 'videoStartTimeP95',
          limit: 25,
        }),
    },
  ];
}

/** The tiles' figures straight from the raw events: what every view would cost without the rollups. */
function rawKpis(clickhouse: TKetenClickHouse, label: string, from: Date, to: Date): TQuery {
  return {
    name: `${label} kpis from raw events`,
    run: async () => {
      const result = await clickhouse.client.query({
        query: `SELECT countIf(event_type = 'attempt') AS attempts, countIf(event_type = 'first_frame') AS plays,
            countIf(event_type = 'error' AND fatal AND before_first_frame) AS vsf,
            sumIf(stall_ms, event_type = 'stall_end' AND NOT before_first_frame) AS stall_ms,
            sumIf(playing_ms, event_type IN ('heartbeat', 'end')) AS playing_ms,
            quantilesTDigestIf(0.5, 0.95)(start_ms, event_type = 'first_frame') AS vst
          FROM qoe_events_v1
          WHERE event_time >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
            AND event_time < fromUnixTimestamp64Milli({to:Int64}, 'UTC')`,
        query_params: { from: from.getTime(), to: to.getTime() },
        format: 'JSONEachRow',
      });
      return result.json();
    },
  };
}

/**
 * The reads of the tiles, the chart and two breakdowns as they were after migration 0009 (sums from the narrowest of
 * the 0009 families: without the channel, or channel x model x firmware; concurrent plays counted from the per-box
 * rows of every sampled minute) and as they are (the single-dimension rollups of 0011, the counts of 0010),
 * interleaved run by run so both see the same load.
 */
function pathPairs(clickhouse: TKetenClickHouse, label: string, from: Date, to: Date): [TQuery, TQuery][] {
  const plan = planQoeRange(from, to);
  const previous = previousQoePlan(plan);
  const tiles = {
    from: previous.from,
    to: plan.to,
    origin: previous.from,
    bucketSeconds: plan.to - plan.from,
  };
  const whole = { from: plan.from, to: plan.to, origin: plan.from, bucketSeconds: plan.to - plan.from };
  const pair = (name: string, old: () => Promise<unknown>, now: () => Promise<unknown>): [TQuery, TQuery] => [
    { name: `${label} ${name}`, run: old },
    { name: `${label} ${name}`, run: now },
  ];
  const rollup = (read: typeof tiles, family?: TQoeRollupFamily, dimension?: 'channelId' | 'region') => () =>
    readQoeRollup(clickhouse.client, {
      ...read,
      resolution: plan.resolution,
      filters: {},
      dimension,
      source: family ? { family } : undefined,
    });
  const playing = (read: typeof tiles & { sampleSeconds: number }, source: 'auto' | 'boxes') => () =>
    readQoeConcurrency(clickhouse.client, { ...read, filters: {}, source });
  const drilled = (source: 'auto' | 'boxes') => () =>
    readQoeConcurrency(clickhouse.client, {
      ...tiles,
      sampleSeconds: plan.sampleSeconds,
      filters: { firmware: ['2.0.0'] },
      source,
    });
  // Up to 6 h every read took the all-dimension minute rollup; beyond, 0009's narrower hourly/daily families.
  const minute = plan.resolution === 'minute';
  const [box, channel]: TQoeRollupFamily[] = minute ? ['all', 'all'] : ['box', 'channel'];
  return [
    pair('tiles: sums', rollup(tiles, box), rollup(tiles)),
    pair('chart: sums', rollup(plan, box), rollup(plan)),
    pair(
      'breakdown channel: sums',
      rollup(whole, channel, 'channelId'),
      rollup(whole, undefined, 'channelId'),
    ),
    pair('breakdown region: sums', rollup(whole, box, 'region'), rollup(whole, undefined, 'region')),
    pair(
      'tiles: concurrent plays',
      playing({ ...tiles, sampleSeconds: plan.sampleSeconds }, 'boxes'),
      playing({ ...tiles, sampleSeconds: plan.sampleSeconds }, 'auto'),
    ),
    pair('chart: concurrent plays', playing(plan, 'boxes'), playing(plan, 'auto')),
    pair('tiles of one firmware: conc. plays', drilled('boxes'), drilled('auto')),
  ];
}

async function measure(query: TQuery, reps: number): Promise<number[]> {
  const times: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    const started = performance.now();
    await query.run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

/** A batch POSTed to the real beacon route → visible through qoe.series (the chart's query): ms each time. */
async function freshness(clickhouse: TKetenClickHouse, spoolDir: string): Promise<number[]> {
  // Ingest as server.ts runs it: 5000-row spool files, flushed every second.
  const ingest = await createBeaconIngest({
    clickhouse,
    redis: undefined,
    spoolDir,
    maxQueuedEvents: 50_000,
    batchSize: 5000,
    flushIntervalMs: 1000,
  });
  const app = Fastify();
  // Device auth is measured elsewhere (device-api.bench.ts): a stub identity.
  registerBeaconRoutes(app, { ingest, authenticate: async () => TEST_DEVICE });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/v1/beacons`;
  const times: number[] = [];
  try {
    for (let run = 0; run < FRESH_RUNS; run++) {
      const channelId = `fresh-${run}-${Date.now()}`;
      const sent = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ events: sessionEvents(channelId, 5) }),
      });
      if (response.status !== 202) throw new Error(`beacon POST answered ${response.status}`);
      for (;;) {
        const now = new Date();
        const chart = await qoeSeries(clickhouse, {
          from: new Date(now.getTime() - 3_600_000),
          to: now,
          filters: { channelId: [channelId] },
        });
        if (chart.points.some((point) => point.attempts > 0)) break;
        if (performance.now() - sent > 60_000) throw new Error('not visible after 60 s');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      times.push(performance.now() - sent);
      console.log(`  run ${run + 1}: visible after ${(times.at(-1) ?? 0).toFixed(0)} ms`);
    }
  } finally {
    await app.close();
    await ingest.close();
  }
  return times.sort((a, b) => a - b);
}

async function main() {
  const dataDir = args.dir ?? (await mkdtemp(join(tmpdir(), 'keten-qoe-bench-')));
  const clickhouse = await createClickHouse({ dataDir, database: 'qoe_bench' });
  const spoolDir = await mkdtemp(join(tmpdir(), 'keten-qoe-bench-spool-'));
  try {
    const migrateStarted = performance.now();
    const applied = await migrateClickHouse(clickhouse.client);
    console.log(
      `migrations applied: ${applied.length > 0 ? applied.join(', ') : 'none'} in ` +
        `${((performance.now() - migrateStarted) / 1000).toFixed(1)} s (back-fills included) · load ${load()}`,
    );
    const now = Date.now();
    const existing = await count(clickhouse, 'qoe_events_v1');
    if (existing === 0) {
      console.log(
        `loading ${n(EVENTS)} events (${n(DEVICES)} boxes, 7 days) into ${dataDir} · load ${load()}`,
      );
      const seconds = await loadEvents(clickhouse, now - SPAN_MS - 6 * 60_000);
      console.log(
        `loaded in ${seconds.toFixed(0)} s (${n(Math.round(EVENTS / seconds))} events/s through the views)`,
      );
    } else {
      console.log(
        `reusing ${n(existing)} events in ${dataDir} (their times are relative to when they were loaded)`,
      );
    }
    // The counting job's catch-up, as apps/api runs it at its start (a loaded or migrated dir has every minute due).
    const counted = await runQoeConcurrencyCount(clickhouse, {
      log: (line) => console.log(`  ${line} · load ${load()}`),
    });
    console.log(
      `concurrency counts: ${n(counted.minutes)} minutes counted in ${(counted.elapsedMs / 1000).toFixed(1)} s ` +
        `(${counted.chunks} chunks) · load ${load()}`,
    );
    for (const table of [
      'qoe_events_v1',
      'qoe_minute_v2',
      'qoe_hour_v1',
      'qoe_errors_minute_v1',
      'qoe_day_v1',
      'qoe_hour_box_v1',
      'qoe_day_box_v1',
      'qoe_hour_channel_v1',
      'qoe_day_channel_v1',
      'qoe_concurrency_minute_v2',
      'qoe_concurrency_count_v1',
      'qoe_minute_dim_v1',
      'qoe_hour_dim_v1',
      'qoe_day_dim_v1',
    ]) {
      console.log(`  ${table.padEnd(26)} ${n(await count(clickhouse, table)).padStart(14)} rows`);
    }
    if (args['load-only']) return;
    await settleMerges(clickhouse);

    // The ranges end where the data does (its last minute, + 1): a rerun hours after the load reads the same windows.
    const ending = await clickhouse.client.query({
      query:
        "SELECT toUnixTimestamp(max(minute)) AS last FROM qoe_concurrency_minute_v2 WHERE NOT startsWith(channel_id, 'fresh-')",
      format: 'JSONEachRow',
    });
    const [last] = await ending.json<{ last: number | string }>();
    const to = new Date(Math.min(Date.now(), (Number(last?.last ?? 0) + 60) * 1000));
    console.log(
      `ranges end at ${to.toISOString()} (the data's last minute) · ${((Date.now() - to.getTime()) / 60_000).toFixed(0)} min ago`,
    );
    const ranges = [
      ['1h', 3_600_000],
      ['24h', 86_400_000],
      ['7d', SPAN_MS],
      // The data spans 7 days: the 30-day path (days from the daily rollups, an empty previous period) on it.
      ['30d', 30 * 86_400_000],
    ] as const;
    console.log(`\n${REPS} runs each, one at a time · load ${load()}`);
    console.log(
      `${'query'.padEnd(34)} ${'p50'.padStart(6)} ${'p95'.padStart(6)} ${'max'.padStart(6)}  goal p95 ≤ ${GOAL_MS} ms`,
    );
    for (const [label, span] of ranges) {
      const from = new Date(to.getTime() - span);
      for (const query of pageQueries(clickhouse, label, from, to)) {
        await query.run(); // warm
        const times = await measure(query, REPS);
        const p95 = quantile(times, 0.95);
        const line = `${query.name.padEnd(34)} ${fmt(quantile(times, 0.5))} ${fmt(p95)} ${fmt(times.at(-1) ?? 0)}  ${p95 <= GOAL_MS ? 'ok' : 'OVER'}`;
        console.log(line);
      }
      const page = pageQueries(clickhouse, label, from, to);
      // All at once, as the page's one batched request asks them: when each answer is ready. Streamed (the console's
      // httpBatchStreamLink for qoe.*), the tiles show when theirs is; a plain batch waits for the slowest.
      const whole: number[] = [];
      const tilesReady: number[] = [];
      for (let rep = 0; rep < 3; rep++) {
        const started = performance.now();
        const done = await Promise.all(
          page.map(async (query) => {
            await query.run();
            return performance.now() - started;
          }),
        );
        whole.push(Math.max(...done));
        tilesReady.push(done[0] ?? 0);
      }
      whole.sort((a, b) => a - b);
      tilesReady.sort((a, b) => a - b);
      console.log(
        `${`${label} whole page, all at once`.padEnd(34)} ${fmt(quantile(whole, 0.5))} ${fmt(whole.at(-1) ?? 0)}` +
          `  (tiles ready at p50 ${fmt(quantile(tilesReady, 0.5)).trim()} ms)`,
      );
    }
    for (const query of [
      {
        name: 'sessions of a box, 24 h',
        run: () => qoeSessions(clickhouse, { deviceId: 'dev-42', hours: 24, limit: 200 }),
      },
      {
        name: 'sessions of a subscriber, 24 h',
        run: () => qoeSessions(clickhouse, { subscriberId: 'sub-42', hours: 24, limit: 200 }),
      },
    ]) {
      const times = await measure(query, REPS);
      const p95 = quantile(times, 0.95);
      console.log(
        `${query.name.padEnd(34)} ${fmt(quantile(times, 0.5))} ${fmt(p95)} ${fmt(times.at(-1) ?? 0)}  ${p95 <= GOAL_MS ? 'ok' : 'OVER'}`,
      );
    }

    console.log(
      `\nbaseline: the KPI tiles from the rollups vs the same figures from the raw events (3 runs)`,
    );
    console.log(`${'range'.padEnd(6)} ${'rollup p50'.padStart(11)} ${'raw p50'.padStart(9)}  ratio`);
    for (const [label, span] of ranges) {
      const from = new Date(to.getTime() - span);
      const [tiles] = pageQueries(clickhouse, label, from, to);
      const rolled = tiles ? quantile(await measure(tiles, 3), 0.5) : 0;
      const raw = quantile(await measure(rawKpis(clickhouse, label, from, to), 3), 0.5);
      console.log(
        `${label.padEnd(6)} ${fmt(rolled).padStart(11)} ${fmt(raw).padStart(9)}  raw/rollup ${(raw / rolled).toFixed(1)}x`,
      );
    }

    console.log(
      `\nafter 0009 vs now: the tiles', the chart's and breakdowns' reads, interleaved (5 runs each)`,
    );
    console.log(`${'read'.padEnd(34)} ${'before'.padStart(7)} ${'now'.padStart(6)}  p50 before/now`);
    for (const [label, span] of ranges) {
      for (const [old, now] of pathPairs(clickhouse, label, new Date(to.getTime() - span), to)) {
        const before: number[] = [];
        const after: number[] = [];
        for (let rep = 0; rep < 5; rep++) {
          before.push(...(await measure(old, 1)));
          after.push(...(await measure(now, 1)));
        }
        const pa = quantile(
          before.sort((x, y) => x - y),
          0.5,
        );
        const pb = quantile(
          after.sort((x, y) => x - y),
          0.5,
        );
        console.log(`${old.name.padEnd(34)} ${fmt(pa).padStart(7)} ${fmt(pb)}  ${(pa / pb).toFixed(1)}x`);
      }
    }

    console.log(`\nfreshness: beacon POSTed → visible through qoe.series (goal ≤ ${FRESH_GOAL_MS / 1000} s)`);
    const fresh = await freshness(clickhouse, spoolDir);
    console.log(
      `freshness p50 ${fmt(quantile(fresh, 0.5))} ms, max ${fmt(fresh.at(-1) ?? 0)} ms · load ${load()}`,
    );
  } finally {
    await clickhouse.close();
    await rm(spoolDir, { recursive: true, force: true });
    if (!args.keep && !args.dir) await rm(dataDir, { recursive: true, force: true });
    else console.log(`kept ${dataDir} (--dir ${dataDir} reruns the queries on it)`);
  }
}

await main();
