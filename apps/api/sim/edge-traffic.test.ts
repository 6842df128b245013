import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { migrateClickHouse, readDeliveryByEdge } from '@keten/db/clickhouse';
import { Random } from '@keten/db/random';
import { seed } from '@keten/db/seed';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashEdgeToken } from '../src/delivery/edges.service';
import { buildServer } from '../src/server';
import { startTestApi } from '../test/harness';
import { ensureDemoEdges } from './demo-edges';
import { pickDevices } from './devices';
import { createEdgeTraffic, edgeProfileOf, SEGMENT_MS, type TEdgeChannel } from './edge-traffic';
import { DEFAULT_WORSE_FIRMWARE, DEFAULT_WORSE_REGION, EDGES, homeEdge, profileFor } from './profiles';
import { runLiveFleet } from './run-live';
import { createViewer } from './viewer';

const PROVISIONING_SECRET = 'provisioning-secret-for-the-edge-traffic-test';

describe('edge traffic derived from the beacons (pure)', () => {
  it('a segment and a playlist every 2 s of playing, CMCD session = beacon session, the worse edge worse', () => {
    const channel: TEdgeChannel = {
      id: 'ch-1',
      base: '/media/live/npo-1',
      query: 'kid=k&exp=1&dev=box1&sig=s',
      rungs: [
        { folder: 'v2', kbps: 800 },
        { folder: 'v1', kbps: 2_500 },
        { folder: 'v0', kbps: 5_000 },
      ],
    };
    const hour = 3_600_000;
    const startAt = Date.UTC(2026, 11, 1, 18);
    const byEdge = new Map<string, { n: number; miss: number; errors: number; ttfb: number[] }>();
    const sessions = new Set<string>();
    const sids = new Set<string>();
    let playingMs = 0;
    let segments = 0;
    const wrong: string[] = [];
    for (const [index, edge] of ['edge-ams-1', 'edge-ein-1'].entries()) {
      for (let box = 0; box < 8; box++) {
        const rng = new Random(`edge-test/${edge}/${box}`);
        const viewer = createViewer({
          rng,
          profile: profileFor('kaon-kstb6077', '1.9.0', null),
          channelIds: ['ch-1'],
          startAt,
          sessionFields: () => ({ cdnEdge: edge }),
        });
        const traffic = createEdgeTraffic({
          rng: rng.fork('edge'),
          channels: new Map([['ch-1', channel]]),
          clientIp: `100.64.0.${index * 10 + box + 1}`,
          profileOf: edgeProfileOf('edge-ein-1'),
        });
        for (let t = startAt; t <= startAt + 4 * hour; t += 5_000) {
          const events = t === startAt + 4 * hour ? viewer.finish(t) : viewer.advanceTo(t);
          for (const event of events) {
            sessions.add(event.sessionId);
            if (event.type === 'heartbeat' || event.type === 'end') playingMs += event.playingMs;
          }
          for (const { edge: servedBy, line } of traffic.advance(events, t)) {
            if (servedBy !== edge || Number(line.time) > t + 100) wrong.push(`${servedBy} ${line.time}`);
            const sid = /sid%3D%22([^%]+)%22/.exec(line.url)?.[1];
            if (sid) sids.add(sid);
            if (/\.ts\?/.test(line.url)) {
              segments++;
              const stats = byEdge.get(edge) ?? { n: 0, miss: 0, errors: 0, ttfb: [] };
              stats.n++;
              if (line.cacheStatus === 'MISS') stats.miss++;
              if (line.status >= 500) stats.errors++;
              stats.ttfb.push(line.ttfbMs);
              byEdge.set(edge, stats);
              if (
                !/^\/media\/live\/npo-1\/v[012]\/index\d+\.ts\?kid=k&exp=1&dev=box1&sig=s&CMCD=/.test(
                  line.url,
                )
              )
                wrong.push(line.url);
            }
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    // Every CMCD session is a beacon session; one segment per 2 s of playing (give or take the stalls and starts).
    for (const sid of sids) expect(sessions.has(sid)).toBe(true);
    expect(segments / (playingMs / SEGMENT_MS)).toBeGreaterThan(0.9);
    expect(segments / (playingMs / SEGMENT_MS)).toBeLessThan(1.15);
    const p95 = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)] ?? 0;
    const good = byEdge.get('edge-ams-1');
    const worse = byEdge.get('edge-ein-1');
    if (!good || !worse) throw new Error('both edges served segments');
    expect(worse.miss / worse.n).toBeGreaterThan(3 * (good.miss / good.n));
    expect(worse.errors / worse.n).toBeGreaterThan(3 * (good.errors / good.n));
    expect(p95(worse.ttfb)).toBeGreaterThan(3 * p95(good.ttfb));
  });
});

describe('the demo fleet reports its CDN edges through POST /v1/edge-logs', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let server: FastifyInstance;
  let url: string;
  const dirs: string[] = [];

  const rows = async (query: string) => {
    const result = await api.deps.clickhouse.client.query({ query, format: 'JSONEachRow' });
    return result.json<Record<string, string | number>>();
  };

  beforeAll(async () => {
    api = await startTestApi();
    await migrateClickHouse(api.deps.clickhouse.client);
    const mediaRoot = await mkdtemp(join(tmpdir(), 'keten-edge-fleet-seed-'));
    const beaconSpoolDir = await mkdtemp(join(tmpdir(), 'keten-edge-fleet-spool-'));
    const deliverySpoolDir = await mkdtemp(join(tmpdir(), 'keten-edge-fleet-delivery-'));
    dirs.push(mediaRoot, beaconSpoolDir, deliverySpoolDir);
    await seed(api.prisma, { subscribers: 300, epgDaysEachSide: 1, mediaRoot });
    server = await buildServer({
      ...api.deps,
      deviceApi: {
        tokenSecret: 'device-token-secret-for-the-edge-traffic-test',
        provisioningSecret: PROVISIONING_SECRET,
        rateLimitPerMinute: 10_000,
      },
      beaconSpoolDir,
      deliverySpoolDir,
    });
    await server.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await api?.stop();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('creates its edges as the system, keeps their tokens, and reuses them on restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keten-edge-fleet-tokens-'));
    dirs.push(dir);
    const path = join(dir, 'demo-fleet', 'edges.json');
    const log: string[] = [];
    const first = await ensureDemoEdges(api.prisma, path, EDGES, (line) => log.push(line));
    expect([...first.keys()].sort()).toEqual([...EDGES].sort());
    const stored = await api.prisma.cdnEdge.findMany({ where: { name: { in: [...EDGES] } } });
    expect(stored).toHaveLength(EDGES.length);
    for (const edge of stored) {
      // Only the hash is in PostgreSQL.
      expect(edge.tokenHash).toBe(hashEdgeToken(first.get(edge.name) ?? ''));
      expect(JSON.stringify(edge)).not.toContain(first.get(edge.name));
    }
    const audits = await api.prisma.auditEntry.findMany({ where: { action: 'cdnEdge.create' } });
    expect(audits.filter((entry) => entry.actorEmail === 'system:demo-fleet')).toHaveLength(EDGES.length);

    // Restarted with the file: the same tokens, nothing new in the audit log.
    const again = await ensureDemoEdges(api.prisma, path, EDGES, (line) => log.push(line));
    expect(again).toEqual(first);
    expect(await api.prisma.auditEntry.count({ where: { entityType: 'CdnEdge' } })).toBe(EDGES.length);

    // Another data folder (the file lost): the existing edges get new tokens by rotation; the old ones stop.
    const elsewhere = await ensureDemoEdges(api.prisma, join(dir, 'other.json'), EDGES, () => undefined);
    expect(elsewhere.get('edge-ams-1')).not.toBe(first.get('edge-ams-1'));
    expect(await api.prisma.auditEntry.count({ where: { action: 'cdnEdge.rotateToken' } })).toBe(
      EDGES.length,
    );
    const stale = await fetch(`${url}/v1/edge-logs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${first.get('edge-ams-1')}`, 'content-type': 'application/x-ndjson' },
      body: '{}',
    });
    expect(stale.status).toBe(401);
    // Back to the first file: its tokens are refused now, so they are rotated again and the file rewritten.
    const back = await ensureDemoEdges(api.prisma, path, EDGES, () => undefined);
    expect(back.get('edge-ams-1')).not.toBe(first.get('edge-ams-1'));
  });

  it('its edge logs land in ClickHouse, join the beacon sessions, and the worse edge is worse', async () => {
    const devices = await pickDevices(api.prisma, 16, new Random(42).fork('pick'), DEFAULT_WORSE_FIRMWARE);
    // The worse edge: the home of most of these boxes, so a short run gives it enough requests.
    const homes = new Map<string, number>();
    for (const device of devices)
      homes.set(homeEdge(device.region), (homes.get(homeEdge(device.region)) ?? 0) + 1);
    const worseEdge = [...homes].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'edge-ams-1';
    const dir = await mkdtemp(join(tmpdir(), 'keten-edge-fleet-run-'));
    dirs.push(dir);
    const tokens = await ensureDemoEdges(api.prisma, join(dir, 'edges.json'), EDGES, () => undefined);

    const startedAt = Date.now();
    const stop = new AbortController();
    const lines: string[] = [];
    const run = runLiveFleet({
      api: url,
      devices,
      seed: 42,
      flaws: { worse: DEFAULT_WORSE_FIRMWARE, worseRegion: DEFAULT_WORSE_REGION },
      provisioningSecret: PROVISIONING_SECRET,
      concurrency: 4,
      flushMs: 1_000,
      progressMs: 1_000,
      signal: stop.signal,
      stopDeadlineMs: 5_000,
      watchingAtStart: 1,
      tokenCallIntervalMs: 20,
      edges: { tokens, worseEdge },
      log: (line) => lines.push(line),
    });
    const segmentsBy = async () =>
      rows(
        `SELECT edge_id = '${worseEdge}' AS worse, count() AS n FROM delivery_events_v2
         WHERE source = 'edge' AND object = 'segment' GROUP BY worse`,
      );
    // Until both the worse edge and the others have served a fair number of segments (bounded).
    for (const until = Date.now() + 120_000; Date.now() < until; await sleep(500)) {
      const counts = await segmentsBy();
      if (counts.length === 2 && counts.every((row) => Number(row.n) >= 100)) break;
    }
    stop.abort();
    const stats = await run;
    expect(stats.rejected).toBe(0);
    expect(stats.edgeLines?.accepted).toBeGreaterThan(0);
    expect(stats.edgeLines?.refused).toBe(0);
    expect(stats.edgeLines?.dropped).toBe(0);
    expect(lines.at(-1)).toMatch(/edge log lines stored \d+, dropped 0$/);
    const counts = await segmentsBy();
    expect(counts).toHaveLength(2);
    for (const row of counts) expect(Number(row.n)).toBeGreaterThanOrEqual(100);

    // Everything acknowledged reaches ClickHouse: the beacons, and every accepted edge line.
    for (
      const until = Date.now() + 20_000;
      Date.now() < until &&
      (Number((await rows('SELECT count() AS n FROM qoe_events_v1 FINAL'))[0]?.n) < stats.acked ||
        Number((await rows(`SELECT count() AS n FROM delivery_events_v2 WHERE source = 'edge'`))[0]?.n) <
          (stats.edgeLines?.accepted ?? 0));
    )
      await sleep(250);

    // Every request with a CMCD session joins a session of beacons, served by the edge those beacons name.
    const [join_] = await rows(
      `SELECT count() AS n, countIf(q.session_id = '') AS unjoined, countIf(q.cdn_edge != d.edge_id) AS otherEdge,
              uniqExact(d.session_id) AS sessions
       FROM (SELECT session_id, edge_id FROM delivery_events_v2 WHERE source = 'edge' AND session_id != '') AS d
       LEFT JOIN (SELECT session_id, any(cdn_edge) AS cdn_edge FROM qoe_events_v1 FINAL GROUP BY session_id) AS q
       ON d.session_id = q.session_id
       SETTINGS join_use_nulls = 0`,
    );
    expect(Number(join_?.n)).toBeGreaterThan(200);
    expect(Number(join_?.sessions)).toBeGreaterThan(8);
    expect(Number(join_?.unjoined)).toBe(0);
    expect(Number(join_?.otherEdge)).toBe(0);

    // The worse edge: more misses, slower first bytes (segments, where most bytes go).
    const perEdge = await rows(
      `SELECT edge_id = '${worseEdge}' AS worse,
              countIf(cache_status = 'MISS') / count() AS missRatio,
              quantile(0.95)(ttfb_ms) AS ttfbP95
       FROM delivery_events_v2 WHERE source = 'edge' AND object = 'segment' GROUP BY worse`,
    );
    const of = (worse: number) => perEdge.find((row) => Number(row.worse) === worse);
    expect(Number(of(1)?.missRatio)).toBeGreaterThan(2 * Number(of(0)?.missRatio));
    expect(Number(of(1)?.ttfbP95)).toBeGreaterThan(2 * Number(of(0)?.ttfbP95));

    // What /qoe/delivery shows: every demo edge that served a session has its QoE next to it; the worse edge has the
    // lowest hit ratio of the edges with a fair number of requests.
    const view = await readDeliveryByEdge(api.deps.clickhouse.client, {
      from: startedAt - 60_000,
      to: Date.now() + 60_000,
      group: 'edge',
      edge: '',
    });
    const served = view.filter((row) => row.sessions > 0);
    expect(served.length).toBeGreaterThanOrEqual(2);
    for (const row of served) {
      expect((EDGES as readonly string[]).includes(row.key)).toBe(true);
      expect(row.qoe.sessions).toBe(row.sessions);
      expect(row.qoe.startTimeP50Ms).toBeGreaterThan(0);
    }
    const worseRow = view.find((row) => row.key === worseEdge);
    for (const row of view.filter((other) => other.key !== worseEdge && other.requests >= 100))
      expect(worseRow?.hitRatio ?? 1).toBeLessThan(row.hitRatio ?? 0);
  }, 200_000);
});
