import { parseEnv } from '@keten/contracts/env';
import { z } from 'zod';
import { allowNetProblem } from './lib/safe-fetch-address';

const ZApiEnvSchema = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgresql:// URL' }),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// URL' }),
  NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 characters (openssl rand -base64 32)'),
  CLICKHOUSE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).optional(),
  CLICKHOUSE_USER: z.string().optional(),
  CLICKHOUSE_PASSWORD: z.string().optional(),
  KETEN_DATA_DIR: z.string().min(1).default('.data'),
  MEDIA_ROOT: z.string().min(1).default('.data/media'),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: z.coerce.number().int().min(1).max(65535).default(4000),
  // Optional until every launcher sets them; unset, the device API (/v1) answers 503.
  DEVICE_TOKEN_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (openssl rand -base64 32)')
    .optional(),
  DEVICE_PROVISIONING_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  // Signs playback URLs (HMAC-SHA256, playback/README.md); unset, a key derived from DEVICE_TOKEN_SECRET.
  PLAYBACK_SIGNING_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (openssl rand -base64 32)')
    .optional(),
  // Accepted beacons wait here (fsync'd) until ClickHouse has them; default $KETEN_DATA_DIR/beacon-spool.
  BEACON_SPOOL_DIR: z.string().min(1).optional(),
  // BullMQ key prefix shared with apps/worker, so jobs enqueued here reach its queues.
  WORKER_QUEUE_PREFIX: z.string().min(1).default('keten'),
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

export type TApiEnv = z.infer<typeof ZApiEnvSchema>;

export function loadApiEnv(source: Record<string, string | undefined> = process.env): TApiEnv {
  return parseEnv(ZApiEnvSchema, source);
}
