import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import type { TDeliveryRecorder } from '../src/delivery/delivery-recorder';
import { registerMediaOrigin, type TOriginDeps } from '../src/playback/media-origin';
import { makeLiveHls } from '../src/playback/playback.fixtures';
import type { TRevocationList } from '../src/playback/revocation-list';

/** What the HTTP benchmarks share: closed-loop fetch clients, the median, a media origin's stores. */

/** A media origin's deps over a fresh HLS folder of `slug` and the local Redis (quit it, remove mediaRoot after). */
export async function benchOriginDeps(name: string, slug: string) {
  const mediaRoot = await mkdtemp(join(tmpdir(), `keten-bench-${name}-`));
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const deps: TOriginDeps = {
    mediaRoot,
    redis,
    workerQueuePrefix: `keten-bench-${Date.now()}`,
    deviceApi: { tokenSecret: 'bench-device-token-secret-0123456789abcdef' },
  };
  await makeLiveHls(mediaRoot, slug);
  return { mediaRoot, redis, deps };
}

/** A revocation list with no box on it: the origin asks it on every request and it refuses nothing. */
export const neverRevoked: TRevocationList = {
  has: () => false,
  start: async () => {},
  stop: () => {},
  entries: () => [],
};

/** A media origin on a free loopback port (no revocation list unless given, delivery records when a recorder is). */
export async function startBenchOrigin(
  deps: TOriginDeps,
  revocations?: TRevocationList,
  delivery?: TDeliveryRecorder,
) {
  // Closing must not wait out keep-alive sockets the fetch clients hold (72 s by default).
  const app = Fastify({ forceCloseConnections: true });
  registerMediaOrigin(app, deps, revocations, delivery);
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/** `clients` loops fetching `url` as fast as answers come back for `seconds`; counts 200s and the rest. */
export async function closedLoop(seconds: number, url: string, clients: number) {
  const deadline = Date.now() + seconds * 1000;
  let ok = 0;
  let other = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < deadline) {
        const response = await fetch(url);
        await response.arrayBuffer();
        if (response.status === 200) ok++;
        else other++;
      }
    }),
  );
  return { ok, other, ms: performance.now() - started };
}

/**
 * Each URL in turn, `rounds` rounds in a changing order (so a drift in the machine's load is charged to all), each
 * turn seconds / urls / rounds long: the req/s of every turn per URL, and how many answers were not 200.
 */
export async function rotatingRounds<TName extends string>(
  urls: Record<TName, string>,
  { seconds, rounds, clients }: { seconds: number; rounds: number; clients: number },
) {
  const names = Object.keys(urls) as TName[];
  const rates = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<TName, number[]>;
  let refused = 0;
  for (let round = 0; round < rounds; round++) {
    for (const name of names.map((_, i) => names[(i + round) % names.length] as TName)) {
      const result = await closedLoop(seconds / names.length / rounds, urls[name], clients);
      rates[name].push((result.ok / result.ms) * 1000);
      refused += result.other;
    }
  }
  return { rates, refused };
}

/** Per round side by side; the median ratio shrugs off a round another process disturbed. */
export const ratio = (a: number[], b: number[]) => median(a.map((value, i) => value / (b[i] ?? value)));
export const perSecond = (values: number[]) => Math.round(median(values)).toLocaleString('en');
