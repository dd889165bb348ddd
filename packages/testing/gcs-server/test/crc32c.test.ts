import { describe, expect, it } from 'vitest';
import { crc32c, crc32cBase64 } from '../src/index.js';
import { bytes, sdkCrc32c } from './harness.js';

describe('crc32c', () => {
  it('matches the standard check value', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });

  it('extends a running checksum like one pass over the whole', () => {
    const data = bytes(1000);
    expect(crc32c(data.subarray(400), crc32c(data.subarray(0, 400)))).toBe(crc32c(data));
  });

  it('agrees with the SDK in the base64 form GCS reports', () => {
    for (const n of [0, 1, 7, 4096, 100_003]) {
      const data = bytes(n, n + 3);
      expect(crc32cBase64(data)).toBe(sdkCrc32c(data));
    }
  });
});
