// Measures, prints, asserts nothing. Run: pnpm --filter @keten/db exec tsx bench/qoe-ingest.bench.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createClickHouse } from '../src/clickhouse/client';
import { migrateClickHouse } from '../src/clickhouse/migrate/migrate';
import { insertQoeEvents } from '../src/clickhouse/qoe/insert-qoe-events';
import type { TQoeEventInput } from '../src/clickhouse/qoe/qoe-event.schema';
import { qoeMinuteSummary } from '../src/clickhouse/qoe/qoe-minute-summary';

const ROWS = 100_000;
const BATCH = 5000;
const TYPES = ['attempt', 'first_frame', 'heartbeat', 'stall_end', 'zap', 'end'] as const;

function events(count: number, start: number): TQoeEventInput[] {
  return Array.from({ length: count }, (_, i) => ({
    eventTime: new Date(start + i * 10),
    eventType: TYPES[i % TYPES.length] ?? 'heartbeat',
    sessionId: `s-${Math.floor(i / TYPES.length)}`,
    seq: i % TYPES.length,
    deviceId: `dev-${i % 5000}`,
    subscriberId: `sub-${i % 5000}`,
    boxModel: `model-${i % 4}`,
    firmware: `fw-${i % 3}`,
    channelId: `ch-${i % 50}`,
    region: `region-${i % 6}`,
    startMs: 500 + (i % 1500),
    zapMs: 800 + (i % 2000),
    stallMs: i % 400,
    playingMs: 10_000,
  }));
}

const ms = (t0: number) => `${(performance.now() - t0).toFixed(0)} ms`;
const dataDir = mkdtempSync(join(tmpdir(), 'keten-ch-bench-'));
const { client, close } = await createClickHouse({ dataDir, database: 'bench' });

let t0 = performance.now();
await migrateClickHouse(client);
console.log(`migrate from empty: ${ms(t0)}`);

const start = Date.now() - 3_600_000;
const rows = events(ROWS, start);
const lag = monitorEventLoopDelay({ resolution: 5 });
lag.enable();
t0 = performance.now();
for (let i = 0; i < ROWS; i += BATCH) await insertQoeEvents(client, rows.slice(i, i + BATCH));
const took = performance.now() - t0;
lag.disable();
console.log(
  `insert ${ROWS} rows in batches of ${BATCH}: ${took.toFixed(0)} ms (${Math.round(ROWS / (took / 1000))} rows/s), ` +
    `event-loop lag max ${(lag.max / 1e6).toFixed(1)} ms`,
);

t0 = performance.now();
const minutes = await qoeMinuteSummary(client, {
  from: new Date(start),
  to: new Date(),
  groupBy: ['boxModel'],
});
console.log(`qoeMinuteSummary by box model: ${minutes.length} rows in ${ms(t0)}`);

await close();
rmSync(dataDir, { recursive: true, force: true });
