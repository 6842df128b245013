import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { migrateClickHouse } from '@keten/db/clickhouse';
import { Random } from '@keten/db/random';
import { seed } from '@keten/db/seed';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/server';
import { startTestApi } from '../test/harness';
import { pickDevices } from './devices';
import { DEFAULT_WORSE_FIRMWARE, DEFAULT_WORSE_REGION, EDGES } from './profiles';
import { runLiveFleet } from './run-live';
import { TokenStore } from './token-store';

const PROVISIONING_SECRET = 'provisioning-secret-for-the-live-fleet-test';
const STOP_DEADLINE_MS = 5_000;

describe('the always-on fleet through the real device API', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let server: FastifyInstance;
  let url: string;
  const dirs: string[] = [];

  const rows = async (query: string) => {
    const result = await api.deps.clickhouse.client.query({ query, format: 'JSONEachRow' });
    return result.json<Record<string, string | number | string[]>>();
  };

  beforeAll(async () => {
    api = await startTestApi();
    await migrateClickHouse(api.deps.clickhouse.client);
    const mediaRoot = await mkdtemp(join(tmpdir(), 'keten-live-fleet-seed-'));
    const beaconSpoolDir = await mkdtemp(join(tmpdir(), 'keten-live-fleet-spool-'));
    dirs.push(mediaRoot, beaconSpoolDir);
    await seed(api.prisma, { subscribers: 300, epgDaysEachSide: 1, mediaRoot });
    server = await buildServer({
      ...api.deps,
      deviceApi: {
        tokenSecret: 'device-token-secret-for-the-live-fleet-test',
        provisioningSecret: PROVISIONING_SECRET,
        rateLimitPerMinute: 10_000,
      },
      beaconSpoolDir,
    });
    await server.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await api?.stop();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('watches until stopped, then ends every session and sends it within the deadline', async () => {
    const devices = await pickDevices(api.prisma, 8, new Random(42).fork('pick'), DEFAULT_WORSE_FIRMWARE);
    const stop = new AbortController();
    const lines: string[] = [];
    let acked = 0;
    const run = runLiveFleet({
      api: url,
      devices,
      seed: 42,
      flaws: { worse: DEFAULT_WORSE_FIRMWARE, worseRegion: DEFAULT_WORSE_REGION },
      provisioningSecret: PROVISIONING_SECRET,
      concurrency: 4,
      flushMs: 300,
      progressMs: 200,
      signal: stop.signal,
      stopDeadlineMs: STOP_DEADLINE_MS,
      // Everyone tuned in (boxes start within their first minute), whatever hour the test runs at.
      watchingAtStart: 1,
      log: (line) => {
        lines.push(line);
        acked = Number(/acked (\d+)/.exec(line)?.[1] ?? acked);
      },
    });
    // Running until a few boxes have played a while (bounded), not for a fixed time.
    for (const until = Date.now() + 90_000; acked < 12 && Date.now() < until; ) await sleep(100);
    expect(acked).toBeGreaterThanOrEqual(12);
    const stoppedAt = Date.now();
    stop.abort();
    const stats = await run;
    expect(Date.now() - stoppedAt).toBeLessThan(STOP_DEADLINE_MS);
    expect(stats.boxesActive).toBe(8);
    expect(stats.activationFailures).toBe(0);
    expect(stats.rejected).toBe(0);
    expect(stats.acked).toBe(stats.sent);
    expect(
      lines.some((line) =>
        /8 boxes watching \(0 with kept tokens, 0 failed to activate\) after \d+ ms, 0 refused with 429/.test(
          line,
        ),
      ),
    ).toBe(true);
    expect(lines.at(-1)).toMatch(/^stopped after \d+ s: sent \d+, acknowledged \d+, rejected 0$/);

    // Everything acknowledged is stored, and every session that began has its end (closed at the stop).
    const stored = async () =>
      Number((await rows('SELECT count() AS n FROM qoe_events_v1 FINAL'))[0]?.n ?? 0);
    for (const until = Date.now() + 15_000; (await stored()) < stats.acked && Date.now() < until; )
      await sleep(200);
    expect(await stored()).toBe(stats.acked);
    const [sessions] = await rows(
      `SELECT countIf(event_type = 'attempt') AS attempts, countIf(event_type = 'end') AS ends,
              countIf(app_version = '') AS withoutApp, groupUniqArray(cdn_edge) AS edges
       FROM qoe_events_v1 FINAL`,
    );
    expect(Number(sessions?.attempts)).toBeGreaterThan(0);
    expect(Number(sessions?.ends)).toBe(Number(sessions?.attempts));
    // The beacons carry the app version and the delivery edge.
    expect(Number(sessions?.withoutApp)).toBe(0);
    expect(
      ((sessions?.edges ?? []) as string[]).every((edge) => (EDGES as readonly string[]).includes(edge)),
    ).toBe(true);
  }, 150_000);

  it('keeps its tokens across a restart: the boxes watch again without activating', async () => {
    const devices = await pickDevices(api.prisma, 6, new Random(7).fork('pick'), DEFAULT_WORSE_FIRMWARE);
    const dir = await mkdtemp(join(tmpdir(), 'keten-live-fleet-tokens-'));
    dirs.push(dir);
    const path = join(dir, 'tokens.json');
    const runUntilWatching = async () => {
      const stop = new AbortController();
      const lines: string[] = [];
      const run = runLiveFleet({
        api: url,
        devices,
        seed: 7,
        flaws: { worse: DEFAULT_WORSE_FIRMWARE, worseRegion: DEFAULT_WORSE_REGION },
        provisioningSecret: PROVISIONING_SECRET,
        concurrency: 4,
        flushMs: 300,
        progressMs: 10_000,
        signal: stop.signal,
        stopDeadlineMs: STOP_DEADLINE_MS,
        tokens: await TokenStore.open(path, (line) => lines.push(line)),
        tokenCallIntervalMs: 50,
        log: (line) => lines.push(line),
      });
      for (
        const until = Date.now() + 60_000;
        !lines.some((line) => /boxes watching/.test(line)) && Date.now() < until;
      )
        await sleep(50);
      stop.abort();
      await run;
      return lines;
    };
    const versions = async () =>
      (
        await api.prisma.device.findMany({
          where: { id: { in: devices.map((device) => device.id) } },
          select: { id: true, tokenVersion: true },
          orderBy: { id: 'asc' },
        })
      ).map((device) => `${device.id}:${device.tokenVersion}`);

    const first = await runUntilWatching();
    expect(first.some((line) => /6 boxes watching \(0 with kept tokens, 0 failed/.test(line))).toBe(true);
    const activated = await versions();
    // Restarted: every box goes on with the tokens it kept, none activates again (its token version stays).
    const second = await runUntilWatching();
    expect(second.some((line) => /6 boxes watching \(6 with kept tokens, 0 failed/.test(line))).toBe(true);
    expect(await versions()).toEqual(activated);
  }, 150_000);
});
