/**
 * Delivery records benchmark: what writing a delivery record per media request costs the origin. Three origins in one
 * process over the same signed HLS folder: one writing delivery records (the real recorder → spool fsync → embedded
 * ClickHouse inserts, all in this process, as in production), two without (the second gives the noise floor: the
 * ratio of two identical origins). Segment and playlist requests from CLIENTS fetch loops on 127.0.0.1, in rounds
 * of changing order (the machine is shared); prints median req/s side by side and the median per-round ratio, then
 * checks every record the run wrote reached ClickHouse. Asserts nothing.
 * BENCH_SINK=none makes the records and drops them (the hooks' own cost, without spool and ClickHouse).
 * Run: pnpm --filter @keten/api exec tsx bench/delivery-origin.bench.ts  (BENCH_SECONDS=24 BENCH_ROUNDS=12 BENCH_CLIENTS=8)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClickHouse, migrateClickHouse } from '@keten/db/clickhouse';
import { readCmcd } from '../src/delivery/cmcd';
import { createDeliveryIngest } from '../src/delivery/delivery-ingest';
import { createDeliveryRecorder } from '../src/delivery/delivery-recorder';
import { signedChannelUrl } from '../src/playback/playback.service';
import { playbackKeys } from '../src/playback/playback-keys';
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
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 12);
const SLUG = 'bench-channel';
const DEVICE = 'cbenchdevice000000000000';

async function main() {
  const { mediaRoot, redis, deps } = await benchOriginDeps('delivery', SLUG);
  const dataDir = await mkdtemp(join(tmpdir(), 'keten-bench-delivery-ch-'));
  const spoolDir = await mkdtemp(join(tmpdir(), 'keten-bench-delivery-spool-'));
  const clickhouse = await createClickHouse({ dataDir });
  await migrateClickHouse(clickhouse.client);
  const delivery = await createDeliveryIngest(clickhouse, spoolDir, (message, error) =>
    console.error(message, error),
  );
  // BENCH_SINK=none: records are made (hooks, CMCD, encoding) but thrown away, to tell their cost from the spool's.
  const recorder =
    process.env.BENCH_SINK === 'none'
      ? createDeliveryRecorder({ ingest: { acceptLines: async () => 'accepted' as const } })
      : delivery.recorder;
  const recording = await startBenchOrigin(deps, neverRevoked, recorder);
  const plain = await startBenchOrigin(deps, neverRevoked);
  const plainAgain = await startBenchOrigin(deps, neverRevoked);

  const master = signedChannelUrl(playbackKeys(deps), SLUG, DEVICE, Math.floor(Date.now() / 1000) + 3600);
  const query = master.split('?')[1];
  // As hls.js sends them: the CMCD query parameter on every request (parsed into each record).
  const cmcd = encodeURIComponent(
    'br=400,bl=8000,cid="npo-1",d=2000,ot=av,sf=h,sid="6e2fb8ba-0c0d-4d8e-9c1a-2a4f3c1e5b7d",su',
  );
  const paths = {
    segment: `/media/live/${SLUG}/v0/index0.ts?${query}&CMCD=${cmcd}`,
    playlist: `/media/live/${SLUG}/v0/index.m3u8?${query}&CMCD=${cmcd}`,
  };
  console.log(`delivery records benchmark: ${SECONDS} s per kind, ${CLIENTS} clients, ${ROUNDS} rounds`);
  try {
    const origins = { with: recording, without: plain, again: plainAgain };
    for (const origin of Object.values(origins)) await closedLoopOf(1, origin.base + paths.segment, CLIENTS); // warm-up
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
        `${kind.padEnd(9)} with records ${perSecond(rates.with)} req/s   without ${perSecond(rates.without)} req/s   ratio ${ratio(rates.with, rates.without).toFixed(3)}   (noise floor, two origins without: ${ratio(rates.again, rates.without).toFixed(3)})`,
      );
    }
    // What a request pays, without HTTP around it: reading its CMCD and dev/sub, encoding the line, buffering it.
    const alone = createDeliveryRecorder({ ingest: { acceptLines: async () => 'accepted' as const } });
    const query = paths.segment.split('?')[1] ?? '';
    const calls = 200_000;
    const started = performance.now();
    for (let i = 0; i < calls; i++) {
      const cmcdRead = readCmcd(query, {});
      alone.record({
        time: Date.now(),
        source: 'origin',
        edgeId: '',
        cacheStatus: 'ORIGIN',
        deviceId: DEVICE,
        subscriberId: '',
        sessionId: cmcdRead.sessionId,
        channelId: SLUG,
        contentId: cmcdRead.contentId,
        kind: 'live',
        object: 'segment',
        rendition: 'v0',
        path: 'v0/index0.ts',
        status: 200,
        errorCode: '',
        bytes: 188_000,
        ttfbMs: 1.25,
        durationMs: 2.5,
        clientIp: '127.0.0.1',
        bitrateKbps: cmcdRead.bitrateKbps,
      });
    }
    const usPerRecord = ((performance.now() - started) * 1000) / calls;
    await alone.close();
    console.log(`a record alone (CMCD read, encoding, buffering): ${usPerRecord.toFixed(1)} µs`);
    const flushStarted = performance.now();
    await delivery.flush();
    const stats = recorder.stats();
    const result = await clickhouse.client.query({
      query: 'SELECT count() AS n FROM delivery_events_v2',
      format: 'JSONEachRow',
    });
    const [{ n } = { n: '0' }] = await result.json<{ n: string }>();
    console.log(
      `records: ${stats.recorded.toLocaleString('en')} written, ${stats.spooled.toLocaleString('en')} spooled, ${stats.dropped} dropped; ` +
        `${Number(n).toLocaleString('en')} rows in delivery_events_v2 (${(performance.now() - flushStarted).toFixed(0)} ms to drain after the run); ` +
        `ingest: ${JSON.stringify(delivery.ingest.stats())}`,
    );
  } finally {
    await recording.app.close();
    await plain.app.close();
    await plainAgain.app.close();
    await delivery.close();
    await clickhouse.close();
    await redis.quit();
    await rm(mediaRoot, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
    await rm(spoolDir, { recursive: true, force: true });
  }
}

await main();
