import { parseEnv } from '@keten/contracts/env';
import { z } from 'zod';

/** The running server's environment (auth, the /trpc rewrite); `next build` reads none of it. */
export const ZServerEnvSchema = z.object({
  NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 characters'),
  NEXTAUTH_URL: z.url(),
  API_INTERNAL_URL: z.url().default('http://127.0.0.1:4000'),
});

export type TServerEnv = z.infer<typeof ZServerEnvSchema>;

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
