// Benchmark script (not a test): in-process flag evaluations/s, and GET /v1/config requests/s with p99 beside
// GET /healthz in the same run, interleaved in rounds so the shared machine's load hits both alike.
// Run: pnpm --filter @keten/api exec tsx bench/flags.bench.ts   (BENCH_ROUNDS=5 BENCH_REQUESTS=3000 BENCH_CLIENTS=16)
import { performance } from 'node:perf_hooks';
import { evaluateFlag, ZCohortRuleSchema, ZFlagDefinitionSchema } from '@keten/flags';
import type { FastifyRequest } from 'fastify';
import { activateThroughConsole, startDeviceApi } from '../src/device-api/device-api.fixtures';
import { authenticateDevice } from '../src/device-api/device-auth';
import { readDeviceRowWithFacts } from '../src/device-api/device-row';
import { DEVICE_ROW_TTL_MS, deviceRowCache } from '../src/device-api/device-row-cache';
import { deviceConfigBody } from '../src/flags/config.service';
import { activeFleet } from '../src/flags/fleet';
import { loadSnapshot } from '../src/flags/snapshot';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const FLAGS = 20;

const api = await startDeviceApi({ conformance: false });
api.deps.deviceApi = { ...api.deps.deviceApi!, rateLimitPerMinute: 10_000_000 };
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const median = (values: number[]) =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

/** Concurrent HTTP requests over a real socket, each client its own box; req/s and per-request latencies. */
async function rate(url: string, headersOf: (client: number) => Record<string, string>) {
  let next = 0;
  const times: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      const headers = headersOf(client);
      while (next++ < REQUESTS) {
        const t = performance.now();
        const response = await fetch(url, { headers });
        await response.arrayBuffer();
        times.push(performance.now() - t);
        if (response.status >= 400) throw new Error(`${url}: ${response.status}`);
      }
    }),
  );
  times.sort((a, b) => a - b);
  return { perSecond: REQUESTS / ((performance.now() - started) / 1000), p99: quantile(times, 0.99) };
}

