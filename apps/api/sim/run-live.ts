import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TBeaconEvent, TDeviceTokenPair, TLineupChannel } from '@keten/contracts';
import { Random } from '@keten/db/random';
import { BoxDelivery } from './box-delivery';
import { EdgeReporter, type TEdgeReportStats } from './demo-edges';
import { DeviceClient } from './device-client';
import type { TFleetDevice } from './devices';
import { createEdgeTraffic, edgeChannels, edgeProfileOf, type TEdgeIncident } from './edge-traffic';
import { fleetViewer, type TFleetFlaws } from './fleet-box';
import { BATCH_SIZE, limiter } from './run-fleet';
import { countAcked, createFleetStats, progressLine, type TFleetStats } from './stats';
import { pacer, type TokenStore } from './token-store';
import type { TViewer } from './viewer';

const TICK_MS = 250;
const ACTIVATION_CONCURRENCY = 4;
// Activations and refreshes from this one IP: 100 a minute, under the device API's 120 (device-api/config.ts).
const TOKEN_CALL_INTERVAL_MS = 600;

export interface TLiveFleetOptions {
  api: string;
  devices: readonly TFleetDevice[];
  seed: number;
  flaws: TFleetFlaws;
  provisioningSecret: string;
  concurrency: number;
  /** A box sends what it holds at least this often (wall ms), like a player's flush timer. */
  flushMs: number;
  progressMs: number;
  /** Aborted: every box closes its session, sends what it holds, and the run ends within `stopDeadlineMs`. */
  signal: AbortSignal;
  stopDeadlineMs: number;
  /** Share of boxes already watching when they start; default the daily curve's share at that hour. */
  watchingAtStart?: number;
  /** Tokens kept across restarts: a box that has them refreshes or reuses them instead of activating again. */
  tokens?: TokenStore;
  /** Least time between two token calls (activation, refresh) of the fleet; default 600 ms (100 a minute). */
  tokenCallIntervalMs?: number;
  /**
   * The boxes' CDN edges report what they served (`POST /v1/edge-logs`, one post per edge every `flushMs`), with
   * these tokens by edge name; `worseEdge` answers worse (edge-traffic.ts). Unset: beacons only.
   */
  edges?: {
    tokens: ReadonlyMap<string, string>;
    worseEdge: string | null;
    /** Edges gone bad for a while (wall-clock epoch ms), e.g. the demo's KETEN_DEMO_FLEET_BAD_EDGE. */
    incidents?: readonly TEdgeIncident[];
  };
  log: (line: string) => void;
}

interface TLiveBox {
  client: DeviceClient;
  viewer: TViewer;
  traffic: ReturnType<typeof createEdgeTraffic> | null;
  /** With edges: the edge `/v1/config` gives the box, polled as a box does (steering moves its traffic). */
  delivery: BoxDelivery | null;
  outbox: TBeaconEvent[];
  sending: Promise<void> | null;
}

/**
 * The always-on demo fleet: boxes activate through the device API one after another and each starts watching
 * as soon as it has its lineup, in real time on the daily curve, until `signal` aborts. Returns the run's counters.
 */
