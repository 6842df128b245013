import type { TDeviceConfig } from '@keten/contracts';
import { migrateClickHouse } from '@keten/db/clickhouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../alerts/alerts.fixtures';
import { webhookKeyring } from '../alerts/alerts.secrets';
import { verifySignature } from '../alerts/alerts.webhooks';
import { createEdge } from '../delivery/edges.service';
import {
  activateThroughConsole,
  assignedDevice,
  bearer,
  startDeviceApi,
} from '../device-api/device-api.fixtures';
import { createCallerFactory } from '../trpc/trpc';
import { postAnnouncement, steeringMessage } from './steering.announce';
import { assignEdge, type TDeliveryAssignment } from './steering.assign';
import { evaluateSteering, STEERING_ACTOR } from './steering.cycle';
import { edgeRequests, insertRecords } from './steering.fixtures';
import { loadPlan } from './steering.plan';
import { steeringRouter } from './steering.router';

type TApi = Awaited<ReturnType<typeof startDeviceApi>>;

// A clean minute two hours ago: the simulated hour lies wholly in the past (records are stored by their time).
const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 2 * 3_600_000;
const STEP_S = 30;
const EDGES = ['st-ams-1', 'st-rtm-1', 'st-utr-1'];
const baseUrlOf = (name: string) => `https://${name}.cdn.example.net`;

