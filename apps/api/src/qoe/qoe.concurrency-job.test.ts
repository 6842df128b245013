import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createClickHouse,
  insertQoeEvents,
  migrateClickHouse,
  readQoeConcurrency,
  type TKetenClickHouse,
  type TQoeEventInput,
} from '@keten/db/clickhouse';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQoeConcurrencyCount, startQoeConcurrencyCountJob } from './qoe.concurrency-job';

// Five closed minutes that began an hour ago; `minute(i)` is the i-th (epoch ms).
const START = Math.floor(Date.now() / 60_000) * 60_000 - 60 * 60_000;
const minute = (index: number) => START + index * 60_000;

/** A box playing `channelId` from `minute(index)` + 5 s: first frame, then a heartbeat 20 s later. */
function playing(deviceId: string, index: number, channelId = 'npo1'): TQoeEventInput[] {
  const base = {
    deviceId,
    subscriberId: `sub-${deviceId}`,
    boxModel: 'KT-4K',
    firmware: '1.0',
    region: 'north',
    channelId,
    sessionId: randomUUID(),
  };
  return [
    { ...base, seq: 0, eventTime: new Date(minute(index) + 5000), eventType: 'attempt' },
    { ...base, seq: 1, eventTime: new Date(minute(index) + 5500), eventType: 'first_frame', startMs: 500 },
    {
      ...base,
      seq: 2,
      eventTime: new Date(minute(index) + 25_000),
      eventType: 'heartbeat',
      playingMs: 19_500,
    },
  ];
}

let dataDir: string;
let clickhouse: TKetenClickHouse;
let redis: Redis;
const lockKey = `keten-test:qoe-count-lock:${randomUUID()}`;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'keten-qoe-count-'));
  clickhouse = await createClickHouse({ dataDir, database: 'qoe_count' });
  await migrateClickHouse(clickhouse.client);
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
});
afterAll(async () => {
  await redis.quit();
  await clickhouse.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** The fleet's count per minute index, as stored (the latest count of each minute). */
async function fleetCounts(): Promise<[number, number][]> {
  const result = await clickhouse.client.query({
    query: `SELECT toUnixTimestamp(minute) AS m, max(playing) AS n FROM qoe_concurrency_count_v1
      WHERE dimension = '' GROUP BY minute ORDER BY minute`,
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ m: number; n: number }>();
  return rows.map((row) => [(row.m * 1000 - START) / 60_000, row.n]);
}

/** Concurrent plays per minute of the five, as the page reads them (counts where counted). */
async function pagePeaks() {
  const points = await readQoeConcurrency(clickhouse.client, {
    from: START / 1000,
    to: minute(5) / 1000,
    origin: START / 1000,
    bucketSeconds: 60,
    sampleSeconds: 60,
    filters: {},
  });
  return points.map(({ bucket, peak }) => [bucket, peak]);
}

describe('qoe concurrency counting job', () => {
  it('catches up history in chunks, logging its progress, and a second run changes nothing', async () => {
    // Minute i has i + 1 boxes playing; box b0 zaps to a second channel in minute 0 and counts once.
    const events: TQoeEventInput[] = [];
    for (let index = 0; index < 5; index++)
      for (let box = 0; box <= index; box++) events.push(...playing(`b${box}`, index));
    events.push(...playing('b0', 0, 'rtl4'));
    await insertQoeEvents(clickhouse.client, events);
    const lines: string[] = [];
    const first = await runQoeConcurrencyCount(clickhouse, {
      redis,
      lockKey,
      chunkMinutes: 2,
      log: (line) => lines.push(line),
    });
    expect(first).toMatchObject({ minutes: 5, chunks: 3, skipped: false });
    expect(lines).toHaveLength(3);
    expect(lines.at(-1)).toMatch(/5 minutes counted up to .* caught up/);
    expect(await fleetCounts()).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 5],
    ]);
    const expected = [
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 5],
    ];
    expect(await pagePeaks()).toEqual(expected);
    // Run again (minutes touched within the margin are recounted): the same counts.
    await runQoeConcurrencyCount(clickhouse, { redis, lockKey, chunkMinutes: 2 });
    expect(await fleetCounts()).toEqual(expected);
    expect(await pagePeaks()).toEqual(expected);
  });

  it('counts late beacons of a minute already counted', async () => {
    // Without the margin a count stamped after the last insert's second leaves nothing pending.
    await runQoeConcurrencyCount(clickhouse, { redis, lockKey, marginSeconds: 0 });
    const nextSecond = Math.ceil(Date.now() / 1000) * 1000 + 50;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextSecond - Date.now())));
    await runQoeConcurrencyCount(clickhouse, { redis, lockKey, marginSeconds: 0 });
    expect(await runQoeConcurrencyCount(clickhouse, { redis, lockKey, marginSeconds: 0 })).toMatchObject({
      minutes: 0,
    });
    // Two more boxes report minute 1 after it was counted (a spool replay, a box's late batch).
    await insertQoeEvents(clickhouse.client, [...playing('late-1', 1), ...playing('late-2', 1)]);
    const run = await runQoeConcurrencyCount(clickhouse, { redis, lockKey, marginSeconds: 0 });
    expect(run.minutes).toBe(1);
    expect((await fleetCounts())[1]).toEqual([1, 4]);
    expect((await pagePeaks())[1]).toEqual([1, 4]);
  });

  it('runs in one process at a time: a run finding the lock held skips', async () => {
    await redis.set(lockKey, 'another-process', 'PX', 10_000);
    expect(await runQoeConcurrencyCount(clickhouse, { redis, lockKey })).toMatchObject({ skipped: true });
    // The holder's lock is left alone.
    expect(await redis.get(lockKey)).toBe('another-process');
    await redis.del(lockKey);
    expect(await runQoeConcurrencyCount(clickhouse, { redis, lockKey })).toMatchObject({ skipped: false });
    expect(await redis.get(lockKey)).toBeNull();
  });

  it('the scheduled job counts new minutes on its own and stops', async () => {
    await insertQoeEvents(clickhouse.client, [...playing('b9', 7), ...playing('b10', 7)]);
    const job = startQoeConcurrencyCountJob({ clickhouse, redis, lockKey, intervalMs: 100 });
    try {
      const deadline = Date.now() + 20_000;
      while (!(await fleetCounts()).some(([index]) => index === 7)) {
        if (Date.now() > deadline) throw new Error('minute 7 not counted within 20 s');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect((await fleetCounts()).find(([index]) => index === 7)).toEqual([7, 2]);
    } finally {
      await job.stop();
    }
  });
});
