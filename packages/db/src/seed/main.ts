import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvError, parseEnv } from '@keten/contracts';
import { z } from 'zod';
import { createPrisma } from '../client';
import { seed, seedOperators } from './index';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

const envSchema = z.object({
  DATABASE_URL: z.url().default('postgresql://keten:keten@127.0.0.1:5432/keten'),
  DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters (the demo operators sign in with it)'),
  MEDIA_ROOT: z
    .string()
    .min(1)
    .default(join(REPO_ROOT, '.data', 'media')),
});

function readEnv(): z.infer<typeof envSchema> {
  try {
    return parseEnv(envSchema, process.env);
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(`seed: ${error.message}`);
    process.exit(1);
  }
}

const env = readEnv();

const prisma = createPrisma(env.DATABASE_URL);
try {
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const operators = await seedOperators(prisma, env.DEMO_PASSWORD);
  console.log(`seed: operators ${operators.created} created, ${operators.updated} password(s) reset`);
  const result = await seed(prisma, {
    mediaRoot: env.MEDIA_ROOT,
    log: (line) => console.log(`${line} (${elapsed()})`),
  });
  const inserted = Object.entries(result.created)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => `${table} ${n}`);
  console.log(`seed: inserted ${inserted.length ? inserted.join(', ') : 'nothing (already seeded)'}`);
  console.log(`seed: done in ${elapsed()}`);
} finally {
  await prisma.$disconnect();
}
