import type { TBeaconEvent } from '@keten/contracts';
import { Random } from '@keten/db/random';
import { BoxDelivery } from './box-delivery';
import { EdgeReporter } from './demo-edges';
import { DeviceClient } from './device-client';
import type { TFleetDevice } from './devices';
import { createEdgeTraffic, edgeChannels, edgeProfileOf, type TEdgeIncident } from './edge-traffic';
import type { TFleetFlaws } from './fleet-box';
import { inRegion, profileFor } from './profiles';
import { BATCH_SIZE, limiter } from './run-fleet';
import { countAcked, createFleetStats } from './stats';
import { createViewer, type TViewer } from './viewer';

// The scenario's clock within a step: boxes poll at their own instants, so a steer reaches them 0–15 s after it.
const SUB_STEP_MS = 5_000;

export interface TSteeredFleetOptions {
  api: string;
  devices: readonly TFleetDevice[];
  seed: number;
  provisioningSecret: string;
  /** The edges' tokens by name (ensureDemoEdges, or made by the test). */
  edgeTokens: ReadonlyMap<string, string>;
  /** Simulated epoch ms the boxes start watching at. */
  startAt: number;
  worseEdge: string | null;
  incidents: readonly TEdgeIncident[];
  /** The demo's worse firmware and region (their boxes start, stall and fail worse); default none. */
  flaws?: TFleetFlaws;
  concurrency: number;
}

export interface TSteeredBox {
  device: TFleetDevice;
  client: DeviceClient;
  viewer: TViewer;
  traffic: ReturnType<typeof createEdgeTraffic>;
  delivery: BoxDelivery;
  outbox: TBeaconEvent[];
  /** Edge log lines of this box per edge, in the last step. */
  requestsByEdge: Map<string, number>;
}

/**
 * A fleet played in simulated time through the real device API, honouring steering: each box activates with the
 * factory secret, polls `/v1/config` (every `pollAfterSeconds` of simulated time) and sends its segments and
 * playlists to the edge its `delivery` names, re-tuning a playing session there when that changes; its beacons name
 * that edge too. Edges answer by their profile and the scenario's incidents. `step(to)` plays up to `to` and returns
 * once every beacon and edge log line of it is acknowledged (202); the caller decides when ClickHouse has them.
 * Behaviour follows the seed (viewing, requests, errors); which edge a box is given follows the API.
 */
export async function startSteeredFleet(options: TSteeredFleetOptions) {
  const stats = createFleetStats();
  const abort = new AbortController();
  const root = new Random(`${options.seed}/steered`);
  const reporter = new EdgeReporter(options.api, options.edgeTokens);
  const profileOf = edgeProfileOf(options.worseEdge, options.incidents);
  const events = {
    onRateLimited: () => stats.rateLimited++,
    onRetry: (reason: string) => {
      stats.retries++;
      stats.lastError = reason;
    },
    onRefresh: () => stats.refreshes++,
  };
  const call = limiter(options.concurrency);
  const boxes: TSteeredBox[] = [];
  await Promise.all(
    options.devices.map((device, index) =>
      call(async () => {
        const client = new DeviceClient(options.api, events, abort.signal);
        await client.activate(device.serial, device.mac, options.provisioningSecret);
        const channels = await client.lineup();
        const rng = root.fork(device.serial);
        const delivery = new BoxDelivery(client);
        boxes[index] = {
          device,
          client,
          delivery,
          viewer: createViewer({
            rng,
            ids: rng.fork('ids'),
            profile: inRegion(
              profileFor(device.boxModel, device.firmware, options.flaws?.worse ?? null),
              device.region,
              options.flaws?.worseRegion ?? null,
            ),
            channelIds: channels.map((channel) => channel.id),
            startAt: options.startAt,
            sessionFields: () => ({ cdnEdge: delivery.edge ?? undefined }),
          }),
          traffic: createEdgeTraffic({
            rng: rng.fork('edge'),
            channels: edgeChannels(channels),
            clientIp: `100.64.${(index >> 8) & 255}.${(index & 255) + 1}`,
            profileOf,
            edgeOf: () => delivery.edge,
          }),
          outbox: [],
          requestsByEdge: new Map(),
        };
      }),
    ),
  );
  stats.boxesActive = boxes.length;
  // Each box asks for its config as it boots (its first session needs an edge), then every pollAfterSeconds from
  // its own offset in the interval.
  await Promise.all(
    boxes.map(async (box) => {
      await call(() => box.delivery.poll(options.startAt));
      box.delivery.pollAgainAt(options.startAt + root.fork(`poll/${box.device.serial}`).int(0, 15_000));
    }),
  );

  const push = (box: TSteeredBox, requests: ReturnType<TSteeredBox['traffic']['advance']>) => {
    for (const { edge } of requests) box.requestsByEdge.set(edge, (box.requestsByEdge.get(edge) ?? 0) + 1);
    reporter.push(requests);
  };

  const sendBeacons = (box: TSteeredBox) =>
    call(async () => {
      while (box.outbox.length > 0) {
        const batch = box.outbox.splice(0, BATCH_SIZE);
        stats.sent += batch.length;
        stats.batches++;
        const outcome = await box.client.postBeacons(batch);
        if (outcome.kind === 'acked') countAcked(stats, batch);
        else {
          stats.rejected += batch.length;
          stats.lastError = `${outcome.status} ${outcome.code}: ${outcome.message}`;
        }
      }
    });

  let now = options.startAt;
  return {
    boxes,
    stats,
    edgeLines: reporter.stats,
    get now() {
      return now;
    },
    /** Plays every box up to simulated `to` (polls, viewing, requests), then posts it all and waits for the 202s. */
    async step(to: number) {
      for (const box of boxes) box.requestsByEdge.clear();
      while (now < to) {
        const at = Math.min(to, now + SUB_STEP_MS);
        // The polls due in this sub-step, at its start: what a box learns applies from then on.
        await Promise.all(
          boxes.map(async (box) => {
            if (!box.delivery.due(now)) return;
            const moved = await call(() => box.delivery.poll(now));
            if (moved) push(box, box.traffic.moveTo(moved, now));
          }),
        );
        for (const box of boxes) {
          const due = box.viewer.advanceTo(at);
          box.outbox.push(...due);
          push(box, box.traffic.advance(due, at));
        }
        now = at;
      }
      await Promise.all(boxes.map(sendBeacons));
      await reporter.flush(abort.signal);
      // A post the API refused for a while (429, 5xx) is held by the reporter: once more, then it counts as left.
      await reporter.flush(abort.signal);
    },
    /** Closes every box's session at `now` and sends what is left. */
    async stop() {
      for (const box of boxes) {
        const due = box.viewer.finish(now);
        box.outbox.push(...due);
        push(box, box.traffic.advance(due, now));
      }
      await Promise.all(boxes.map(sendBeacons));
      await reporter.flush(abort.signal);
      abort.abort('stopped');
    },
  };
}

export type TSteeredFleet = Awaited<ReturnType<typeof startSteeredFleet>>;
