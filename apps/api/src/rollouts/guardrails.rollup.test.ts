import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createClickHouse,
  insertQoeEvents,
  migrateClickHouse,
  type TKetenClickHouse,
  type TQoeEventInput,
} from '@keten/db/clickhouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waveArmsRaw } from './guardrails.query';
import { rollupHours, waveArms, waveArmsFromRollup } from './guardrails.rollup';
import { soakEvents } from './guardrails.soak';

const HOUR = 3_600_000;
const MINUTE = 60_000;
// Three days of beacons starting 4 days ago at 17 past an hour (inside the tables' 90-day TTL, all in the past).
const T0 = Math.floor(Date.now() / HOUR) * HOUR - 4 * 24 * HOUR + 17 * MINUTE;
const MODEL = 'kaon-kstb6077';

let dataDir: string;
let clickhouse: TKetenClickHouse;
let stored = 0;

async function insertInChunks(events: Iterable<TQoeEventInput>) {
  let chunk: TQoeEventInput[] = [];
  for (const event of events) {
    chunk.push(event);
    if (chunk.length === 4_000) {
      await insertQoeEvents(clickhouse.client, chunk);
      stored += chunk.length;
      chunk = [];
    }
  }
  if (chunk.length > 0) await insertQoeEvents(clickhouse.client, chunk);
  stored += chunk.length;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'keten-guardrails-rollup-'));
  clickhouse = await createClickHouse({ dataDir, database: 'guardrails_rollup' });
  await migrateClickHouse(clickhouse.client);
  // Inserts of 4,000 events: a session's events often land in two inserts, so the rollup holds partial rows of it.
  const soak = { boxes: 24, hours: 72, sessionsPerBoxHour: 0.5, from: T0 };
  await insertInChunks(
    soakEvents({ ...soak, seed: 7, boxModel: MODEL, firmwares: ['2.0.0', '1.9.4', '1.9.4'] }),
  );
  await insertInChunks(
    soakEvents({ ...soak, seed: 8, boxModel: 'arris-vip1113', firmwares: ['2.0.0', '1.0.0'] }),
  );
}, 180_000);
afterAll(async () => {
  await clickhouse?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const windowOf = (from: number, to: number) => ({
  boxModel: MODEL,
  targetFirmware: '2.0.0',
  from: new Date(from),
  to: new Date(to),
});

describe('waveArms over the per-session hour rollup', () => {
  it('reads whole hours from the rollup and only the edges raw', () => {
    expect(rollupHours(windowOf(T0 + 20 * MINUTE, T0 + 50 * MINUTE))).toBeNull();
    expect(rollupHours(windowOf(T0, T0 + 2 * HOUR + 5 * MINUTE))).toEqual({
      start: T0 + 43 * MINUTE,
      end: T0 + 43 * MINUTE + HOUR,
    });
  });

  it('gives exactly the raw read’s arms on the same events, for windows with and without whole hours', async () => {
    expect(stored).toBeGreaterThan(20_000);
    const windows = [
      // A soak of two and a half days: both edges partial (seconds and milliseconds too).
      windowOf(T0 + 6 * HOUR + 23_456, T0 + 60 * HOUR + 41 * MINUTE + 7_500),
      // Hour-aligned both ends: rollup only.
      windowOf(T0 + 43 * MINUTE + 5 * HOUR, T0 + 43 * MINUTE + 29 * HOUR),
      // One whole hour inside, sessions crossing both edges.
      windowOf(T0 + 10 * HOUR + 50 * MINUTE, T0 + 12 * HOUR + 50 * MINUTE),
      // Past the data's end: the open tail is empty.
      windowOf(T0 + 70 * HOUR, T0 + 80 * HOUR + 1),
    ];
    for (const window of windows) {
      const raw = await waveArmsRaw(clickhouse, window);
      const fromRollup = await waveArmsFromRollup(clickhouse, window);
      expect(fromRollup).not.toBeNull();
      expect(fromRollup).toEqual(raw);
      expect(raw.treatment.attempts + raw.control.attempts).toBeGreaterThan(0);
    }
    // The long window holds hundreds of sessions in both arms, with failures and stalls: not a trivial equality.
    const long = await waveArms(clickhouse, windows[0] ?? windowOf(0, 0));
    expect(long.treatment.attempts).toBeGreaterThan(150);
    expect(long.control.attempts).toBeGreaterThan(300);
    expect(long.treatment.videoStartFailures + long.control.videoStartFailures).toBeGreaterThan(0);
    expect(long.treatment.rebuffering.sumS).toBeGreaterThan(0);
    expect(long.treatment.devices).toBe(8);
    expect(long.control.devices).toBe(16);
  });

  it('falls back to the raw read for a window without a whole hour', async () => {
    const short = windowOf(T0 + 30 * HOUR + 5 * MINUTE, T0 + 30 * HOUR + 55 * MINUTE);
    expect(await waveArmsFromRollup(clickhouse, short)).toBeNull();
    expect(await waveArms(clickhouse, short)).toEqual(await waveArmsRaw(clickhouse, short));
  });

  it('holds far fewer rows than the raw events it sums', async () => {
    const result = await clickhouse.client.query({
      query: `SELECT (SELECT count() FROM qoe_session_hour_v1) AS rollup, (SELECT count() FROM qoe_events_v1) AS raw
SETTINGS output_format_json_quote_64bit_integers = 0`,
      format: 'JSONEachRow',
    });
    const [counts] = (await result.json()) as { rollup: number; raw: number }[];
    expect(counts?.raw).toBe(stored);
    expect((counts?.rollup ?? Number.POSITIVE_INFINITY) * 10).toBeLessThan(counts?.raw ?? 0);
  });
});
