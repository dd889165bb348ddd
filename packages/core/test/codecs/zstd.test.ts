import { describe, expect, it } from 'vitest';
import {
  CodecError,
  codecsReady,
  encodeArray,
  setZstdBackend,
  type ZstdBackend,
  zstdBackend,
  zstdCompress,
  zstdDecompress,
} from '../../src/codecs/index.js';
import { LakotaError } from '../../src/errors.js';
import { fromHex, hex, seededRandom } from './helpers.js';

// vitest gives every test file fresh modules, so nothing has loaded zstd yet
// when this file starts.
describe('before codecsReady()', () => {
  it('refuses to compress, decompress or encode, and says what to do', () => {
    for (const call of [
      () => zstdCompress(new Uint8Array(10)),
      () => zstdDecompress(new Uint8Array(10)),
      () => encodeArray(new Float64Array(100), 'float64'),
      () => encodeArray(['a'], '<U0'),
    ]) {
      expect(call).toThrow(CodecError);
      expect(call).toThrow(/await codecsReady\(\)/);
    }
  });
});

describe('zstd', () => {
  it('loads once: codecsReady is idempotent and concurrent calls share the work', async () => {
    await Promise.all([codecsReady(), codecsReady()]);
    const backend = zstdBackend();
    await codecsReady();
    expect(zstdBackend()).toBe(backend);
  });

  it('writes the raw-block frame the fixture shows for a tiny input (FORMAT.md 6.2)', async () => {
    await codecsReady();
    // msgpack ["b", "<U1", [1]]: 10 bytes, too small to compress.
    const input = fromHex('93 a1 62 a3 3c 55 31 91 01');
    const frame = zstdCompress(input, 1);
    // magic, FHD 0x20 (single segment), FCS = 9, one last raw block of 9 bytes.
    expect(hex(frame)).toBe(`28b52ffd2009490000${hex(input)}`);
    expect(hex(zstdDecompress(frame))).toBe(hex(input));
  });

  it('round-trips inputs of many sizes and contents at levels 1, 3 and 9', async () => {
    await codecsReady();
    const random = seededRandom(7);
    for (const size of [0, 1, 2, 100, 4096, 65537, 200_000]) {
      for (const kind of ['random', 'text', 'zeros']) {
        const input = new Uint8Array(size);
        if (kind === 'random') for (let i = 0; i < size; i++) input[i] = random() * 256;
        if (kind === 'text') for (let i = 0; i < size; i++) input[i] = 97 + ((i * 7) % 13);
        for (const level of size > 100_000 ? [1] : [1, 3, 9]) {
          const frame = zstdCompress(input, level);
          expect(hex(frame.subarray(0, 4))).toBe('28b52ffd');
          expect(zstdDecompress(frame)).toEqual(input);
        }
      }
    }
  });

  it('returns undefined when a bounded output would overflow, as blosc needs', async () => {
    await codecsReady();
    const random = seededRandom(3);
    const noise = Uint8Array.from({ length: 5000 }, () => random() * 256);
    expect(zstdBackend().compress(noise, 9, 4000)).toBeUndefined();
    const zeros = new Uint8Array(5000);
    expect(zstdBackend().compress(zeros, 9, 4000)?.length).toBeLessThan(100);
  });

  it('rejects malformed frames with CodecError', async () => {
    await codecsReady();
    const good = zstdCompress(new TextEncoder().encode('hello hello hello hello hello'), 1);
    const cases: [string, Uint8Array][] = [
      ['empty', new Uint8Array(0)],
      ['not zstd', fromHex('0102030405060708')],
      ['truncated', good.subarray(0, good.length - 3)],
      ['trailing garbage', Uint8Array.from([...good, 1, 2, 3])],
      // Frame header without the content-size field (FHD 0x00, window descriptor).
      ['no content size', fromHex('28b52ffd 00 58 01 00 00 61')],
    ];
    for (const [name, bytes] of cases) {
      let error: unknown;
      try {
        zstdDecompress(bytes);
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(CodecError);
      expect((error as CodecError).code, name).toBe('CODEC');
      expect(error, name).toBeInstanceOf(LakotaError);
    }
  });

  it('lets another backend replace the WebAssembly one', async () => {
    await codecsReady();
    const original = zstdBackend();
    const calls: string[] = [];
    const spy: ZstdBackend = {
      name: 'spy',
      version: original.version,
      compress: (src, level, capacity) => {
        calls.push(`compress ${src.length} ${level}`);
        return original.compress(src, level, capacity);
      },
      decompress: (src, size) => {
        calls.push('decompress');
        return original.decompress(src, size);
      },
    };
    setZstdBackend(spy);
    try {
      const bytes = encodeArray(['x', 'y'], '<U0');
      expect(zstdDecompress(bytes).length).toBeGreaterThan(0);
      // msgpack2 of ['x', 'y'] is 11 bytes: 93 a1 78 a1 79 a3 3c 55 31 91 02.
      expect(calls).toEqual(['compress 11 1', 'decompress']);
    } finally {
      setZstdBackend(original);
    }
  });
});
