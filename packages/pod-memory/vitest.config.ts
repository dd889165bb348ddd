import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The conformance suite's large-file and concurrency tests take seconds on a busy machine.
    testTimeout: 60_000,
  },
});
