/**
 * Media origin benchmark: what counting a stream costs. One origin, one signed HLS folder, the same device; the URL
 * is either uncounted (POST /v1/play's) or counted (lineup, M3U and player URLs: playlist requests run the stream
 * registry's Lua script in Redis, segments do not). Per kind (playlist, segment) CLIENTS fetch loops on 127.0.0.1
 * in rounds of changing order; prints median req/s side by side, the median per-round ratio counted/uncounted, the
 * noise floor (uncounted against uncounted) and the script's own round trip. Asserts nothing.
 * Run: pnpm --filter @keten/api exec tsx bench/origin-counted.ts  (BENCH_SECONDS=24 BENCH_ROUNDS=12 BENCH_CLIENTS=8)
 */
import { rm } from 'node:fs/promises';
import { signedChannelUrl } from '../src/playback/playback.service';
import { playbackKeys } from '../src/playback/playback-keys';
import { admitStream } from '../src/playback/stream-registry';
import {
  benchOriginDeps,
  closedLoop,
  neverRevoked,
  perSecond,
  ratio,
  rotatingRounds,
  startBenchOrigin,
} from './loop';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 24);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 12);
const SLUG = 'bench-channel';
const DEVICE = 'cbenchdevice000000000000';
const SUBSCRIBER = `cbenchsubscriber${Date.now()}`;

async function main() {
  const { mediaRoot, redis, deps } = await benchOriginDeps('counted', SLUG);
  const { app, base } = await startBenchOrigin(deps, neverRevoked);
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const keys = playbackKeys(deps);
  const queries = {
    uncounted: signedChannelUrl(keys, SLUG, DEVICE, exp).split('?')[1],
    counted: signedChannelUrl(keys, SLUG, DEVICE, exp, { sub: SUBSCRIBER, max: 2 }).split('?')[1],
  };
  const paths = {
    playlist: `/media/live/${SLUG}/v0/index.m3u8`,
    segment: `/media/live/${SLUG}/v0/index0.ts`,
  };
  console.log(
    `counted-stream benchmark: ${SECONDS} s per kind, ${CLIENTS} clients, Redis ${redis.options.host}`,
  );
  try {
    for (const query of Object.values(queries))
      await closedLoop(1, `${base}${paths.playlist}?${query}`, CLIENTS);
    for (const [kind, path] of Object.entries(paths)) {
      const urls = {
        counted: `${base}${path}?${queries.counted}`,
        uncounted: `${base}${path}?${queries.uncounted}`,
        again: `${base}${path}?${queries.uncounted}`,
      };
      const { rates, refused } = await rotatingRounds(urls, {
        seconds: SECONDS,
        rounds: ROUNDS,
        clients: CLIENTS,
      });
      if (refused > 0) console.log(`  (${refused} answers were not 200)`);
      console.log(
        `${kind.padEnd(9)} counted ${perSecond(rates.counted)} req/s   uncounted ${perSecond(rates.uncounted)} req/s   ratio ${ratio(rates.counted, rates.uncounted).toFixed(3)}   (noise floor, uncounted twice: ${ratio(rates.again, rates.uncounted).toFixed(3)})`,
      );
    }
    // The script alone, one call after another: the round trip a counted playlist request adds.
    const calls = 5000;
    const started = performance.now();
    for (let i = 0; i < calls; i++)
      await admitStream({ redis }, { subscriberId: SUBSCRIBER, deviceId: DEVICE, channel: SLUG }, 2);
    console.log(
      `the admit script alone: ${(((performance.now() - started) * 1000) / calls).toFixed(0)} µs per call`,
    );
  } finally {
    await app.close();
    await redis.del(`keten:streams:${SUBSCRIBER}`, `keten:streams:${SUBSCRIBER}:channel`);
    await redis.quit();
    await rm(mediaRoot, { recursive: true, force: true });
  }
}

await main();
