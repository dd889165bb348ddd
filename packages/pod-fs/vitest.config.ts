import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Child processes run the built package (they cannot load TypeScript): build it when stale.
    globalSetup: ['test/build-dist.ts'],
    testTimeout: 60_000,
  },
});
