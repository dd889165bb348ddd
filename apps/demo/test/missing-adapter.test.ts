import { MissingAdapterError, Repo } from '@lakota/core';
import { expect, it } from 'vitest';

// This app installs only @lakota/core and @lakota/pod-fs: opening an S3 URI
// must say which package to install, not fail deep inside a loader.
it('names the adapter package to install for a URI whose pod is missing', async () => {
  const err = await Repo.open('s3:///bucket/prefix').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(MissingAdapterError);
  expect((err as Error).message).toContain('npm install @lakota/pod-s3');
});
