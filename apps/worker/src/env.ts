import { parseEnv } from '@keten/contracts/env';
import { z } from 'zod';

const ZWorkerEnvSchema = z.object({
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// URL' }),
  WORKER_QUEUE_PREFIX: z.string().min(1).default('keten'),
  WORKER_SHUTDOWN_DEADLINE_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
});

export type TWorkerEnv = z.infer<typeof ZWorkerEnvSchema>;

export function loadWorkerEnv(source: Record<string, string | undefined> = process.env): TWorkerEnv {
  return parseEnv(ZWorkerEnvSchema, source);
}
