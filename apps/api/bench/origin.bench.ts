/**
 * Media origin benchmark: what the per-request revocation check costs. Three origins in one process, the same signed
 * HLS folder: one with the real revocation list (BENCH_REVOKED boxes listed in Redis, one more revoked every
 * second so every poll re-reads the whole list: the worst case), two with a list that never matches (the second gives
 * the noise floor: the ratio of two identical origins). Playlist and segment requests from CLIENTS fetch loops on
 * 127.0.0.1, in rounds of changing order (the machine is shared); prints median req/s side by side, the median per-round
 * ratio, and the check's own cost. Asserts nothing.
 * Run: pnpm --filter @keten/api exec tsx bench/origin.bench.ts  (BENCH_SECONDS=24 BENCH_ROUNDS=12 BENCH_CLIENTS=8 BENCH_REVOKED=10000)
 */
import { rm } from 'node:fs/promises';
import { signedChannelUrl } from '../src/playback/playback.service';
import { playbackKeys } from '../src/playback/playback-keys';
import { createRevocationList } from '../src/playback/revocation-list';
import { revocationKeys, revokeMedia } from '../src/playback/revocations';
import {
  benchOriginDeps,
  closedLoop as closedLoopOf,
  neverRevoked,
  perSecond,
  ratio,
  rotatingRounds,
  startBenchOrigin,
} from './loop';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 24);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const REVOKED = Number(process.env.BENCH_REVOKED ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 12);
const SLUG = 'bench-channel';
const DEVICE = 'cbenchdevice000000000000';

const closedLoop = (seconds: number, url: string) => closedLoopOf(seconds, url, CLIENTS);

async function main() {
  const { mediaRoot, redis, deps } = await benchOriginDeps('origin', SLUG);
  // The listed boxes, written as the console's revoke writes them (batched: one MULTI each would take a while).
  const { set, version } = revocationKeys(deps);
  const until = Date.now() + 3600_000;
  for (let i = 0; i < REVOKED; i += 1000) {
    const members = Array.from({ length: Math.min(1000, REVOKED - i) }, (_, j) => [
      until,
      `crevoked${i + j}`,
    ]);
    await redis.zadd(set, ...members.flat());
  }
  await redis.incr(version);
  const list = createRevocationList(deps);
  const checked = await startBenchOrigin(deps, list);
  const unchecked = await startBenchOrigin(deps, neverRevoked);
  const uncheckedAgain = await startBenchOrigin(deps, neverRevoked);
  await checked.app.ready();
  if (list.entries().length !== REVOKED)
    throw new Error(`list holds ${list.entries().length}, not ${REVOKED}`);
  let churn = 0;
  const churner = setInterval(() => void revokeMedia(deps, `cchurn${churn++}`), 1000);

  const master = signedChannelUrl(playbackKeys(deps), SLUG, DEVICE, Math.floor(Date.now() / 1000) + 3600);
  const query = master.split('?')[1];
  const paths = {
    playlist: `/media/live/${SLUG}/v0/index.m3u8?${query}`,
    segment: `/media/live/${SLUG}/v0/index0.ts?${query}`,
  };
  console.log(
    `origin benchmark: ${SECONDS} s per kind, ${CLIENTS} clients, ${REVOKED.toLocaleString('en')} boxes revoked + 1 more each second`,
  );
  try {
    const origins = { with: checked, without: unchecked, again: uncheckedAgain };
    for (const origin of Object.values(origins)) await closedLoop(1, origin.base + paths.playlist); // warm-up
    for (const [kind, path] of Object.entries(paths)) {
      const { rates, refused } = await rotatingRounds(
        {
          with: origins.with.base + path,
          without: origins.without.base + path,
          again: origins.again.base + path,
        },
        { seconds: SECONDS, rounds: ROUNDS, clients: CLIENTS },
      );
      if (refused > 0) console.log(`  (${refused} answers were not 200)`);
      console.log(
        `${kind.padEnd(9)} with check ${perSecond(rates.with)} req/s   without ${perSecond(rates.without)} req/s   ratio ${ratio(rates.with, rates.without).toFixed(3)}   (noise floor, two origins without: ${ratio(rates.again, rates.without).toFixed(3)})`,
      );
    }
    // The check alone, without HTTP around it: one Map lookup and a clock read per request.
    const calls = 2_000_000;
    const started = performance.now();
    let hits = 0;
    for (let i = 0; i < calls; i++) if (list.has(i % 2 ? DEVICE : `crevoked${i % REVOKED}`)) hits++;
    const nsPerCall = ((performance.now() - started) * 1e6) / calls;
    console.log(
      `the check alone: ${nsPerCall.toFixed(0)} ns per request (${hits.toLocaleString('en')} of ${calls.toLocaleString('en')} lookups listed)`,
    );
    console.log(`revocations written during the run: ${churn}; list now ${list.entries().length} entries`);
  } finally {
    clearInterval(churner);
    await checked.app.close();
    await unchecked.app.close();
    await uncheckedAgain.app.close();
    await redis.del(set, version);
    await redis.quit();
    await rm(mediaRoot, { recursive: true, force: true });
  }
}

await main();
