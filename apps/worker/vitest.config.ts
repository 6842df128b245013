import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Every file runs real encoders against the clock (live feeds, stall limits of a second): one file at
    // a time keeps them from starving each other on a small machine.
    fileParallelism: false,
  },
});
