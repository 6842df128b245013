/**
 * Alert evaluation benchmark: 100 rules (80 QoE over several metrics, windows and groupings, 10 ingest, 10 platform)
 * over a fleet's last two hours in chDB, one cycle at a time as the scheduler runs them. Prints ms per cycle
 * (p50/p95/max) with the rules read one at a time (baseline) and 4 at a time (what the scheduler does), interleaved.
 * Run: pnpm --filter @keten/api exec tsx bench/alerts.bench.ts [boxes=2000] [cycles=10]
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALERT_METRICS, QOE_DIMENSIONS, type TAlertRuleInput, ZAlertRuleInputSchema } from '@keten/contracts';
import {
  createClickHouse,
  insertIngestEvents,
  insertQoeEvents,
  migrateClickHouse,
  type TQoeEventInput,
} from '@keten/db/clickhouse';
import { createTestDatabase } from '@keten/db/testing';
import { Redis } from 'ioredis';
import { evaluateAlerts } from '../src/alerts/alerts.evaluate';

const BOXES = Number(process.argv[2] ?? 2000);
const CYCLES = Number(process.argv[3] ?? 10);
const HOURS = 2;
const MODELS = [
  'arris-vip1113',
  'amino-a140',
  'kaon-kstb6077',
  'technicolor-uiw4020',
  'sagemcom-diw387',
  'nokia-sb8000',
];
const REGIONS = [
  'Noord-Holland',
  'Zuid-Holland',
  'Utrecht',
  'Gelderland',
  'Limburg',
  'Groningen',
  'Friesland',
  'Zeeland',
];
const CHANNELS = Array.from({ length: 80 }, (_, i) => `ch-${i}`);

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/** Each box plays a session every ~10 minutes: attempt, first frame (or a start failure), heartbeats, end. */
function fleetEvents(now: number): TQoeEventInput[] {
  const events: TQoeEventInput[] = [];
  for (let box = 0; box < BOXES; box++) {
    const boxModel = MODELS[box % MODELS.length] as string;
    const firmware = `${boxModel}@${(box % 3) + 1}.0.0`;
    const region = REGIONS[box % REGIONS.length] as string;
    for (let start = now - HOURS * 3_600_000 + (box % 600) * 1000; start < now - 60_000; start += 600_000) {
      const base = {
        deviceId: `box-${box}`,
        subscriberId: `sub-${box}`,
        boxModel,
        firmware,
        region,
        channelId: CHANNELS[(box + start) % CHANNELS.length] as string,
        cdnEdge: `edge-${box % 4}`,
        sessionId: randomUUID(),
      };
      const at = (ms: number) => new Date(start + ms);
      events.push({ ...base, seq: 0, eventTime: at(0), eventType: 'attempt' });
      if ((box * 7 + start / 1000) % 50 === 0) {
        events.push({
          ...base,
          seq: 1,
          eventTime: at(1500),
          eventType: 'error',
          errorCode: 'NET_TIMEOUT',
          errorLayer: 'network',
          fatal: true,
          beforeFirstFrame: true,
        });
        continue;
      }
      const startMs = 600 + (box % 9) * 150;
      events.push({ ...base, seq: 1, eventTime: at(startMs), eventType: 'first_frame', startMs });
      events.push({
        ...base,
        seq: 2,
        eventTime: at(300_000),
        eventType: 'heartbeat',
        playingMs: 300_000 - startMs,
      });
      events.push({ ...base, seq: 3, eventTime: at(540_000), eventType: 'end', playingMs: 240_000 });
    }
  }
  return events;
}

function hundredRules(): TAlertRuleInput[] {
  const rules: TAlertRuleInput[] = [];
  const qoeMetrics = ALERT_METRICS.QOE;
  const windows = [300, 900, 1800, 3600];
  for (let i = 0; i < 80; i++) {
    const metric = qoeMetrics[i % qoeMetrics.length] as string;
    const groupBy = i % 4 === 0 ? null : (QOE_DIMENSIONS[i % QOE_DIMENSIONS.length] as string);
    rules.push({
      name: `qoe ${i} ${metric} by ${groupBy ?? 'all'}`,
      source: 'QOE',
      metric,
      comparator: 'GT',
      threshold: metric.startsWith('video') || metric.startsWith('zap') ? 1200 : 0.01,
      windowSeconds: windows[i % windows.length] as number,
      forSeconds: 60,
      minSamples: 10,
      groupBy,
      filters: i % 5 === 0 ? { region: ['Limburg', 'Utrecht'] } : {},
    });
  }
  for (let i = 0; i < 10; i++) {
    const metric = ALERT_METRICS.INGEST[i % 3] as string;
    rules.push({
      name: `ingest ${i} ${metric}`,
      source: 'INGEST',
      metric,
      comparator: 'GT',
      threshold: 1,
      windowSeconds: 3600,
      groupBy: i % 2 ? 'channelId' : null,
    });
  }
  for (let i = 0; i < 10; i++) {
    const metric = ALERT_METRICS.PLATFORM[i % 3] as string;
    rules.push({
      name: `platform ${i} ${metric}`,
      source: 'PLATFORM',
      metric,
      comparator: metric === 'workers' ? 'LT' : 'GT',
      threshold: metric === 'workers' ? 1 : 10,
      windowSeconds: 60,
      groupBy: i % 2 ? 'queue' : null,
    });
  }
  return rules;
}

