import { randomUUID } from 'node:crypto';
import { type GcsServer, startGcsServer } from '@lakota/testing-gcs-server';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { GcsPod, type GcsPodOptions } from '../src/index.js';

/** Retries without waiting, so failure tests stay fast. */
export const FAST_RETRY = { retries: 2, baseDelayMs: 1, maxDelayMs: 2 };

/** A pod on the run's shared server, under a fresh prefix. */
export function sharedPod(options: Partial<GcsPodOptions> = {}): GcsPod {
  return new GcsPod({
    bucket: inject('gcsBucket'),
    prefix: `t/${randomUUID()}`,
    apiEndpoint: inject('gcsUrl'),
    ...options,
  });
}

/**
 * A server of the test file's own, for tests that look at the requests or
 * inject failures. Emptied before each test, with the bucket 'bkt'.
 */
export function useOwnServer() {
  const ctx = {} as { server: GcsServer; pod: (options?: Partial<GcsPodOptions>) => GcsPod };
  beforeAll(async () => {
    ctx.server = await startGcsServer();
    ctx.pod = (options = {}) =>
      new GcsPod({ bucket: 'bkt', apiEndpoint: ctx.server.url, retry: FAST_RETRY, ...options });
  });
  beforeEach(() => {
    ctx.server.reset();
    ctx.server.createBucket('bkt');
  });
  afterAll(async () => {
    await ctx.server?.close();
  });
  return ctx;
}

export const utf8 = (s: string) => new TextEncoder().encode(s);
export const text = (b: Uint8Array) => new TextDecoder().decode(b);
