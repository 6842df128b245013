import type { TKetenClickHouse } from '@keten/db/clickhouse';
import type { PrismaClient, TSqlPool } from '@keten/db/client';
import type { Redis } from 'ioredis';
import type { TAlertsRuntimeOptions } from './alerts/alerts.runtime';
import type { TDeviceApiConfig } from './device-api/config';
import type { TSafeFetchPolicy } from './lib/safe-fetch';
import type { TRolloutsRuntimeOptions } from './rollouts/rollouts.runtime';
import type { TSteeringRuntimeOptions } from './steering/steering.runtime';

/** What the app is built around: the stores and its configuration (main.ts and the test harness make it). */
export interface TDeps {
  prisma: PrismaClient;
  /** Plain pool beside Prisma for the /v1 token check's prepared statements (device-api/device-row.ts). */
  sql: TSqlPool;
  redis: Redis;
  clickhouse: TKetenClickHouse;
  sessionSecret: string;
  /** WEBHOOK_SECRET_KEY (comma-separated): seal webhooks' signing secrets; unset, a key derived from sessionSecret. */
  webhookSecretKeys?: string[];
  /** Absolute folder for logos (logos/) and later HLS output. */
  mediaRoot: string;
  /** FFPROBE_PATH: reads the durations of the files a transcode can start from; unset, /usr/bin/ffprobe. */
  ffprobePath?: string;
  /** Device REST API secrets (DEVICE_TOKEN_SECRET…); unset, /v1 answers 503. */
  deviceApi?: TDeviceApiConfig;
  /** Where accepted beacons are fsync'd before they reach ClickHouse; unset, POST /v1/beacons is not served. */
  beaconSpoolDir?: string;
  /** Where delivery records (origin requests, CDN edge logs) are spooled; unset, none are written. */
  deliverySpoolDir?: string;
  /** BullMQ prefix of the worker's queues (WORKER_QUEUE_PREFIX); unset, 'keten'. */
  workerQueuePrefix?: string;
  /** PUBLIC_API_URL: the base of absolute URLs players get (M3U); unset, http://127.0.0.1:4000. */
  publicApiUrl?: string;
  /** XMLTV_ID_DOMAIN: channels' XMLTV ids (and M3U tvg-id) are <slug>.<domain>; unset, keten.tv. */
  xmltvIdDomain?: string;
  /** What a URL an operator typed in may reach (FETCH_ALLOW_PRIVATE_NETS); unset, public addresses only. */
  fetchPolicy?: TSafeFetchPolicy;
  /** METRICS_TOKEN: a scraper sending it as a bearer token may read /metrics from anywhere; unset, loopback only. */
  metricsToken?: string;
  /** Runs the alert evaluator and webhook deliveries in this process (main.ts; tests that want them); unset, none. */
  alerts?: Pick<TAlertsRuntimeOptions, 'everyMs' | 'instanceId' | 'webhookBackoffMs' | 'onCycle' | 'onError'>;
  /** Runs the firmware rollout engine in this process (main.ts; tests that want it); unset, none. */
  rollouts?: Pick<TRolloutsRuntimeOptions, 'everyMs' | 'instanceId' | 'now' | 'judge' | 'onTick' | 'onError'>;
  /** Runs edge steering (every 30 s, one replica per cycle) and its webhook announcements here; unset, none. */
  steering?: Pick<
    TSteeringRuntimeOptions,
    'everyMs' | 'instanceId' | 'webhookBackoffMs' | 'onCycle' | 'onError'
  >;
}