async function main() {
  const database = await createTestDatabase('bench');
  const dataDir = await mkdtemp(join(tmpdir(), 'keten-bench-alerts-'));
  const clickhouse = await createClickHouse({ dataDir });
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    await migrateClickHouse(clickhouse.client);
    const now = Date.now();
    const events = fleetEvents(now);
    const loadStarted = performance.now();
    for (let i = 0; i < events.length; i += 5000)
      await insertQoeEvents(clickhouse.client, events.slice(i, i + 5000));
    const findings = CHANNELS.slice(0, 20).flatMap((channelId, i) => [
      {
        id: randomUUID(),
        kind: 'failover' as const,
        channelId,
        sourceId: 'backup',
        fromSourceId: 'primary',
        startedAt: new Date(now - (i + 1) * 120_000).toISOString(),
        endedAt: null,
        cause: 'bench',
        detail: {},
      },
      {
        id: randomUUID(),
        kind: 'source_down' as const,
        channelId,
        sourceId: 'primary',
        fromSourceId: null,
        startedAt: new Date(now - (i + 1) * 60_000).toISOString(),
        endedAt: null,
        cause: 'bench',
        detail: {},
      },
    ]);
    await insertIngestEvents(clickhouse.client, findings);
    console.log(
      `loaded ${events.length} QoE events of ${BOXES} boxes over ${HOURS} h and ${findings.length} ingest findings in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`,
    );
    for (const rule of hundredRules()) {
      await database.prisma.alertRule.create({ data: ZAlertRuleInputSchema.parse(rule) });
    }
    const deps = {
      prisma: database.prisma,
      clickhouse,
      redis,
      queuePrefix: `bench-alerts-${database.name.slice(-8)}`,
    };
    // Warm-up (first queries compile and read cold parts), then interleaved: sequential, then 4 at a time.
    await evaluateAlerts(deps, new Date());
    const times = { sequential: [] as number[], parallel: [] as number[] };
    const reads = { sequential: [] as number[], parallel: [] as number[] };
    let last = { groups: 0, fired: 0, pending: 0, failed: 0 };
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      for (const [kind, parallel] of [
        ['sequential', 1],
        ['parallel', 4],
      ] as const) {
        const report = await evaluateAlerts(deps, new Date(), { parallel });
        times[kind].push(report.ms);
        reads[kind].push(report.readMs);
        last = {
          groups: report.groups,
          fired: report.fired,
          pending: report.pending,
          failed: report.failedRules.length,
        };
      }
    }
    const open = await database.prisma.alertEvent.count({ where: { state: { in: ['PENDING', 'FIRING'] } } });
    console.log(
      `100 rules, ${last.groups} groups per cycle, ${open} alerts open, ${last.failed} rules failed; ${CYCLES} cycles each, interleaved`,
    );
    console.log(
      `${'rules read'.padEnd(16)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'max'.padStart(7)}  (ms per cycle)  figures' reads p50 (ms, summed over rules)`,
    );
    for (const [kind, values] of Object.entries(times)) {
      const sorted = [...values].sort((a, b) => a - b);
      const readSorted = [...reads[kind as keyof typeof reads]].sort((a, b) => a - b);
      console.log(
        `${kind.padEnd(16)} ${String(quantile(sorted, 0.5)).padStart(7)} ${String(quantile(sorted, 0.95)).padStart(7)} ${String(sorted.at(-1)).padStart(7)}  ${quantile(readSorted, 0.5)}`,
      );
    }
    const ratio =
      quantile(
        [...times.sequential].sort((a, b) => a - b),
        0.5,
      ) /
      Math.max(
        1,
        quantile(
          [...times.parallel].sort((a, b) => a - b),
          0.5,
        ),
      );
    console.log(`parallel vs sequential p50: ${ratio.toFixed(2)}× faster; budget per cycle: 30000 ms`);
  } finally {
    await redis.quit();
    await clickhouse.close();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
