import { parseEnv } from '@keten/contracts/env';
import { z } from 'zod';

/** The running server's environment (auth, the /trpc rewrite); `next build` reads none of it. */
export const ZServerEnvSchema = z.object({
  NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 characters'),
  NEXTAUTH_URL: z.url(),
  API_INTERNAL_URL: z.url().default('http://127.0.0.1:4000'),
});

export type TServerEnv = z.infer<typeof ZServerEnvSchema>;

/** What the console's own HTTP server (server.ts) needs before Next starts. */
export const ZListenEnvSchema = z.object({
  CONSOLE_HOST: z.string().min(1).default('127.0.0.1'),
  CONSOLE_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // Reverse proxies of the operator's own in front of the console; 0: clients connect straight to it.
  CONSOLE_TRUSTED_PROXY_HOPS: z.coerce
    .number({ error: 'must be a whole number of proxies (0 when clients connect straight to the console)' })
    .int('must be a whole number of proxies (0 when clients connect straight to the console)')
    .min(0, 'must be 0 or more')
    .max(5, 'more than 5 proxies in front of the console is surely a mistake')
    .default(0),
});

export function listenEnv(): z.infer<typeof ZListenEnvSchema> {
  return parseEnv(ZListenEnvSchema, process.env);
}

let cached: TServerEnv | undefined;

export function serverEnv(): TServerEnv {
  cached ??= parseEnv(ZServerEnvSchema, process.env);
  return cached;
}

/** Called once at server start, so a bad environment stops it there; a build (CI without secrets) skips it. */
export function assertServerEnvAtStart(): void {
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  serverEnv();
}
