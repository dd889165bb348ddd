import { beforeAll, describe, expect, it } from 'vitest';
import {
  bitShuffle,
  bloscDecode,
  bloscEncode,
  byteShuffle,
  CodecError,
  codecsReady,
  readBloscHeader,
  zstdCompress,
  zstdDecompress,
} from '../../src/codecs/index.js';
import { fromHex, hex, sameBytes, seededRandom } from './helpers.js';

beforeAll(() => codecsReady());

const random = seededRandom(42);

/** Bytes of `n` elements of `typesize` bytes that compress (a slow walk, like real series). */
function series(n: number, typesize: number): Uint8Array {
  const out = new Uint8Array(n * typesize);
  const view = new DataView(out.buffer);
  let x = 1000;
  for (let i = 0; i < n; i++) {
    x += Math.floor(random() * 7) - 3;
    if (typesize === 8) view.setFloat64(i * 8, x / 100, true);
    else if (typesize === 4) view.setInt32(i * 4, x, true);
    else if (typesize === 2) view.setInt16(i * 2, x, true);
    else out[i] = x & 0xff;
  }
  return out;
}

function noise(size: number): Uint8Array {
  return Uint8Array.from({ length: size }, () => random() * 256);
}

/** The decompressed content of block j of a non-memcpyed, don't-split buffer. */
function blockStream(buffer: Uint8Array, j: number, bsize: number): Uint8Array {
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const start = view.getInt32(16 + 4 * j, true);
  const csize = view.getInt32(start, true);
  const stream = buffer.subarray(start + 4, start + 4 + csize);
  return csize === bsize ? stream : zstdDecompress(stream);
}

describe('blosc encode/decode', () => {
  it('round-trips every element count from 1 to 300 for each typesize', () => {
    for (const typesize of [1, 2, 4, 8]) {
      for (let n = 1; n <= 300; n++) {
        const raw = series(n, typesize);
        const encoded = bloscEncode(raw, typesize);
        expect(sameBytes(bloscDecode(encoded), raw), `${n} x ${typesize}`).toBe(true);
        const h = readBloscHeader(encoded);
        expect(h.nbytes).toBe(raw.length);
        expect(h.blocksize).toBe(raw.length);
        expect(h.typesize).toBe(typesize);
        // Below 128 bytes c-blosc always stores a plain copy.
        if (raw.length < 128) {
          expect(h.flags).toBe(0x96);
          expect(hex(encoded.subarray(16))).toBe(hex(raw));
        }
      }
    }
  });

  it('round-trips sizes around the 256 KiB block size and a multi-block array with a leftover', () => {
    for (const [n, typesize] of [
      [1000, 8],
      [32767, 8],
      [32768, 8],
      [32769, 8],
      [262143, 8],
      [262145, 8],
      [262143, 1],
      [262144, 1],
      [262145, 1],
      [65536 + 3, 4],
      [1_000_003, 8],
    ] as const) {
      const raw = series(n, typesize);
      const encoded = bloscEncode(raw, typesize);
      const h = readBloscHeader(encoded);
      expect(h.flags, `${n} x ${typesize}`).toBe(0x94);
      expect(h.blocksize).toBe(Math.min(raw.length, 262144));
      expect(h.cbytes).toBe(encoded.length);
      expect(sameBytes(bloscDecode(encoded), raw)).toBe(true);
    }
  });

  it('bit-shuffles whole blocks and leaves blocks of a non-multiple of 8 elements as they are', () => {
    // 1,000,003 float64: 30 full blocks of 32768 elements, then 16963 left over.
    const n = 1_000_003;
    const raw = series(n, 8);
    const encoded = bloscEncode(raw, 8);
    const first = raw.subarray(0, 262144);
    const shuffled = new Uint8Array(262144);
    bitShuffle(first, shuffled, 32768, 8);
    expect(sameBytes(blockStream(encoded, 0, 262144), shuffled)).toBe(true);
    const last = raw.subarray(30 * 262144);
    expect(last.length / 8).toBe(16963);
    expect(sameBytes(blockStream(encoded, 30, last.length), last)).toBe(true);
    // 100 elements: one block, not shuffled.
    const small = series(100, 8);
    expect(sameBytes(blockStream(bloscEncode(small, 8), 0, 800), small)).toBe(true);
  });

  it('falls back to a plain copy when compression does not pay (FORMAT.md 6.1)', () => {
    // 1,000 full-range random int64 take 8,016 bytes: header + raw.
    const raw = noise(8000);
    const encoded = bloscEncode(raw, 8);
    expect(encoded.length).toBe(8016);
    expect(readBloscHeader(encoded).flags).toBe(0x96);
    expect(sameBytes(bloscDecode(encoded), raw)).toBe(true);
    // Incompressible blocks inside a compressible array are stored raw.
    const mixed = new Uint8Array(3 * 262144);
    mixed.set(noise(262144), 262144);
    const packed = bloscEncode(mixed, 8);
    expect(packed.length).toBeLessThan(262144 + 1000);
    const view = new DataView(packed.buffer, packed.byteOffset);
    const second = view.getInt32(16 + 4, true);
    expect(view.getInt32(second, true)).toBe(262144);
    expect(sameBytes(bloscDecode(packed), mixed)).toBe(true);
  });

  it('writes the header Lakota writes, as in the fixture', () => {
    // FORMAT.md 5.3: one int64, 1577836800 (2020-01-01T00:00:00).
    const one = new Uint8Array(new BigInt64Array([1577836800n]).buffer);
    expect(hex(bloscEncode(one, 8))).toBe('02019608080000000800000018000000' + '00e10b5e00000000');
  });

  it('accepts other levels and shuffles, and a zero-length input', () => {
    const raw = series(5000, 8);
    for (const shuffle of ['none', 'byte', 'bit'] as const) {
      for (const clevel of [0, 1, 5, 9]) {
        const encoded = bloscEncode(raw, 8, { clevel, shuffle });
        expect(readBloscHeader(encoded).shuffle).toBe(shuffle);
        expect(readBloscHeader(encoded).memcpyed).toBe(clevel === 0);
        expect(sameBytes(bloscDecode(encoded), raw)).toBe(true);
      }
    }
    const empty = bloscEncode(new Uint8Array(0), 8);
    expect(hex(empty)).toBe('02019608000000000100000010000000');
    expect(bloscDecode(empty).length).toBe(0);
    expect(() => bloscEncode(raw, 8, { clevel: 10 })).toThrow(CodecError);
    expect(() => bloscEncode(raw, 0)).toThrow(CodecError);
  });
});

