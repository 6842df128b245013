import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TBeaconEvent } from '@keten/contracts';
import { Random } from '@keten/db/random';
import { DeviceClient } from './device-client';
import type { TFleetDevice } from './devices';
import { profileFor } from './profiles';
import { countAcked, createFleetStats, progressLine, summaryLines, type TFleetStats } from './stats';
import { createViewer, type TViewer } from './viewer';

export const BATCH_SIZE = 50;
const TICK_MS = 100;
const ACTIVATION_CONCURRENCY = 8;
// After the last simulated minute: how long unacknowledged batches may still be retried.
const DRAIN_TIMEOUT_MS = 120_000;

export interface TFleetRunOptions {
  api: string;
  devices: readonly TFleetDevice[];
  minutes: number;
  speed: number;
  /** Simulated time ends this many minutes before the run does (default 0: it ends now). */
  endsAgo?: number;
  /** Events per second across the fleet; 0 = unpaced. */
  rate: number;
  seed: number;
  provisioningSecret: string;
  worse: string | null;
  concurrency: number;
  /** A box sends what it holds at least this often (wall ms), like a player's flush timer. */
  flushMs: number;
  progressMs: number;
  log: (line: string) => void;
}

interface TBox {
  client: DeviceClient;
  viewer: TViewer;
  outbox: TBeaconEvent[];
  flush: boolean;
  sending: Promise<void> | null;
}

/** At most `limit` calls at once. */
export function limiter(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(call: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await call();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/** Spaces batches so the fleet posts at most `rate` events per second. */
export function pacer(rate: number) {
  let nextAt = 0;
  return async (events: number) => {
    if (rate <= 0) return;
    const now = Date.now();
    const at = Math.max(now, nextAt);
    nextAt = at + (events / rate) * 1000;
    if (at > now) await sleep(at - now);
  };
}

/** Activates the devices through the API, plays `minutes` of viewing at `speed`, and waits until every batch is answered. */
export async function runFleet(
  options: TFleetRunOptions,
): Promise<{ stats: TFleetStats; elapsedMs: number }> {
  const stats = createFleetStats();
  const abort = new AbortController();
  const rng = new Random(options.seed);
  // Fresh session ids every run (the server stores a (sessionId, seq) once); all behaviour follows the seed.
  const ids = new Random(randomInt(2 ** 32));
  const started = Date.now();
  const clientEvents = {
    onRateLimited: () => stats.rateLimited++,
    onRetry: (reason: string) => {
      stats.retries++;
      stats.lastError = reason;
    },
    onRefresh: () => stats.refreshes++,
  };

  const simMs = options.minutes * 60_000;
  const wallMs = simMs / options.speed;
  const ready: {
    client: DeviceClient;
    device: TFleetDevice;
    boxModel: string;
    firmware: string | null;
    channelIds: string[];
  }[] = [];
  const activate = limiter(ACTIVATION_CONCURRENCY);
  await Promise.all(
    options.devices.map((device) =>
      activate(async () => {
        const client = new DeviceClient(options.api, clientEvents, abort.signal);
        try {
          const pair = await client.activate(device.serial, device.mac, options.provisioningSecret);
          const channels = await client.lineup();
          if (channels.length === 0) throw new Error(`${device.serial}: empty lineup`);
          const channelIds = channels.map((channel) => channel.id);
          ready.push({ client, device, ...pair.device, channelIds });
        } catch (error) {
          stats.activationFailures++;
          stats.lastError = error instanceof Error ? error.message : String(error);
        }
      }),
    ),
  );
  // Simulated time ends when the wall clock does, so no event is stamped in the future.
  const wallStart = Date.now();
  const simStart = wallStart + wallMs - simMs - (options.endsAgo ?? 0) * 60_000;
  const simNow = () => simStart + (Date.now() - wallStart) * options.speed;
  // Activation order depends on the network: sort so each box's random stream is the same every run.
  ready.sort((a, b) => a.device.serial.localeCompare(b.device.serial));
  const boxes: TBox[] = ready.map(({ client, device, boxModel, firmware, channelIds }) => ({
    client,
    viewer: createViewer({
      rng: rng.fork(device.serial),
      ids: ids.fork(device.serial),
      profile: profileFor(boxModel, firmware, options.worse),
      channelIds,
      startAt: simStart,
    }),
    outbox: [],
    flush: false,
    sending: null,
  }));
  stats.boxesActive = boxes.length;
  options.log(
    `${stats.boxesActive} boxes activated (${stats.activationFailures} failed) in ${Date.now() - started} ms`,
  );

  const post = limiter(options.concurrency);
  const pace = pacer(options.rate);
  const send = (box: TBox) => {
    if (box.sending) return;
    box.sending = (async () => {
      while (box.outbox.length >= BATCH_SIZE || (box.flush && box.outbox.length > 0)) {
        const batch = box.outbox.splice(0, BATCH_SIZE);
        stats.sent += batch.length;
        stats.batches++;
        await pace(batch.length);
        const outcome = await post(() => box.client.postBeacons(batch));
        if (outcome.kind === 'acked') {
          countAcked(stats, batch);
          if (outcome.accepted !== batch.length)
            stats.lastError = `202 for ${outcome.accepted} of ${batch.length}`;
        } else {
          stats.rejected += batch.length;
          stats.lastError = `${outcome.status} ${outcome.code}: ${outcome.message}`;
        }
      }
      box.flush = false;
    })()
      .catch((error: unknown) => {
        stats.lastError = error instanceof Error ? error.message : String(error);
      })
      .finally(() => {
        box.sending = null;
      });
  };

  let lastFlush = Date.now();
  let previous = { acked: 0, at: 0 };
  let lastProgress = Date.now();
  while (Date.now() - wallStart < wallMs) {
    const now = Math.min(simNow(), simStart + simMs);
    const flush = Date.now() - lastFlush >= options.flushMs;
    if (flush) lastFlush = Date.now();
    for (const box of boxes) {
      box.outbox.push(...box.viewer.advanceTo(now));
      box.flush ||= flush;
      send(box);
    }
    if (Date.now() - lastProgress >= options.progressMs) {
      lastProgress = Date.now();
      options.log(progressLine(stats, lastProgress - wallStart, previous));
      previous = { acked: stats.acked, at: lastProgress - wallStart };
    }
    await sleep(TICK_MS);
  }

  // Close every open session at the last simulated instant, then send everything left.
  const drainTimer = setTimeout(() => abort.abort(), DRAIN_TIMEOUT_MS);
  for (const box of boxes) {
    await box.sending;
    box.outbox.push(...box.viewer.finish(simStart + simMs));
    box.flush = true;
    send(box);
  }
  await Promise.all(boxes.map((box) => box.sending));
  clearTimeout(drainTimer);
  const elapsedMs = Date.now() - started;
  for (const line of summaryLines(stats, elapsedMs)) options.log(line);
  return { stats, elapsedMs };
}
