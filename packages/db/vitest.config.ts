import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

// `pnpm --filter @keten/db test` on a fresh checkout: the git-ignored client must exist before any test imports it.
if (!existsSync(`${root}src/generated/prisma/client.ts`)) {
  const generate = spawnSync('pnpm', ['run', 'generate'], { cwd: root, stdio: 'inherit' });
  if (generate.status !== 0)
    throw new Error('prisma generate failed; run `pnpm --filter @keten/db generate`');
}

export default defineConfig({
  test: {
    // Every test file of the package, ClickHouse tests included.
    include: ['src/**/*.test.ts'],
    // Tests create real databases and run the Prisma CLI; on 2 cores one file at a time is faster and calmer.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
