import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { migrateClickHouse } from '@keten/db/clickhouse';
import { Random } from '@keten/db/random';
import { seed } from '@keten/db/seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBeaconIngest } from '../src/beacons/beacon-ingest';
import { registerBeaconRoutes } from '../src/beacons/beacons.routes';
import { createDeliveryIngest, type TDeliveryIngest } from '../src/delivery/delivery-ingest';
import { registerEdgeLogRoutes } from '../src/delivery/edge-logs.routes';
import { PROVISIONING_SECRET, TOKEN_SECRET } from '../src/device-api/device-api.fixtures';
import { authenticateDevice } from '../src/device-api/device-auth';
import { addDeviceRateLimit } from '../src/device-api/rate-limit';
import { assignEdge } from '../src/steering/steering.assign';
import { evaluateSteering } from '../src/steering/steering.cycle';
import { loadPlan } from '../src/steering/steering.plan';
import { steeringRouter } from '../src/steering/steering.router';
import { createCallerFactory } from '../src/trpc/trpc';
import { startTestApi } from '../test/harness';
import { demoBaseUrl, ensureDemoBaseUrls, ensureDemoEdges } from './demo-edges';
import { pickDevices, type TFleetDevice } from './devices';
import { runLiveFleet } from './run-live';
import { startSteeredFleet, type TSteeredFleet } from './steered-fleet';

type TApi = Awaited<ReturnType<typeof startTestApi>>;

// Simulated time starts on a clean minute two hours ago, so every record lies in the past (stored by its time).
const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 2 * 3_600_000;
const CYCLE_S = 30;
// The demo's worse edge among them: worse (1.5 % errors, slow misses) but within the default rule, never steered.
const EDGES = ['edge-ams-1', 'edge-rtm-1', 'edge-ein-1'];
const WORSE = 'edge-ein-1';
// A small operator's seed, and every box of it that can activate is simulated: the steering cycle counts and moves
// the whole active fleet, so the boxes it leaves as probes are boxes that really send requests.
const SUBSCRIBERS = 80;
// The incident: the bad edge answers half its requests with 503/504 from BAD_FROM to BAD_TO (simulated seconds).
const BAD_FROM = 240;
const BAD_TO = 720;
const END = 1_440;