try {
  // A realistic catalogue: 6 cohorts (models, regions, packages, a 10 % share, a device list) and 20 flags of
  // every type with 3 rules each, plus a configuration with 3 overrides.
  const fleet = await activeFleet(api.prisma);
  const models = [...new Set(fleet.map((device) => device.boxModel))];
  const cohortRules = [
    { boxModels: models.slice(0, 1) },
    { regions: ['Utrecht', 'Limburg'] },
    { packages: ['SPORT'] },
    { percent: 10 },
    { deviceIds: fleet.slice(0, 20).map((device) => device.id) },
    { boxModels: models.slice(1, 3), regions: ['Noord-Holland'] },
  ];
  const cohortIds: string[] = [];
  for (const [index, rule] of cohortRules.entries()) {
    const cohort = await api.prisma.cohort.create({
      data: { key: `bench-${index}`, name: `Bench ${index}`, rule: ZCohortRuleSchema.parse(rule) },
    });
    cohortIds.push(cohort.id);
  }
  for (let i = 0; i < FLAGS; i++) {
    const type = (['boolean', 'string', 'number', 'json'] as const)[i % 4] ?? 'boolean';
    const values: unknown[] = {
      boolean: [true, false],
      string: ['grid', 'list'],
      number: [10, 30],
      json: [{ rows: 3 }, {}],
    }[type];
    const definition = ZFlagDefinitionSchema.parse({
      type,
      variants: values.map((value: unknown, n: number) => ({ key: `v${n}`, value })),
      defaultVariant: 'v1',
      offVariant: 'v1',
      rules: [0, 1, 2].map((n) => ({
        id: `rule-${n}`,
        cohortId: cohortIds[(i + n) % cohortIds.length] ?? null,
        percent: [100, 50, 25][n],
        variant: 'v0',
      })),
    });
    await api.prisma.featureFlag.create({ data: { key: `bench.flag-${i}`, definition } });
  }
  await api.prisma.configVersion.create({
    data: {
      version: 1,
      actorEmail: 'bench',
      document: {
        settings: {
          player: { bufferSeconds: 10, abr: 'throughput' },
          epgDays: 7,
          homeRails: ['live', 'vod'],
        },
        overrides: cohortIds
          .slice(0, 3)
          .map((cohortId, n) => ({ cohortId, settings: { player: { bufferSeconds: 10 + n } } })),
      },
    },
  });

  // In process: the engine alone, over every active box.
  const snapshot = await loadSnapshot(api.prisma);
  let evaluations = 0;
  const evalStart = performance.now();
  while (performance.now() - evalStart < 2000) {
    for (const device of fleet)
      for (const flag of snapshot.flags) evaluateFlag(flag, device, snapshot.cohorts);
    evaluations += fleet.length * snapshot.flags.length;
  }
  const evalSeconds = (performance.now() - evalStart) / 1000;
  let bodies = 0;
  const bodyStart = performance.now();
  while (performance.now() - bodyStart < 2000) {
    for (const device of fleet) JSON.stringify(deviceConfigBody(snapshot, device));
    bodies += fleet.length;
  }
  const bodySeconds = (performance.now() - bodyStart) / 1000;
  console.log(
    `in process: ${Math.round(evaluations / evalSeconds).toLocaleString('en')} flag evaluations/s ` +
      `(${snapshot.flags.length} flags, ${snapshot.cohorts.size} cohorts, ${fleet.length} boxes); ` +
      `${Math.round(bodies / bodySeconds).toLocaleString('en')} whole /v1/config bodies/s (evaluate + merge + JSON)`,
  );

  // Over HTTP: one box per client, so the per-device rate limit and the family check run as for real boxes.
  const boxes = fleet.slice(0, CLIENTS);
  const tokens: string[] = [];
  for (const box of boxes) tokens.push((await activateThroughConsole(api, box.id)).accessToken);
  // Where one request's time goes, one call at a time (p50 of 500): the stores' round trips dominate.
  const firstBox = boxes[0]!;
  // A new request object each call: the token's claims are verified once per request and kept with it.
  const request = () =>
    ({ headers: { authorization: `Bearer ${tokens[0]}` }, server: api.app }) as unknown as FastifyRequest;
  const p50 = async (run: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < 500; i++) {
      const t = performance.now();
      await run();
      times.push(performance.now() - t);
    }
    return median(times).toFixed(2);
  };
  console.log(
    `one at a time, p50 ms: authenticateDevice (token + kept row + family) ${await p50(() => authenticateDevice(request()))}, ` +
      `row + subscriber facts read from PostgreSQL (a miss) ${await p50(() => readDeviceRowWithFacts(api.deps.sql, firstBox.id))}, ` +
      `the same row by Prisma ${await p50(() => api.prisma.device.findUnique({ where: { id: firstBox.id }, select: { tokenState: true, tokenVersion: true, subscriberId: true, appVersion: true, region: true } }))}, ` +
      `body ${await p50(async () => JSON.stringify(deviceConfigBody(snapshot, firstBox)))}, ` +
      `inject /v1/config ${await p50(() => api.app.inject({ url: '/v1/config', headers: request().headers }))}, ` +
      `inject /healthz ${await p50(() => api.app.inject({ url: '/healthz' }))}`,
  );
  const address = await api.app.listen({ host: '127.0.0.1', port: 0 });
  const auth = (client: number) => ({ authorization: `Bearer ${tokens[client]}` });
  const etags = await Promise.all(
    tokens.map(async (token) =>
      String(
        (await fetch(`${address}/v1/config`, { headers: { authorization: `Bearer ${token}` } })).headers.get(
          'etag',
        ),
      ),
    ),
  );
  const rows = deviceRowCache(api.deps.sql);
  /** A poll whose device row is not in memory (the first after a change, or after 60 s): read from PostgreSQL. */
  const missing = async () => {
    rows.ttlMs = 0;
    try {
      return await rate(`${address}/v1/config`, auth);
    } finally {
      rows.ttlMs = DEVICE_ROW_TTL_MS;
    }
  };
  const kinds = {
    '/healthz': () => rate(`${address}/healthz`, () => ({})),
    '/v1/config 200': () => rate(`${address}/v1/config`, auth),
    '/v1/config 200, row read (a miss)': missing,
    '/v1/config 304': () =>
      rate(`${address}/v1/config`, (client) => ({ ...auth(client), 'if-none-match': etags[client] ?? '' })),
  };
  const results: Record<string, { perSecond: number[]; p99: number[] }> = {};
  await kinds['/healthz']();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [kind, run] of Object.entries(kinds)) {
      const result = await run();
      results[kind] ??= { perSecond: [], p99: [] };
      results[kind].perSecond.push(result.perSecond);
      results[kind].p99.push(result.p99);
    }
  }
  const healthz = median(results['/healthz']?.perSecond ?? [0]);
  console.log(
    `HTTP, ${CLIENTS} clients, ${REQUESTS} requests a run, ${ROUNDS} interleaved rounds (median of rounds):`,
  );
  for (const [kind, result] of Object.entries(results)) {
    const perSecond = median(result.perSecond);
    console.log(
      `  ${kind.padEnd(34)} ${Math.round(perSecond).toLocaleString('en').padStart(7)} req/s  p99 ${median(result.p99).toFixed(1)} ms  ` +
        `(${(perSecond / healthz).toFixed(2)} of /healthz; rounds ${result.perSecond.map((v) => Math.round(v)).join(', ')})`,
    );
  }
} finally {
  await api.stop();
}
