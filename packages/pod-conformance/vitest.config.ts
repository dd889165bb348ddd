import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // test/fixtures holds a suite run on purpose-built broken pods by a test, not directly.
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