describe('edge steering over real stores (injected clock)', () => {
  let api: TApi;
  let headers: Record<string, string>;
  let bad: string;
  let fleet: string[];
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const ids = new Map<string, string>();
  const caller = (role: 'NOC' | 'ADMIN' | 'SUPPORT' | 'PRODUCT') =>
    createCallerFactory(steeringRouter)(api.contextFor(role));
  const config = async () => {
    const response = await api.app.inject({ method: 'GET', url: '/v1/config', headers });
    expect(response.statusCode).toBe(200);
    return (response.json() as TDeviceConfig).delivery;
  };
  const assignments = async () => {
    const plan = await loadPlan(api.prisma);
    return new Map(fleet.map((id) => [id, assignEdge(id, plan)?.edge]));
  };
  const changed = (before: Map<string, string | undefined>, after: Map<string, string | undefined>) =>
    fleet.filter((id) => before.get(id) !== after.get(id)).length;

  /** Simulated traffic: each edge logs 100 requests per 30 s; `errorsOf` gives an edge's error rate at second t. */
  let errorsOf = (_edge: string, _t: number) => 0.002;
  let clock = 0;
  async function cycle() {
    await insertRecords(
      api.deps.clickhouse.client,
      EDGES.flatMap((edge) =>
        edgeRequests(edge, T0 + clock * 1000, STEP_S * 1000, 100, errorsOf(edge, clock), fleet.slice(0, 50)),
      ),
    );
    clock += STEP_S;
    return evaluateSteering(
      { prisma: api.prisma, clickhouse: api.deps.clickhouse },
      new Date(T0 + clock * 1000),
    );
  }

  beforeAll(async () => {
    api = await startDeviceApi({ fetchPolicy: { testOnlyAllowLoopback: true } });
    receiver = await startReceiver();
    await migrateClickHouse(api.deps.clickhouse.client);
    const device = await assignedDevice(api);
    headers = bearer(await activateThroughConsole(api, device.id));
    for (const name of EDGES) {
      const { edge } = await createEdge(api.prisma, STEERING_ACTOR, { name, location: 'test' });
      ids.set(name, edge.id);
    }
    fleet = (await api.prisma.device.findMany({ where: { status: 'ACTIVE' }, select: { id: true } })).map(
      (row) => row.id,
    );
  }, 120_000);
  afterAll(async () => {
    await receiver?.close();
    await api?.stop();
  });

  it('gives no edge while none has a base URL; then a sticky one per box', async () => {
    expect(await config()).toBeNull();
    const admin = caller('ADMIN');
    for (const name of EDGES)
      await admin.update({ id: ids.get(name)!, baseUrl: baseUrlOf(name), weight: 100, rule: {} });
    const delivery = await config();
    expect(delivery).toEqual({ edge: expect.any(String), baseUrl: baseUrlOf(delivery!.edge) });
    bad = delivery!.edge;
    // Its usual edge is the one that will go bad; no probe boxes stay on it, so this box surely moves.
    await admin.update({
      id: ids.get(bad)!,
      baseUrl: baseUrlOf(bad),
      weight: 100,
      rule: { probePercent: 0 },
    });
    const counts = new Map<string, number>();
    for (const edge of (await assignments()).values()) counts.set(edge!, (counts.get(edge!) ?? 0) + 1);
    // Equal weights: each edge is home to about a third of the fleet.
    for (const name of EDGES) expect(counts.get(name)! / fleet.length).toBeGreaterThan(0.2);
    // /v1/lineup's and /v1/play's signed URLs are on the box's edge (path and signature as before).
    const lineup = (await api.app.inject({ method: 'GET', url: '/v1/lineup', headers })).json() as {
      channels: { id: string; streamUrl: string }[];
    };
    for (const channel of lineup.channels)
      expect(channel.streamUrl).toMatch(new RegExp(`^${baseUrlOf(bad)}/media/live/[^/]+/master\\.m3u8\\?`));
    const play = await api.app.inject({ method: 'POST', url: `/v1/play/${lineup.channels[0]!.id}`, headers });
    expect(play.json().url).toMatch(new RegExp(`^${baseUrlOf(bad)}/media/live/[^/]+/master\\.m3u8\\?kid=`));
    await api.app.inject({ method: 'POST', url: '/v1/play/stop', headers });
  });

  it('steers a bad edge’s boxes away within 2 minutes, at most 10 % of the fleet per cycle, and returns them', async () => {
    const cap = Math.floor(fleet.length * 0.1);
    errorsOf = (edge, t) => (edge === bad && t >= 300 && t < 900 ? 0.5 : 0.002);
    let previous = await assignments();
    let steeredAt: number | undefined;
    let allMovedAt: number | undefined;
    let returnedAt: number | undefined;
    let allBackAt: number | undefined;
    const perCycle: number[] = [];
    while (clock < 1800) {
      const report = await cycle();
      const now = await assignments();
      const moves = changed(previous, now);
      perCycle.push(moves);
      expect(moves).toBeLessThanOrEqual(cap);
      previous = now;
      if (report.events.some((e) => e.kind === 'steer' && e.edge === bad)) steeredAt ??= clock;
      if (report.events.some((e) => e.kind === 'return' && e.edge === bad)) returnedAt ??= clock;
      const view = await caller('NOC').view();
      const row = view.edges.find((edge) => edge.name === bad)!;
      if (steeredAt && !returnedAt && row.movedBoxes === row.homeBoxes) allMovedAt ??= clock;
      if (returnedAt && row.movedBoxes === 0) allBackAt ??= clock;
      // Never onto the bad edge: no box is steered to it, and steered boxes land on healthy ones.
      if (steeredAt && !returnedAt) for (const edge of now.values()) expect(edge).not.toBe(undefined);
    }
    console.info(
      `steering: fleet ${fleet.length}, cap ${cap}/cycle, bad from 300 s to 900 s; steered at ${steeredAt} s, all moved at ${allMovedAt} s, returned at ${returnedAt} s, all back at ${allBackAt} s; moves per cycle ${perCycle.join(' ')}`,
    );
    expect(steeredAt).toBeDefined();
    expect(steeredAt! - 300).toBeLessThanOrEqual(60);
    expect(allMovedAt! - 300).toBeLessThanOrEqual(120);
    // The cap was what paced it: more than one cycle moved boxes.
    expect(perCycle.filter((moves) => moves > 0).length).toBeGreaterThan(2);
    // Recovered at 900 s: the window (180 s) forgets the errors, then the hold (300 s), then the boxes come back.
    expect(returnedAt).toBeGreaterThanOrEqual(900 + 300);
    expect(returnedAt).toBeLessThanOrEqual(900 + 180 + 300 + 60);
    expect(allBackAt! - returnedAt!).toBeLessThanOrEqual(150);
    expect(await config()).toEqual({ edge: bad, baseUrl: baseUrlOf(bad) });
  }, 300_000);

  it('tells a steered box its new base URL through /v1/config, and the audit has steer and return', async () => {
    errorsOf = (edge) => (edge === bad ? 0.5 : 0.002);
    let delivery: TDeliveryAssignment | null = null;
    for (let i = 0; i < 8 && !delivery?.steeredFrom; i++) {
      await cycle();
      delivery = await config();
    }
    expect(delivery).toMatchObject({
      steeredFrom: bad,
      reason: expect.stringMatching(/^error rate \d+\.\d %/),
    });
    expect(delivery!.edge).not.toBe(bad);
    expect(delivery!.baseUrl).toBe(baseUrlOf(delivery!.edge));
    const audit = await api.prisma.auditEntry.findMany({
      where: { entityId: ids.get(bad), action: { startsWith: 'edgeSteering.' } },
      orderBy: { at: 'asc' },
    });
    expect(audit.map((entry) => entry.action)).toEqual([
      'edgeSteering.update',
      'edgeSteering.update',
      'edgeSteering.steer',
      'edgeSteering.return',
      'edgeSteering.steer',
    ]);
    expect(audit[2]!.actorEmail).toBe('system:edge-steering');
    errorsOf = () => 0.002;
  }, 120_000);

  it('announces a steer through the alert webhooks, signed', async () => {
    const webhook = await createCallerFactory((await import('../alerts/alerts.router')).alertsRouter)(
      api.contextFor('ADMIN'),
    ).webhooks.create({ name: 'noc', url: receiver.url, minSeverity: 'WARNING' });
    const body = JSON.stringify(
      steeringMessage({
        kind: 'steer',
        edge: bad,
        message: `${bad} avoided`,
        by: 'x',
        at: 'now',
        figures: null,
      }),
    );
    expect(
      await postAnnouncement({ ...api.deps, webhookKeys: webhookKeyring(api.deps) }, webhook.id, body),
    ).toEqual({ delivered: true });
    const got = receiver.received.at(-1)!;
    expect(verifySignature(webhook.secret, String(got.headers['x-keten-signature']), got.body)).toBe(true);
    expect(JSON.parse(got.body)).toMatchObject({
      text: expect.stringContaining('EDGE STEERED'),
      keten: { steering: { edge: bad } },
    });
  });

  it('an operator returns an edge now (undo), avoids one by hand (never returned automatically), and roles hold', async () => {
    const noc = caller('NOC');
    await noc.returnNow({ id: ids.get(bad)! });
    expect(await config()).toEqual({ edge: bad, baseUrl: baseUrlOf(bad) });
    await expect(noc.returnNow({ id: ids.get(bad)! })).rejects.toThrow(/not avoided/);

    await noc.avoid({ id: ids.get(bad)!, note: 'maintenance window' });
    for (let i = 0; i < 30; i++) await cycle();
    const row = (await noc.view()).edges.find((edge) => edge.name === bad)!;
    expect(row).toMatchObject({ state: 'AVOIDED', pinned: true, movedBoxes: row.homeBoxes });
    expect(row.reason).toMatch(/by hand .*maintenance window/);
    expect(await config()).toMatchObject({ steeredFrom: bad });

    // The last healthy edge cannot be avoided by hand: its boxes would have nowhere to go.
    const others = EDGES.filter((name) => name !== bad);
    await noc.avoid({ id: ids.get(others[0]!)!, note: 'x' });
    await expect(noc.avoid({ id: ids.get(others[1]!)!, note: 'x' })).rejects.toThrow(/last healthy edge/);

    await noc.returnNow({ id: ids.get(bad)! });
    expect(await config()).toEqual({ edge: bad, baseUrl: baseUrlOf(bad) });
    const actions = await api.prisma.auditEntry.findMany({
      where: { action: { in: ['edgeSteering.avoid', 'edgeSteering.returnNow'] } },
      select: { action: true, actorEmail: true },
    });
    expect(actions.length).toBe(4);

    await expect(caller('SUPPORT').view()).rejects.toThrow(/FORBIDDEN|not allowed|role/i);
    await expect(noc.update({ id: ids.get(bad)!, baseUrl: null, weight: 100, rule: {} })).rejects.toThrow(
      /FORBIDDEN|not allowed|role/i,
    );
    await expect(
      caller('ADMIN').update({ id: ids.get(bad)!, baseUrl: 'ftp://x', weight: 100, rule: {} }),
    ).rejects.toThrow(/baseUrl/);
  }, 120_000);
});
