import { DEFAULT_XMLTV_ID_DOMAIN, XMLTV_ID_DOMAIN } from '@keten/contracts';
import { parseEnv } from '@keten/contracts/env';
import { ZMetricsTokenSchema } from '@keten/contracts/metrics';
import { z } from 'zod';
import { ZDemoFleetEnvSchema } from '../sim/fleet-env';
import { allowNetProblem } from './lib/safe-fetch-address';

const ZApiEnvSchema = z.object({
  // The demo fleet's knobs (sim/fleet-env.ts): on, the API writes the fleet's history at first start.
  ...ZDemoFleetEnvSchema.shape,
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgresql:// URL' }),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// URL' }),
  NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 characters (openssl rand -base64 32)'),
  CLICKHOUSE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).optional(),
  CLICKHOUSE_USER: z.string().optional(),
  CLICKHOUSE_PASSWORD: z.string().optional(),
  KETEN_DATA_DIR: z.string().min(1).default('.data'),
  MEDIA_ROOT: z.string().min(1).default('.data/media'),
  // Reads the duration of the files under MEDIA_ROOT/incoming that the console offers for a transcode.
  FFPROBE_PATH: z.string().min(1).default('/usr/bin/ffprobe'),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: z.coerce.number().int().min(1).max(65535).default(4000),
  // Base of the absolute URLs players get (M3U streams, logos, guide); unset, derived from API_HOST/API_PORT.
  PUBLIC_API_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s):// URL' })
      .refine((value) => {
        // Not a URL at all: the check above reports that.
        if (!URL.canParse(value)) return true;
        const url = new URL(value);
        return url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
      }, 'must be an origin only, like https://tv.example.net (no path, query or credentials)')
      .transform((value) => new URL(value).origin)
      .optional(),
  ),
  // The domain under which channels get their XMLTV ids (npo-1.<domain>), also the M3U's tvg-id.
  XMLTV_ID_DOMAIN: z
    .string()
    .max(200)
    .regex(XMLTV_ID_DOMAIN, 'must be a domain name like tv.example.net')
    .default(DEFAULT_XMLTV_ID_DOMAIN),
  // Optional until every launcher sets them; unset, the device API (/v1) answers 503.
  DEVICE_TOKEN_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (openssl rand -base64 32)')
    .optional(),
  DEVICE_PROVISIONING_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  // How long the /v1 token check keeps a device row in memory (dropped at once on PostgreSQL's NOTIFY,
  // device-api/README.md); 0 reads PostgreSQL on every call (a DATABASE_URL through a transaction pooler: no LISTEN).
  DEVICE_ROW_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(60),
  // Signs playback URLs (HMAC-SHA256, playback/README.md); unset, a key derived from DEVICE_TOKEN_SECRET.
  PLAYBACK_SIGNING_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (openssl rand -base64 32)')
    .optional(),
  // Seals webhooks' signing secrets at rest (AES-256-GCM, alerts/README.md "Secrets at rest"). Comma-separated to
  // rotate: the first seals, all open, rows are re-sealed at start. Unset, a key derived from NEXTAUTH_SECRET.
  WEBHOOK_SECRET_KEY: z
    .string()
    .optional()
    .transform((raw) =>
      raw === undefined || raw.trim() === ''
        ? undefined
        : raw
            .split(',')
            .map((key) => key.trim())
            .filter(Boolean),
    )
    .refine((keys) => !keys || keys.every((key) => key.length >= 32), {
      message: 'each key must be at least 32 characters (openssl rand -base64 32)',
    }),
  // Accepted beacons wait here (fsync'd) until ClickHouse has them; default $KETEN_DATA_DIR/beacon-spool.
  BEACON_SPOOL_DIR: z.string().min(1).optional(),
  // The origin's delivery records and CDN edge logs wait here until ClickHouse has them; default $KETEN_DATA_DIR/delivery-spool.
  DELIVERY_SPOOL_DIR: z.string().min(1).optional(),
  // BullMQ key prefix shared with apps/worker (jobs reach its queues); also names the revocation list's keys.
  WORKER_QUEUE_PREFIX: z.string().min(1).default('keten'),
  // Lets a Prometheus elsewhere scrape /metrics with this bearer token; unset, only this machine may (README "Metrics").
  METRICS_TOKEN: ZMetricsTokenSchema,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Private networks (CIDR, comma-separated) a pasted URL may reach, e.g. an EPG server in the headend.
  FETCH_ALLOW_PRIVATE_NETS: z
    .string()
    .default('')
    .transform((raw) =>
      raw
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .superRefine((nets, ctx) => {
      for (const net of nets) {
        const problem = allowNetProblem(net);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }
    }),
});

/** Where players reach this API when PUBLIC_API_URL is unset: the listen address, or loopback for a wildcard. */
function listenUrl(host: string, port: number) {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

const ZApiEnvWithDefaultsSchema = ZApiEnvSchema.transform((env) => ({
  ...env,
  PUBLIC_API_URL: env.PUBLIC_API_URL ?? listenUrl(env.API_HOST, env.API_PORT),
}));

export type TApiEnv = z.infer<typeof ZApiEnvWithDefaultsSchema>;

export function loadApiEnv(source: Record<string, string | undefined> = process.env): TApiEnv {
  return parseEnv(ZApiEnvWithDefaultsSchema, source);
}
