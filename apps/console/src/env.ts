import { parseEnv } from '@keten/contracts/env';
import { z } from 'zod';

/** Needed by `next build`: the /trpc rewrite destination is baked into the build output. */
export const ZBuildEnvSchema = z.object({
  API_INTERNAL_URL: z.url().default('http://127.0.0.1:4000'),
});

/** Needed by the running server (auth, proxy); never read at build time. */
export const ZServerEnvSchema = ZBuildEnvSchema.extend({
  NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 characters'),
  NEXTAUTH_URL: z.url(),
});

export type TServerEnv = z.infer<typeof ZServerEnvSchema>;

export function buildEnv(): z.infer<typeof ZBuildEnvSchema> {
  return parseEnv(ZBuildEnvSchema, process.env);
}

let cached: TServerEnv | undefined;

export function serverEnv(): TServerEnv {
  cached ??= parseEnv(ZServerEnvSchema, process.env);
  return cached;
}

/** Called once at server start; a build (CI without secrets) skips it. */
export function assertServerEnvAtStart(): void {
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  serverEnv();
}
