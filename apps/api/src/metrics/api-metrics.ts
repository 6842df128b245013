import { INGEST_EVENTS_QUEUE, JOB_QUEUES } from '@keten/contracts';
import type { Redis } from 'ioredis';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { ALERT_WEBHOOKS_QUEUE, ALERTS_QUEUE } from '../alerts/alerts.runtime';
import type { TBeaconIngest } from '../beacons/beacon-ingest';
import { queueFor } from '../jobs/jobs.queues';

/**
 * Every queue of the install: the worker's (transcode, live, probe, its own system queue) and the ones the API
 * consumes (ingest events, the alert evaluation cycle, webhook deliveries).
 */
export const METRIC_QUEUES = [
  'system',
  ...JOB_QUEUES,
  INGEST_EVENTS_QUEUE,
  ALERTS_QUEUE,
  ALERT_WEBHOOKS_QUEUE,
] as const;
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
/** Why a beacon batch was not taken, as the route answered it (nothing of such a batch is stored). */
export const BEACON_REFUSALS = ['invalid', 'unauthorized', 'retry_later'] as const;
export type TBeaconRefusal = (typeof BEACON_REFUSALS)[number];

// Node's process metrics (CPU, memory, event loop lag, GC) once per process: each call starts its own monitors.
let processRegistry: Registry | null = null;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * apps/api's Prometheus metrics, in their own registry (so tests and several servers in one process never share
 * counters): request latency per route template, the beacon ingest's counters and spool, queue depths, and
 * Node's process metrics. Counters the ingest already keeps are read from `ingest.stats()` at scrape time.
 */
export function createApiMetrics(options: {
  ingest: Pick<TBeaconIngest, 'stats'> | null;
  redis: Redis;
  queuePrefix: string | undefined;
}) {
  const registry = new Registry();
  const { ingest } = options;

  const requestDuration = new Histogram({
    name: 'keten_http_request_duration_seconds',
    help: 'HTTP request latency by method, route template (never the raw URL) and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  // Read from the ingest's own counters at scrape time: one source of truth, nothing counted twice.
  const fromStats = (
    name: string,
    help: string,
    pick: (stats: ReturnType<TBeaconIngest['stats']>) => number,
  ) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        if (ingest) this.inc(pick(ingest.stats()));
      },
    });
  fromStats(
    'keten_beacons_accepted_total',
    "Beacon events acknowledged (202): fsync'd in the spool.",
    (s) => s.accepted,
  );
  fromStats('keten_beacons_stored_total', 'Beacon events inserted into ClickHouse.', (s) => s.inserted);
  fromStats(
    'keten_beacons_duplicates_total',
    'Beacon events acknowledged but not stored again: their (session, seq) was stored before.',
    (s) => s.duplicates,
  );
  fromStats(
    'keten_beacon_insert_failures_total',
    'ClickHouse inserts of the spool that failed (retried).',
    (s) => s.insertFailures,
  );

  const rejected = new Counter({
    name: 'keten_beacons_rejected_total',
    help: 'Beacon events not taken: refused by the route (invalid, unauthorized, retry_later: busy or rate-limited) or by ClickHouse (store_refused, set aside in rejected/).',
    labelNames: ['reason'] as const,
    registers: [registry],
    collect() {
      this.remove({ reason: 'store_refused' });
      if (ingest) this.inc({ reason: 'store_refused' }, ingest.stats().rejectedRows);
    },
  });
  for (const reason of BEACON_REFUSALS) rejected.inc({ reason }, 0);
  const rejectedBatches = new Counter({
    name: 'keten_beacon_batches_rejected_total',
    help: 'POST /v1/beacons requests refused, by reason (a body that is not JSON counts here with no events).',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  for (const reason of BEACON_REFUSALS) rejectedBatches.inc({ reason }, 0);

  const spoolGauge = (
    name: string,
    help: string,
    pick: (stats: ReturnType<TBeaconIngest['stats']>) => number,
  ) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(ingest ? pick(ingest.stats()) : 0);
      },
    });
  spoolGauge(
    'keten_beacon_spool_events',
    'Acknowledged beacon events not yet in ClickHouse.',
    (s) => s.spoolEvents,
  );
  spoolGauge(
    'keten_beacon_spool_files',
    'Spool files owed to ClickHouse (incl. the open one).',
    (s) => s.spoolFiles,
  );
  spoolGauge('keten_beacon_spool_bytes', 'Bytes of the spool owed to ClickHouse.', (s) => s.spoolBytes);
  spoolGauge(
    'keten_beacon_spool_oldest_age_seconds',
    'Age of the oldest acknowledged beacon not yet in ClickHouse (0 when none).',
    (s) => s.oldestUnstoredMs / 1000,
  );
  spoolGauge('keten_beacon_clickhouse_down', '1 while inserts into ClickHouse fail.', (s) =>
    Number(s.clickhouseDown),
  );

  new Gauge({
    name: 'keten_queue_jobs',
    help: 'BullMQ jobs per queue and state (read from Redis at scrape time; absent when Redis does not answer).',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        METRIC_QUEUES.map(async (queue) => {
          const counts = await queueFor(options.redis, options.queuePrefix, queue)
            .getJobCounts(...QUEUE_STATES)
            .catch(() => null);
          if (!counts) return;
          for (const state of QUEUE_STATES) this.set({ queue, state }, counts[state] ?? 0);
        }),
      );
    },
  });

  return {
    registry,
    contentType: registry.contentType,
    /** The exposition: this server's metrics and the process's. */
    text: () => Registry.merge([processMetrics(), registry]).metrics(),
    /** One answered request; `route` is the route's template (`/v1/play/:slug`), or `unmatched`. */
    observeRequest(method: string, route: string, statusCode: number, seconds: number) {
      requestDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
    },
    beaconRefused(reason: TBeaconRefusal, events: number) {
      rejectedBatches.inc({ reason });
      rejected.inc({ reason }, events);
    },
  };
}

export type TApiMetrics = ReturnType<typeof createApiMetrics>;
