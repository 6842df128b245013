import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { migrateClickHouse, qoeMinuteSummary } from '@keten/db/clickhouse';
import { seed } from '@keten/db/seed';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/server';
import { startTestApi } from '../test/harness';
import { pickDevices } from './devices';
import { DEFAULT_WORSE_FIRMWARE } from './profiles';
import { SimRandom } from './random';
import { runFleet } from './run-fleet';

const PROVISIONING_SECRET = 'provisioning-secret-for-the-simulator-test';

async function storedCount(api: Awaited<ReturnType<typeof startTestApi>>) {
  const result = await api.deps.clickhouse.client.query({
    query: 'SELECT count() AS n FROM qoe_events_v1 FINAL',
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
    const devices = await pickDevices(api.prisma, 6, new SimRandom(42).fork('pick'), DEFAULT_WORSE_FIRMWARE);
    expect(devices).toHaveLength(6);
    expect(devices.filter((d) => `${d.boxModel}@${d.firmware}` === DEFAULT_WORSE_FIRMWARE)).toHaveLength(1);

    const lines: string[] = [];
    const startedAt = Date.now();
    // 60 simulated minutes in 4 s.
    const { stats } = await runFleet({
      api: url,
      devices,
      minutes: 60,
      speed: 900,
      rate: 0,
      seed: 42,
      provisioningSecret: PROVISIONING_SECRET,
      worse: DEFAULT_WORSE_FIRMWARE,
      concurrency: 8,
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
      from: new Date(startedAt - 65 * 60_000),
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
});