describe('a simulated bad edge: its boxes are steered away and come back (real API, stores and steering cycle)', () => {
  let api: TApi;
  let beacons: Awaited<ReturnType<typeof createBeaconIngest>>;
  let delivery: TDeliveryIngest;
  let fleet: TSteeredFleet;
  let bad = '';
  let url = '';
  let tokens: ReadonlyMap<string, string>;
  let devices: TFleetDevice[];
  const dirs: string[] = [];
  const ids = new Map<string, string>();

  const rows = async <T>(query: string, params: Record<string, unknown> = {}) =>
    (
      await api.deps.clickhouse.client.query({ query, query_params: params, format: 'JSONEachRow' })
    ).json<T>();

  beforeAll(async () => {
    for (const prefix of ['beacons', 'delivery', 'edges', 'media'])
      dirs.push(await mkdtemp(join(tmpdir(), `keten-bad-edge-${prefix}-`)));
    api = await startTestApi();
    await seed(api.prisma, { subscribers: SUBSCRIBERS, epgDaysEachSide: 1, mediaRoot: dirs[3]! });
    api.deps.deviceApi = {
      tokenSecret: TOKEN_SECRET,
      provisioningSecret: PROVISIONING_SECRET,
      rateLimitPerMinute: 1_000_000,
    };
    await migrateClickHouse(api.deps.clickhouse.client);
    // The real beacon and edge-log routes over the real spools, flushed by the test after each simulated step
    // (instead of their 1 s and 5 s timers): a cycle then reads exactly what the boxes sent before it.
    beacons = await createBeaconIngest({
      clickhouse: api.deps.clickhouse,
      redis: api.deps.redis,
      spoolDir: dirs[0]!,
      maxQueuedEvents: 200_000,
      batchSize: 5000,
      flushIntervalMs: 3_600_000,
    });
    delivery = await createDeliveryIngest(api.deps.clickhouse, dirs[1]!);
    registerBeaconRoutes(api.app, {
      ingest: beacons,
      authenticate: authenticateDevice,
      rateLimit: (scope) => addDeviceRateLimit(scope, api.deps, 'beacon'),
    });
    registerEdgeLogRoutes(api.app, api.deps, delivery.ingest);
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    const address = api.app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    // The demo's own path: edges created as the system with tokens on disk, then each given its base URL.
    tokens = await ensureDemoEdges(api.prisma, join(dirs[2]!, 'edges.json'), EDGES, () => undefined);
    expect(await ensureDemoBaseUrls(api.prisma, EDGES)).toBe(EDGES.length);
    for (const edge of await api.prisma.cdnEdge.findMany({ select: { id: true, name: true } }))
      ids.set(edge.name, edge.id);
    devices = await pickDevices(api.prisma, 10_000, new Random(18).fork('pick'), null);
    // The bad edge: of the two ordinary ones, the usual edge of more boxes.
    const plan = await loadPlan(api.prisma);
    const homes = new Map<string, number>();
    for (const device of devices) {
      const edge = assignEdge(device.id, plan)?.edge ?? WORSE;
      if (edge !== WORSE) homes.set(edge, (homes.get(edge) ?? 0) + 1);
    }
    bad = [...homes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
    fleet = await startSteeredFleet({
      api: url,
      devices,
      seed: 18,
      provisioningSecret: PROVISIONING_SECRET,
      edgeTokens: tokens,
      startAt: T0,
      worseEdge: WORSE,
      incidents: [
        { edge: bad, from: T0 + BAD_FROM * 1000, to: T0 + BAD_TO * 1000, errorRate: 0.5, extraTtfbMs: 0 },
      ],
      concurrency: 16,
    });
  }, 180_000);

  afterAll(async () => {
    await api?.app.close();
    await beacons?.close();
    await delivery?.close();
    await api?.stop();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('steers it away within 2 minutes of going bad, 10 % of the fleet a cycle at most, and returns it after the hold', async () => {
    const noc = createCallerFactory(steeringRouter)(api.contextFor('NOC'));
    const fleetSize = await api.prisma.device.count({ where: { status: 'ACTIVE' } });
    const cap = Math.floor(fleetSize * 0.1);
    const usual = new Map(fleet.boxes.map((box) => [box.device.id, box.delivery.edge]));
    expect(fleet.boxes.every((box) => box.delivery.edge !== null)).toBe(true);
    const onBad = () => fleet.boxes.filter((box) => box.delivery.edge === bad);
    const homeOfBad = fleet.boxes.filter((box) => usual.get(box.device.id) === bad);
    expect(homeOfBad.length).toBeGreaterThanOrEqual(20);
    // Nearly the whole active fleet plays (devices of suspended subscribers cannot activate).
    expect(fleet.boxes.length).toBeGreaterThan(0.8 * fleetSize);

    let steeredAt: number | undefined;
    let planMovedAt: number | undefined;
    let trafficMovedAt: number | undefined;
    let returnedAt: number | undefined;
    let allBackAt: number | undefined;
    let probes = homeOfBad.length;
    const movedPerCycle: number[] = [];
    const badRequests: number[] = [];
    const otherEvents: string[] = [];
    const worseVerdicts: string[] = [];
    const steeredConfigs: { steeredFrom: string | null; edge: string | null }[] = [];
    let previousMoved = 0;
    for (let t = CYCLE_S; t <= END; t += CYCLE_S) {
      await fleet.step(T0 + t * 1000);
      // What the boxes were acknowledged for is in ClickHouse before the cycle reads it.
      await beacons.flush();
      await delivery.flush();
      const report = await evaluateSteering(
        { prisma: api.prisma, clickhouse: api.deps.clickhouse },
        new Date(T0 + t * 1000),
      );
      for (const event of report.events)
        if (event.edge !== bad) otherEvents.push(`${t} s ${event.kind} ${event.message}`);
      worseVerdicts.push(report.decisions.find((decision) => decision.name === WORSE)?.verdict ?? 'none');
      if (report.events.some((e) => e.kind === 'steer' && e.edge === bad)) steeredAt ??= t;
      if (report.events.some((e) => e.kind === 'return' && e.edge === bad)) returnedAt ??= t;
      const view = await noc.view();
      const row = view.edges.find((edge) => edge.name === bad)!;
      const moved = view.edges.reduce((sum, edge) => sum + edge.movedBoxes, 0);
      movedPerCycle.push(Math.abs(moved - previousMoved));
      previousMoved = moved;
      const goal = Math.floor(row.homeBoxes * 0.95);
      if (steeredAt && !returnedAt && row.movedBoxes >= goal) planMovedAt ??= t;
      // The boxes' own view: the requests of this step each box sent to the bad edge.
      const sentToBad = fleet.boxes.reduce((sum, box) => sum + (box.requestsByEdge.get(bad) ?? 0), 0);
      badRequests.push(sentToBad);
      if (steeredAt && !returnedAt) {
        const still = onBad().length;
        probes = Math.min(probes, still);
        // Every box the plan moved reports elsewhere: only the probe boxes' requests still reach the bad edge.
        if (planMovedAt && still === probes && trafficMovedAt === undefined) trafficMovedAt = t;
        for (const box of homeOfBad)
          steeredConfigs.push({ steeredFrom: box.delivery.steeredFrom, edge: box.delivery.edge });
      }
      if (returnedAt && allBackAt === undefined) {
        if (fleet.boxes.every((box) => box.delivery.edge === usual.get(box.device.id))) allBackAt = t;
      }
    }
    await fleet.stop();
    const shareOfFleet = (count: number) => `${((100 * count) / fleetSize).toFixed(1)} %`;
    console.info(
      `bad edge ${bad} (home of ${homeOfBad.length} of ${fleet.boxes.length} simulated boxes; active fleet ${fleetSize}, cap ${cap}/cycle), ` +
        `50 % errors from ${BAD_FROM} s to ${BAD_TO} s: avoided at +${(steeredAt ?? Number.NaN) - BAD_FROM} s, ` +
        `plan moved all but the probe at +${(planMovedAt ?? Number.NaN) - BAD_FROM} s, ` +
        `boxes' traffic moved (config polls) by +${(trafficMovedAt ?? Number.NaN) - BAD_FROM} s, ${probes} probe box(es) left; ` +
        `returned at ${returnedAt} s (+${(returnedAt ?? Number.NaN) - BAD_TO} s after recovery), all back at ${allBackAt} s; ` +
        `moved per cycle ${movedPerCycle.join(' ')} (max ${shareOfFleet(Math.max(...movedPerCycle))} of the fleet); ` +
        `requests to ${bad} per 30 s ${badRequests.join(' ')}; beacons acked ${fleet.stats.acked}/${fleet.stats.sent}, ` +
        `edge lines stored ${fleet.edgeLines.accepted}, dropped ${fleet.edgeLines.dropped}`,
    );
    // Only the bad edge was steered: the worse one was judged (enough samples) and found within the rule.
    expect(otherEvents).toEqual([]);
    expect(worseVerdicts.filter((verdict) => verdict === 'ok').length).toBeGreaterThan(
      worseVerdicts.length / 2,
    );
    expect(worseVerdicts).not.toContain('breach');
    expect(fleet.stats.rejected).toBe(0);
    expect(fleet.edgeLines.dropped + fleet.edgeLines.refused).toBe(0);
    // Avoided at the first cycle after it went bad; every box but the probe moved within 2 minutes of going bad,
    // and their traffic followed at their next /v1/config poll (15 s).
    expect(steeredAt! - BAD_FROM).toBeLessThanOrEqual(CYCLE_S);
    expect(planMovedAt! - BAD_FROM).toBeLessThanOrEqual(120);
    expect(trafficMovedAt! - BAD_FROM).toBeLessThanOrEqual(120 + CYCLE_S);
    for (const moved of movedPerCycle) expect(moved).toBeLessThanOrEqual(cap);
    expect(probes).toBeLessThan(homeOfBad.length / 2);
    // A moved box's config says from where and why.
    const steered = steeredConfigs.filter((config) => config.edge !== bad);
    expect(steered.length).toBeGreaterThan(0);
    for (const config of steered) expect(config.steeredFrom).toBe(bad);
    // Recovered at BAD_TO: the window forgets the errors (180 s), the hold passes (300 s), then the boxes come back.
    expect(returnedAt).toBeGreaterThanOrEqual(BAD_TO + 300);
    expect(returnedAt).toBeLessThanOrEqual(BAD_TO + 180 + 300 + 2 * CYCLE_S);
    expect(allBackAt! - returnedAt!).toBeLessThanOrEqual(150);

    // The delivery records per edge (what /qoe/delivery reads): the bad edge served its boxes before, almost
    // nothing while avoided, and them again after the return; the other edges took its traffic meanwhile.
    const perEdge = await rows<{ edge: string; span: string; n: string }>(
      `SELECT edge_id AS edge,
              multiIf(event_time < fromUnixTimestamp64Milli({before:Int64}), 'before',
                      event_time < fromUnixTimestamp64Milli({returned:Int64}), 'avoided', 'after') AS span,
              count() AS n
       FROM delivery_events_v2 WHERE source = 'edge' AND event_time >= fromUnixTimestamp64Milli({from:Int64})
       GROUP BY edge, span`,
      {
        from: T0 + 60_000,
        before: T0 + BAD_FROM * 1000,
        returned: T0 + (returnedAt! + 150) * 1000,
      },
    );
    const count = (edge: string, span: string) =>
      Number(perEdge.find((row) => row.edge === edge && row.span === span)?.n ?? 0);
    const perSecond = (edge: string, span: string) => {
      const seconds = {
        before: BAD_FROM - 60,
        avoided: returnedAt! + 150 - BAD_FROM,
        after: END - returnedAt! - 150,
      }[span]!;
      return count(edge, span) / seconds;
    };
    expect(perSecond(bad, 'avoided')).toBeLessThan(0.5 * perSecond(bad, 'before'));
    expect(perSecond(bad, 'after')).toBeGreaterThan(0.5 * perSecond(bad, 'before'));

    // The audit log: one steer and one return of the bad edge by the system, with the reason in words.
    const audit = await api.prisma.auditEntry.findMany({
      where: { entityId: ids.get(bad), action: { in: ['edgeSteering.steer', 'edgeSteering.return'] } },
      orderBy: { at: 'asc' },
    });
    expect(audit.map((entry) => [entry.action, entry.actorEmail])).toEqual([
      ['edgeSteering.steer', 'system:edge-steering'],
      ['edgeSteering.return', 'system:edge-steering'],
    ]);
    expect(JSON.stringify(audit[0]!.after)).toMatch(/error rate \d+\.\d %/);
    // Back home: every box's /v1/config names its usual edge with the demo base URL, steered from nowhere.
    for (const box of fleet.boxes) {
      expect(box.delivery.edge).toBe(usual.get(box.device.id));
      expect(box.delivery.steeredFrom).toBeNull();
    }
    expect(demoBaseUrl(bad)).toMatch(/^https:\/\/[a-z]+-\d\.cdn\.keten\.example$/);
  }, 240_000);

  it('the always-on fleet (wall clock) sends each box’s requests and beacons through the edge /v1/config names', async () => {
    const started = Date.now();
    const stop = new AbortController();
    const live = devices.slice(0, 8);
    const run = runLiveFleet({
      api: url,
      devices: live,
      seed: 18,
      flaws: { worse: null, worseRegion: null },
      provisioningSecret: PROVISIONING_SECRET,
      concurrency: 4,
      flushMs: 1_000,
      progressMs: 60_000,
      signal: stop.signal,
      stopDeadlineMs: 5_000,
      watchingAtStart: 1,
      tokenCallIntervalMs: 20,
      edges: { tokens, worseEdge: WORSE },
      log: () => undefined,
    });
    const served = () =>
      rows<{ device: string; edge: string; n: string }>(
        `SELECT device_id AS device, edge_id AS edge, count() AS n FROM delivery_events_v2
         WHERE source = 'edge' AND event_time >= fromUnixTimestamp64Milli({from:Int64}) GROUP BY device, edge`,
        { from: started },
      );
    // Until three boxes have played a while (sessions start within the first minute), bounded.
    for (const until = Date.now() + 90_000; Date.now() < until; await sleep(500)) {
      await delivery.flush();
      if (new Set((await served()).filter((row) => Number(row.n) >= 10).map((row) => row.device)).size >= 3)
        break;
    }
    stop.abort();
    const stats = await run;
    await beacons.flush();
    await delivery.flush();
    expect(stats.rejected).toBe(0);
    expect(stats.edgeLines?.dropped).toBe(0);
    // No edge is avoided now: every box is on its usual edge, and every line and beacon names it.
    const plan = await loadPlan(api.prisma);
    const expected = new Map(live.map((device) => [device.id, assignEdge(device.id, plan)?.edge]));
    const lines = await served();
    expect(new Set(lines.map((row) => row.device)).size).toBeGreaterThanOrEqual(3);
    for (const row of lines) expect(row.edge).toBe(expected.get(row.device));
    const sessions = await rows<{ device: string; edge: string }>(
      `SELECT DISTINCT device_id AS device, cdn_edge AS edge FROM qoe_events_v1
       WHERE event_time >= fromUnixTimestamp64Milli({from:Int64})`,
      { from: started },
    );
    expect(sessions.length).toBeGreaterThanOrEqual(3);
    for (const row of sessions) expect(row.edge).toBe(expected.get(row.device));
  }, 150_000);
});