describe('blosc decoder on layouts Lakota never writes', () => {
  /** Builds a one-block buffer by hand from per-split streams. */
  function build(
    flags: number,
    typesize: number,
    raw: Uint8Array,
    streams: Uint8Array[],
  ): Uint8Array {
    const size = 16 + 4 + streams.reduce((a, s) => a + 4 + s.length, 0);
    const out = new Uint8Array(size);
    const view = new DataView(out.buffer);
    out.set([2, 1, flags, typesize]);
    view.setInt32(4, raw.length, true);
    view.setInt32(8, raw.length, true);
    view.setInt32(12, size, true);
    view.setInt32(16, 20, true);
    let p = 20;
    for (const s of streams) {
      view.setInt32(p, s.length, true);
      out.set(s, p + 4);
      p += 4 + s.length;
    }
    return out;
  }

  it('reads split blocks (one stream per byte of the type) with byte-shuffle', () => {
    const raw = series(256, 8);
    // Noise in every element's low byte makes that stream incompressible, so
    // it is stored raw (csize == its size) while the others are compressed.
    for (let i = 0; i < 256; i++) raw[i * 8] = random() * 256;
    const shuffled = new Uint8Array(raw.length);
    byteShuffle(raw, shuffled, 256, 8);
    // Without the don't-split flag, a block of >= 128 elements has one stream per byte.
    const streams = Array.from({ length: 8 }, (_, k) => {
      const part = shuffled.subarray(k * 256, (k + 1) * 256);
      const z = zstdCompress(part, 3);
      return z.length < part.length ? z : part;
    });
    expect(streams.map((s) => s.length === 256)).toEqual([
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(sameBytes(bloscDecode(build(0x01 | (4 << 5), 8, raw, streams)), raw)).toBe(true);
  });

  it('reads an unshuffled, don\u2019t-split block', () => {
    const raw = series(300, 4);
    expect(
      sameBytes(bloscDecode(build(0x10 | (4 << 5), 4, raw, [zstdCompress(raw, 1)])), raw),
    ).toBe(true);
  });

  it('rejects malformed buffers with CodecError', () => {
    const good = bloscEncode(series(5000, 8), 8);
    const copy = () => good.slice();
    const mutate = (f: (b: Uint8Array, v: DataView) => void) => {
      const b = copy();
      f(b, new DataView(b.buffer));
      return b;
    };
    const cases: [string, Uint8Array][] = [
      ['empty', new Uint8Array(0)],
      ['short header', good.subarray(0, 10)],
      ['truncated', good.subarray(0, good.length - 1)],
      ['padded', Uint8Array.from([...good, 0])],
      ['version 3', mutate((b) => (b[0] = 3))],
      ['future flag', mutate((b) => (b[2] = (b[2] as number) | 0x08))],
      ['lz4 compressor', mutate((b) => (b[2] = 0x14 | (1 << 5)))],
      ['typesize 0', mutate((b) => (b[3] = 0))],
      ['block size 0', mutate((_, v) => v.setInt32(8, 0, true))],
      ['block larger than data', mutate((_, v) => v.setInt32(8, 50000, true))],
      ['block offset outside', mutate((_, v) => v.setInt32(16, 1 << 20, true))],
      ['block offset inside the offsets', mutate((_, v) => v.setInt32(16, 4, true))],
      ['stream size too large', mutate((b, v) => v.setInt32(v.getInt32(16, true), b.length, true))],
      // Lakota's zstd frames carry no checksum, so only damage that breaks the
      // frame's structure is detectable: here its magic number.
      ['damaged zstd frame', mutate((b) => b.fill(0, 24, 28))],
      ['zstd frame of the wrong size', mutate((b) => (b[29] = 0x10))],
      ['memcpyed with wrong size', fromHex('020196080800000008000000190000000011223344556677')],
    ];
    for (const [name, bytes] of cases) {
      expect(() => bloscDecode(bytes), name).toThrow(CodecError);
    }
  });
});
