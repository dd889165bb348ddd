import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The core's tests run on the sources of the core and of the memory and folder
// pods (not their builds), so a pod package never becomes a build dependency of
// the core and every class is loaded once.
const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));
export default defineConfig({
  resolve: {
    alias: {
      '@lakota/core': src('./src/index.ts'),
      '@lakota/pod-memory': src('../pod-memory/src/index.ts'),
      '@lakota/pod-fs': src('../pod-fs/src/index.ts'),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
