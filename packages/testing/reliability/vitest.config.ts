import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The suites run on the sources of the packages they test, so they see the
// core's files that its index does not export yet; the child processes they
// start run the builds (they cannot load TypeScript).
const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));
export default defineConfig({
  resolve: {
    alias: {
      '@lakota/core': src('../../core/src/index.ts'),
      '@lakota/pod-memory': src('../../pod-memory/src/index.ts'),
      '@lakota/pod-fs': src('../../pod-fs/src/index.ts'),
      '@lakota/pod-s3': src('../../pod-s3/src/index.ts'),
      '@lakota/pod-azure': src('../../pod-azure/src/index.ts'),
      '@lakota/pod-http': src('../../pod-http/src/index.ts'),
      '@lakota/server': src('../../server/src/index.ts'),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/build-dist.ts'],
    // Several suites start a dozen processes each on a shared 2-core machine.
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