export async function runLiveFleet(
  options: TLiveFleetOptions,
): Promise<TFleetStats & { edgeLines?: TEdgeReportStats }> {
  const stats: TFleetStats & { edgeLines?: TEdgeReportStats } = createFleetStats();
  // Ends the clients' retries and waits when the stop deadline passes.
  const hard = new AbortController();
  const started = Date.now();
  // Fresh behaviour and session ids each run: the server stores a (sessionId, seq) once.
  const run = new Random(`${options.seed}/live/${started}/${randomInt(2 ** 32)}`);
  const beforeTokenCall = pacer(options.tokenCallIntervalMs ?? TOKEN_CALL_INTERVAL_MS);
  const clientEvents = (serial: string) => ({
    onRateLimited: () => stats.rateLimited++,
    onRetry: (reason: string) => {
      stats.retries++;
      stats.lastError = reason;
    },
    onRefresh: () => stats.refreshes++,
    beforeTokenCall,
    onTokens: (pair: TDeviceTokenPair, expiresAt: number) =>
      options.tokens?.set(serial, { ...pair, expiresAt }),
  });
  const boxes: TLiveBox[] = [];
  const reporter = options.edges ? new EdgeReporter(options.api, options.edges.tokens) : null;
  const profileOf = edgeProfileOf(options.edges?.worseEdge ?? null, options.edges?.incidents ?? []);
  // Each box one stable address (CGNAT range), as an edge sees a household.
  const clientIp = (index: number) => `100.64.${(index >> 8) & 255}.${(index & 255) + 1}`;
  let resumed = 0;
  const activate = limiter(ACTIVATION_CONCURRENCY);
  const activation = Promise.all(
    options.devices.map((device, index) =>
      activate(async () => {
        if (options.signal.aborted) return;
        const client = new DeviceClient(options.api, clientEvents(device.serial), hard.signal);
        try {
          // A box with kept tokens goes on with them (refreshing when due); refused, it activates again.
          const kept = options.tokens?.get(device.serial);
          let channels: TLineupChannel[] | null = null;
          if (kept) {
            client.restore(kept, kept.expiresAt);
            channels = await client.lineup().catch(() => null);
            if (channels) resumed++;
            else options.tokens?.set(device.serial, null);
          }
          if (!channels) {
            await client.activate(device.serial, device.mac, options.provisioningSecret);
            channels = await client.lineup();
          }
          if (channels.length === 0) throw new Error(`${device.serial}: empty lineup`);
          const rng = run.fork(device.serial);
          const delivery = reporter ? new BoxDelivery(client) : null;
          if (delivery) {
            // Its edge before its first session; then a poll every pollAfterSeconds from its own offset.
            await delivery.poll(Date.now());
            delivery.pollAgainAt(Date.now() + rng.fork('poll').int(0, 15_000));
          }
          boxes.push({
            client,
            viewer: fleetViewer({
              rng,
              ids: rng.fork('ids'),
              device,
              channelIds: channels.map((channel) => channel.id),
              startAt: Date.now(),
              flaws: options.flaws,
              watchingAtStart: options.watchingAtStart,
              edgeOf: () => delivery?.edge ?? null,
            }),
            traffic: reporter
              ? createEdgeTraffic({
                  rng: rng.fork('edge'),
                  channels: edgeChannels(channels),
                  clientIp: clientIp(index),
                  profileOf,
                  edgeOf: () => delivery?.edge ?? null,
                })
              : null,
            delivery,
            outbox: [],
            sending: null,
          });
          stats.boxesActive = boxes.length;
        } catch (error) {
          if (hard.signal.aborted) return;
          stats.activationFailures++;
          stats.lastError = error instanceof Error ? error.message : String(error);
        }
      }),
    ),
  ).then(() =>
    options.log(
      `${stats.boxesActive} boxes watching (${resumed} with kept tokens, ${stats.activationFailures} failed to activate) ` +
        `after ${Date.now() - started} ms, ${stats.rateLimited} refused with 429`,
    ),
  );

  const post = limiter(options.concurrency);
  const send = (box: TLiveBox, flush: boolean) => {
    if (box.sending) return;
    if (box.outbox.length < BATCH_SIZE && !(flush && box.outbox.length > 0)) return;
    box.sending = (async () => {
      while (box.outbox.length >= BATCH_SIZE || (flush && box.outbox.length > 0)) {
        const batch = box.outbox.splice(0, BATCH_SIZE);
        stats.sent += batch.length;
        stats.batches++;
        const outcome = await post(() => box.client.postBeacons(batch));
        if (outcome.kind === 'acked') countAcked(stats, batch);
        else {
          stats.rejected += batch.length;
          stats.lastError = `${outcome.status} ${outcome.code}: ${outcome.message}`;
        }
      }
    })()
      .catch((error: unknown) => {
        stats.lastError = error instanceof Error ? error.message : String(error);
      })
      .finally(() => {
        box.sending = null;
      });
  };

  let lastFlush = Date.now();
  let lastProgress = Date.now();
  let previous = { acked: 0, at: 0 };
  while (!options.signal.aborted) {
    const now = Date.now();
    const flush = now - lastFlush >= options.flushMs;
    if (flush) lastFlush = now;
    for (const box of boxes) {
      if (box.delivery?.due(now)) {
        void box.delivery.poll(now).then((moved) => {
          // Told another edge (steered or returned): the session playing re-tunes there.
          if (moved && box.traffic) reporter?.push(box.traffic.moveTo(moved, Date.now()));
        });
      }
      const events = box.viewer.advanceTo(now);
      box.outbox.push(...events);
      if (box.traffic) reporter?.push(box.traffic.advance(events, now));
      send(box, flush);
    }
    if (flush) void reporter?.flush(hard.signal);
    if (now - lastProgress >= options.progressMs) {
      lastProgress = now;
      options.log(
        progressLine(stats, now - started, previous) +
          (reporter ? ` · edge lines ${reporter.stats.accepted}` : ''),
      );
      previous = { acked: stats.acked, at: now - started };
    }
    await sleep(TICK_MS, undefined, { signal: options.signal }).catch(() => undefined);
  }

  // Stopping: the boxes switch off (their sessions end now) and send what they hold, within the deadline.
  const deadline = setTimeout(() => hard.abort('stop deadline'), options.stopDeadlineMs);
  const end = Date.now();
  await Promise.all(
    boxes.map(async (box) => {
      await box.sending;
      const events = box.viewer.finish(end);
      box.outbox.push(...events);
      if (box.traffic) reporter?.push(box.traffic.advance(events, end));
      send(box, true);
      await box.sending;
    }),
  );
  await reporter?.flush(hard.signal);
  await reporter?.flush(hard.signal);
  hard.abort('stopped');
  clearTimeout(deadline);
  await options.tokens?.flush();
  // Activations still in flight are not waited for: their requests end with the process.
  void activation;
  options.log(
    `stopped after ${((Date.now() - started) / 1000).toFixed(0)} s: sent ${stats.sent}, acknowledged ${stats.acked}, rejected ${stats.rejected}` +
      (reporter
        ? `; edge log lines stored ${reporter.stats.accepted}, dropped ${reporter.stats.dropped}`
        : ''),
  );
  if (reporter) stats.edgeLines = reporter.stats;
  return stats;
}
