import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Large-file cases go through an HTTP emulator on a shared 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // The SDK warns that its releases from 2027 on need Node 22 (see the
    // README); the warning says nothing about these tests.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
