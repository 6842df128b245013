import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'sim/**/*.test.ts'],
    testTimeout: 30_000,
    // Two files at a time: vitest's default on 2 cores is one (cpus - 1), and most of these files wait on stores,
    // timers and ffmpeg rather than compute, so the suite's wall time was the sum of its files'. Each file has its own
    // database, queue prefix and data folders, so files do not see each other.
    maxWorkers: 2,
    hookTimeout: 60_000,
  },
});
