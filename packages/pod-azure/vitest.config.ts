import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Large-file cases go through an HTTP emulator on a shared 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 90_000,
  },
});
