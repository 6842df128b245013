import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TBeaconEvent } from '@keten/contracts';
import { migrateClickHouse, qoeMinuteSummary } from '@keten/db/clickhouse';
import { Random } from '@keten/db/random';
import { seed } from '@keten/db/seed';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flakyClickHouse } from '../src/beacons/beacons.fixtures';
import { buildServer } from '../src/server';
import { startTestApi } from '../test/harness';
import { DeviceClient } from './device-client';
import { pickDevices } from './devices';
import { DEFAULT_WORSE_FIRMWARE, profileFor } from './profiles';
import { runFleet } from './run-fleet';
import { createViewer } from './viewer';

const PROVISIONING_SECRET = 'provisioning-secret-for-the-simulator-test';

async function storedCount(api: Awaited<ReturnType<typeof startTestApi>>, sessionId?: string) {
  const result = await api.deps.clickhouse.client.query({
    query: `SELECT count() AS n FROM qoe_events_v1 FINAL ${sessionId ? 'WHERE session_id = {session:String}' : ''}`,
    query_params: { session: sessionId ?? '' },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ n: string | number }>();
  return Number(row?.n ?? 0);
}

describe('fleet simulator through the real device API', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let server: FastifyInstance;
  let url: string;
  const dirs: string[] = [];

  beforeAll(async () => {
    api = await startTestApi();
    await migrateClickHouse(api.deps.clickhouse.client);
    const mediaRoot = await mkdtemp(join(tmpdir(), 'keten-sim-seed-'));
    const beaconSpoolDir = await mkdtemp(join(tmpdir(), 'keten-sim-spool-'));
    dirs.push(mediaRoot, beaconSpoolDir);
    await seed(api.prisma, { subscribers: 300, epgDaysEachSide: 1, mediaRoot });
    // The harness's own server has no beacon route; this one has the secrets and a spool, as main.ts builds it.
    server = await buildServer({
      ...api.deps,
      deviceApi: {
        tokenSecret: 'device-token-secret-for-the-simulator-test',
        provisioningSecret: PROVISIONING_SECRET,
        rateLimitPerMinute: 10_000,
      },
      beaconSpoolDir,
    });
    await server.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await server?.close();
    await api?.stop();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('activates the boxes, stores exactly the acknowledged events, and the worse firmware stalls more', async () => {
    const devices = await pickDevices(api.prisma, 6, new Random(42).fork('pick'), DEFAULT_WORSE_FIRMWARE);
    expect(devices).toHaveLength(6);
    expect(devices.filter((d) => `${d.boxModel}@${d.firmware}` === DEFAULT_WORSE_FIRMWARE)).toHaveLength(1);
    expect(new Set(devices.map((d) => d.boxModel)).size).toBe(6);

    const lines: string[] = [];
    const startedAt = Date.now();
    // Four simulated hours in 4 s: long enough that one box per firmware shows its stall rate.
    const { stats } = await runFleet({
      api: url,
      devices,
      minutes: 240,
      speed: 3600,
      rate: 0,
      seed: 42,
      provisioningSecret: PROVISIONING_SECRET,
      worse: DEFAULT_WORSE_FIRMWARE,
      concurrency: 8,
      flushMs: 500,
      progressMs: 1000,
      log: (line) => lines.push(line),
    });
    expect(stats.boxesActive).toBe(6);
    expect(stats.activationFailures).toBe(0);
    expect(stats.rejected).toBe(0);
    expect(stats.sent).toBeGreaterThan(300);
    expect(stats.acked).toBe(stats.sent);
    expect(stats.ackedByType.attempt).toBeGreaterThan(6);
    expect(stats.ackedByType.stall_end).toBe(stats.ackedByType.stall_start);
    expect(lines.some((line) => /boxes 6 · sent \d+ · acked \d+ · 429s 0/.test(line))).toBe(true);
    expect(lines.at(-3)).toContain(`events sent ${stats.sent}, acknowledged ${stats.acked}`);

    // The ingest seals a batch every second: wait until it reaches ClickHouse, then compare exactly.
    for (let waited = 0; waited < 15_000 && (await storedCount(api)) < stats.acked; waited += 250)
      await sleep(250);
    expect(await storedCount(api)).toBe(stats.acked);

    const minutes = await qoeMinuteSummary(api.deps.clickhouse.client, {
      from: new Date(startedAt - 245 * 60_000),
      to: new Date(Date.now() + 60_000),
      groupBy: ['boxModel', 'firmware'],
    });
    const ratios = new Map<string, { stallMs: number; playingMs: number }>();
    for (const minute of minutes) {
      const key = `${minute.boxModel}@${minute.firmware}`;
      const sum = ratios.get(key) ?? { stallMs: 0, playingMs: 0 };
      ratios.set(key, { stallMs: sum.stallMs + minute.stallMs, playingMs: sum.playingMs + minute.playingMs });
    }
    const ratio = (key: string) => {
      const sum = ratios.get(key);
      return sum && sum.playingMs > 0 ? sum.stallMs / sum.playingMs : 0;
    };
    expect(ratios.size).toBe(6);
    const worse = ratio(DEFAULT_WORSE_FIRMWARE);
    for (const key of ratios.keys()) {
      if (key !== DEFAULT_WORSE_FIRMWARE) expect(worse, key).toBeGreaterThan(ratio(key));
    }
  }, 60_000);

  it('retries one batch with the same events through a 503, a 429 (Retry-After) and an expired token', async () => {
    // A flaky front: each beacon POST fails once per way, then everything is forwarded to the real API.
    const failures = [
      { status: 503, headers: {} },
      { status: 429, headers: { 'retry-after': '1' } },
      {
        status: 401,
        headers: { 'www-authenticate': 'Bearer error="invalid_token", error_description="token expired"' },
      },
    ];
    const bodies: string[] = [];
    const front = Fastify();
    front.all('/*', async (request, reply) => {
      const body = request.body === undefined ? undefined : JSON.stringify(request.body);
      if (request.url === '/v1/beacons') {
        bodies.push(body ?? '');
        const failure = failures.shift();
        if (failure) return reply.status(failure.status).headers(failure.headers).send({ code: 'FLAKY' });
      }
      const response = await fetch(`${url}${request.url}`, {
        method: request.method,
        headers: {
          ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body,
      });
      return reply.status(response.status).send(await response.json());
    });
    await front.listen({ host: '127.0.0.1', port: 0 });
    try {
      const counts = { rateLimited: 0, retries: 0, refreshes: 0 };
      const client = new DeviceClient(
        `http://127.0.0.1:${(front.server.address() as AddressInfo).port}`,
        {
          onRateLimited: () => counts.rateLimited++,
          onRetry: () => counts.retries++,
          onRefresh: () => counts.refreshes++,
        },
        new AbortController().signal,
      );
      const [device] = await pickDevices(api.prisma, 1, new Random(7), null);
      if (!device) throw new Error('no device');
      const pair = await client.activate(device.serial, device.mac, PROVISIONING_SECRET);
      const channels = await client.lineup();
      const start = Date.now() - 10 * 60_000;
      const viewer = createViewer({
        rng: new Random(7),
        // Redis dedupe outlives the test database: fresh ids, or a rerun within 6 h stores nothing.
        ids: new Random(randomInt(2 ** 32)),
        profile: profileFor(pair.device.boxModel, pair.device.firmware, null),
        channelIds: channels.map((channel) => channel.id),
        startAt: start,
      });
      const events: TBeaconEvent[] = viewer.finish(start + 5 * 60_000).slice(0, 20);
      const started = Date.now();

      expect(await client.postBeacons(events)).toEqual({ kind: 'acked', accepted: events.length });
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(counts).toEqual({ rateLimited: 1, retries: 1, refreshes: 1 });
      expect(bodies).toHaveLength(4);
      expect(new Set(bodies).size).toBe(1);
      const sessionId = events[0]?.sessionId ?? '';
      const expected = events.filter((event) => event.sessionId === sessionId).length;
      for (let waited = 0; waited < 10_000 && (await storedCount(api, sessionId)) < expected; waited += 250) {
        await sleep(250);
      }
      expect(await storedCount(api, sessionId)).toBe(expected);
    } finally {
      await front.close();
    }
  });

  it('runs as a CLI: progress, a summary with all events acknowledged, exit 0; bad flags exit 2 naming the flag', async () => {
    const name = await api.prisma.$queryRaw<{ db: string }[]>`SELECT current_database()::text AS db`;
    // The same server createTestDatabase used (its default when DATABASE_URL is unset).
    const databaseUrl = new URL(process.env.DATABASE_URL ?? 'postgresql://keten:keten@127.0.0.1:5432/keten');
    databaseUrl.pathname = `/${name[0]?.db}`;
    const run = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          'pnpm',
          ['exec', 'tsx', 'sim/fleet.ts', ...args],
          { cwd: join(import.meta.dirname, '..') },
          (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        );
      });
    const ok = await run([
      ...['--api', url, '--boxes', '3', '--minutes', '5', '--speed', '150', '--progress', '0.5'],
      ...['--database-url', databaseUrl.toString(), '--provisioning-secret', PROVISIONING_SECRET],
    ]);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toContain('simulating 3 boxes for 5 min at 150x');
    expect(ok.stdout).toMatch(/boxes 3 · sent \d+ · acked \d+/);
    expect(ok.stdout).toMatch(/events sent (\d+), acknowledged \1, rejected 0 \(all acknowledged\)/);
    expect(ok.code).toBe(0);

    const bad = await run(['--boxes', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--boxes must be positive');
  });

  // The loss test: a 30 s ClickHouse outage in the middle of a steady simulator run.
  it('loses nothing while ClickHouse is down for 30 s of a steady-rate run: stored = acknowledged', async () => {
    const flaky = flakyClickHouse(api.deps.clickhouse);
    const beaconSpoolDir = await mkdtemp(join(tmpdir(), 'keten-sim-spool-'));
    dirs.push(beaconSpoolDir);
    const outageServer = await buildServer({
      ...api.deps,
      clickhouse: flaky.clickhouse,
      deviceApi: {
        tokenSecret: 'device-token-secret-for-the-simulator-test',
        provisioningSecret: PROVISIONING_SECRET,
        rateLimitPerMinute: 10_000,
      },
      beaconSpoolDir,
    });
    await outageServer.listen({ host: '127.0.0.1', port: 0 });
    try {
      const before = await storedCount(api);
      const devices = await pickDevices(api.prisma, 6, new Random(9), DEFAULT_WORSE_FIRMWARE);
      const outage = { storedAtStart: 0, storedAtEnd: 0, ackedAtStart: 0, ackedAtEnd: 0 };
      let acked = 0;
      const run = runFleet({
        api: `http://127.0.0.1:${(outageServer.server.address() as AddressInfo).port}`,
        devices,
        minutes: 760,
        speed: 1200,
        rate: 400,
        seed: 9,
        provisioningSecret: PROVISIONING_SECRET,
        worse: DEFAULT_WORSE_FIRMWARE,
        concurrency: 4,
        flushMs: 250,
        progressMs: 100,
        log: (line) => {
          acked = Number(/acked (\d+)/.exec(line)?.[1] ?? acked);
        },
      });
      await sleep(2000);
      flaky.state.down = true;
      [outage.storedAtStart, outage.ackedAtStart] = [await storedCount(api), acked];
      await sleep(30_000);
      [outage.storedAtEnd, outage.ackedAtEnd] = [await storedCount(api), acked];
      flaky.state.down = false;
      const { stats } = await run;

      expect(outage.ackedAtEnd).toBeGreaterThan(outage.ackedAtStart);
      expect(outage.storedAtEnd).toBe(outage.storedAtStart);
      expect(stats.acked).toBe(stats.sent);
      for (
        let waited = 0;
        waited < 15_000 && (await storedCount(api)) < before + stats.acked;
        waited += 250
      ) {
        await sleep(250);
      }
      expect(await storedCount(api)).toBe(before + stats.acked);
    } finally {
      await outageServer.close();
    }
  }, 120_000);
});
