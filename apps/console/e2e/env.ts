import { parseEnv } from '@keten/contracts/env';
import { z } from 'zod';

const ZE2eEnvSchema = z.object({
  CONSOLE_URL: z.url(),
  DEMO_PASSWORD: z.string().min(1),
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  /** Where screenshots go; git-ignored. */
  E2E_ARTIFACTS_DIR: z.string().min(1).default('test-results'),
});

export const e2eEnv = parseEnv(ZE2eEnvSchema, process.env);
