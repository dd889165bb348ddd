import { CRC32C, Storage, type StorageOptions } from '@google-cloud/storage';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type GcsServer, type GcsServerOptions, startGcsServer } from '../src/index.js';

/** Starts one server for the file, empties it before each test, closes it at the end. */
export function useGcsServer(options: GcsServerOptions = {}) {
  const ctx = {} as { server: GcsServer; storage: Storage };
  beforeAll(async () => {
    ctx.server = await startGcsServer(options);
    ctx.storage = sdkFor(ctx.server);
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

/**
 * The official client aimed at the server. A custom `apiEndpoint` makes the
 * SDK skip authentication (useAuthWithCustomEndpoint stays false), and a
 * projectId spares it from looking one up.
 */
export function sdkFor(server: GcsServer, options: StorageOptions = {}): Storage {
  return new Storage({
    apiEndpoint: server.url,
    projectId: 'test',
    ...options,
  });
}

export const bytes = (n: number, seed = 1): Buffer => {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
};

/**
 * HTTP status of a failed SDK call: `code` on the SDK's ApiError, `status` on
 * the GaxiosError that resumable uploads throw.
 */
export async function statusOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    const e = err as { code?: unknown; status?: unknown };
    return typeof e.code === 'number' ? e.code : e.status;
  }
  throw new Error('expected the call to fail');
}

/** The CRC32C of `data` as the SDK computes it (base64 of the big-endian value). */
export function sdkCrc32c(data: Uint8Array): string {
  const crc = new CRC32C();
  crc.update(Buffer.from(data));
  return crc.toString();
}
