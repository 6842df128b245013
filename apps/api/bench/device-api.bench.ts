// Benchmark script (not a test): what the per-request revoke check costs, and lineup/guide latency and rate over HTTP.
// Run: pnpm --filter @keten/api exec tsx bench/device-api.bench.ts
import { performance } from 'node:perf_hooks';
import type { FastifyRequest } from 'fastify';
import { verifyAccessToken } from '../src/device-api/access-token';
import { activateThroughConsole, startDeviceApi, TOKEN_SECRET } from '../src/device-api/device-api.fixtures';
import { authenticateDevice } from '../src/device-api/device-auth';
import { deviceLineup } from '../src/device-api/lineup.service';

const api = await startDeviceApi();
api.deps.deviceApi = { tokenSecret: TOKEN_SECRET, rateLimitPerMinute: 10_000_000 };
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

async function timeEach(label: string, n: number, run: () => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(42)} p50 ${quantile(times, 0.5).toFixed(3)} ms  p99 ${quantile(times, 0.99).toFixed(3)} ms`,
  );
}

/** Concurrent HTTP requests over a real socket; returns requests per second. */
async function rate(url: string, headers: Record<string, string>, total: number, concurrency: number) {
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) {
        const response = await fetch(url, { headers });
        await response.arrayBuffer();
        if (response.status >= 400) throw new Error(`${url}: ${response.status}`);
      }
    }),
  );
  return Math.round(total / ((performance.now() - t) / 1000));
}

try {
  const device = await api.prisma.device.findFirstOrThrow({
    where: { subscriber: { status: 'ACTIVE' }, boxModel: { code: 'nokia-sb8000' } },
  });
  const pair = await activateThroughConsole(api, device.id);
  const headers = { authorization: `Bearer ${pair.accessToken}` };
  const request = { headers, server: api.app } as unknown as FastifyRequest;
  await timeEach('verify token only (HS256)', 5000, () => verifyAccessToken(pair.accessToken, TOKEN_SECRET));
  await timeEach('authenticateDevice (verify + row + family)', 5000, () => authenticateDevice(request));
  // What the family check adds: the old path (verify, then the row) against authenticateDevice, interleaved
  // in blocks so the machine's load hits both alike.
  const rowOnly = async () => {
    const claims = await verifyAccessToken(pair.accessToken, TOKEN_SECRET);
    return api.prisma.device.findUnique({ where: { id: claims.deviceId }, select: { tokenState: true } });
  };
  const withFamily: number[] = [];
  const withoutFamily: number[] = [];
  for (let block = 0; block < 20; block++) {
    for (const [run, into] of [
      [rowOnly, withoutFamily],
      [() => authenticateDevice(request), withFamily],
    ] as const) {
      for (let i = 0; i < 250; i++) {
        const t = performance.now();
        await run();
        into.push(performance.now() - t);
      }
    }
  }
  const p50 = (times: number[]) =>
    quantile(
      [...times].sort((a, b) => a - b),
      0.5,
    );
  console.log(
    `family check: verify + row p50 ${p50(withoutFamily).toFixed(3)} ms, + family p50 ${p50(withFamily).toFixed(3)} ms, ratio ${(p50(withFamily) / p50(withoutFamily)).toFixed(2)}`,
  );
  const who = { subscriberId: device.subscriberId ?? '', boxModel: 'nokia-sb8000' };
  await timeEach('deviceLineup service (no HTTP)', 1000, () => deviceLineup(api.prisma, who));
  const inject = (url: string, extra: Record<string, string> = {}) =>
    api.app.inject({ method: 'GET', url, headers: { ...headers, ...extra } });
  const etag = String((await inject('/v1/lineup')).headers.etag);
  await timeEach('GET /v1/lineup (inject)', 1000, () => inject('/v1/lineup'));
  await timeEach('GET /v1/lineup 304 (inject)', 1000, () => inject('/v1/lineup', { 'if-none-match': etag }));
  await timeEach('GET /v1/epg 24 h (inject)', 300, () => inject('/v1/epg'));
  await timeEach('GET /v1/playlist.m3u (inject)', 1000, () => inject('/v1/playlist.m3u'));
  const lineup = (await inject('/v1/lineup')).json() as { channels: unknown[] };
  console.log(
    `lineup: ${lineup.channels.length} channels, ${(await inject('/v1/lineup')).body.length} bytes`,
  );
  const address = await api.app.listen({ host: '127.0.0.1', port: 0 });
  console.log(
    `HTTP GET /v1/lineup, 20 concurrent: ${await rate(`${address}/v1/lineup`, headers, 4000, 20)} req/s`,
  );
  console.log(
    `HTTP GET /v1/lineup 304, 20 concurrent: ${await rate(`${address}/v1/lineup`, { ...headers, 'if-none-match': etag }, 4000, 20)} req/s`,
  );
} finally {
  await api.stop();
}
