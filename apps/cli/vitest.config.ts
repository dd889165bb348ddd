import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Subprocess tests spawn node many times on a shared, busy machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
