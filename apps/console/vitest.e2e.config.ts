import { defineConfig } from 'vitest/config';

/** Browser tests against a running console (CONSOLE_URL); see e2e/README.md. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
