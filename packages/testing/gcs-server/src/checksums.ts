import { createHash } from 'node:crypto';
import { crc32cBase64 } from './crc32c.js';
import { GcsError } from './gcs-error.js';
import type { StoredObject } from './object-store.js';

export interface Checksums {
  crc32c?: string;
  md5?: string;
}

/** Reads `X-Goog-Hash: crc32c=…,md5=…` (either may be missing). */
export function parseGoogHash(header: string | string[] | undefined): Checksums {
  const out: Checksums = {};
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  for (const pair of text.split(',')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const key = pair.slice(0, eq).trim().toLowerCase();
    const value = pair.slice(eq + 1).trim();
    if (key === 'crc32c') out.crc32c = value;
    else if (key === 'md5') out.md5 = value;
  }
  return out;
}

/** Rejects an upload whose bytes do not match the checksums the client declared, as GCS does. */
export function verifyChecksums(data: Buffer, expected: Checksums): void {
  if (expected.crc32c !== undefined) {
    const actual = crc32cBase64(data);
    if (actual !== expected.crc32c) {
      throw new GcsError(
        400,
        'invalid',
        `Provided CRC32C "${expected.crc32c}" doesn't match calculated CRC32C "${actual}".`,
      );
    }
  }
  if (expected.md5 !== undefined) {
    const actual = createHash('md5').update(data).digest('base64');
    if (actual !== expected.md5) {
      throw new GcsError(
        400,
        'invalid',
        `Provided MD5 hash "${expected.md5}" doesn't match calculated MD5 hash "${actual}".`,
      );
    }
  }
}

/** The `x-goog-hash` header of a download: the whole object's checksums. */
export function googHashOf(obj: StoredObject): string {
  const parts = [`crc32c=${obj.crc32c}`];
  if (obj.md5Hash !== undefined) parts.push(`md5=${obj.md5Hash}`);
  return parts.join(',');
}
