import { describe, expect, it } from 'vitest';
import { bitShuffle, bitUnshuffle, byteShuffle, byteUnshuffle } from '../../src/codecs/index.js';
import { fromHex, hex, sameBytes, seededRandom } from './helpers.js';

const random = seededRandom(11);

/** The bitshuffle layout spelled out one bit at a time (FORMAT.md 6.1). */
function naiveBitShuffle(src: Uint8Array, n: number, typesize: number): Uint8Array {
  const out = new Uint8Array(n * typesize);
  const planeSize = n / 8;
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < typesize; s++) {
      for (let k = 0; k < 8; k++) {
        const bit = ((src[i * typesize + s] as number) >> k) & 1;
        const plane = s * 8 + k;
        out[plane * planeSize + (i >> 3)] =
          (out[plane * planeSize + (i >> 3)] as number) | (bit << (i & 7));
      }
    }
  }
  return out;
}

function naiveByteShuffle(src: Uint8Array, n: number, typesize: number): Uint8Array {
  const out = new Uint8Array(n * typesize);
  for (let i = 0; i < n; i++)
    for (let s = 0; s < typesize; s++) out[s * n + i] = src[i * typesize + s] as number;
  return out;
}

function noise(size: number): Uint8Array {
  return Uint8Array.from({ length: size }, () => random() * 256);
}

describe('bitshuffle', () => {
  it('matches the bit-by-bit reference for every typesize and several lengths', () => {
    for (const typesize of [1, 2, 3, 4, 8, 16]) {
      for (const n of [8, 16, 24, 64, 200, 1024]) {
        const src = noise(n * typesize);
        const shuffled = new Uint8Array(src.length);
        bitShuffle(src, shuffled, n, typesize);
        expect(sameBytes(shuffled, naiveBitShuffle(src, n, typesize)), `${n} x ${typesize}`).toBe(
          true,
        );
        const back = new Uint8Array(src.length);
        bitUnshuffle(shuffled, back, n, typesize);
        expect(sameBytes(back, src), `${n} x ${typesize}`).toBe(true);
      }
    }
  });

  it('gives the plane layout of a known example', () => {
    // Eight int16 values 1..8: bit 0 of byte 0 is set for 1,3,5,7 (elements 0,2,4,6).
    const src = new Uint8Array(new Uint16Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer);
    const out = new Uint8Array(16);
    bitShuffle(src, out, 8, 2);
    // Planes (byte 0, bits 0..7) then (byte 1, bits 0..7), one byte each.
    expect(hex(out)).toBe('55 66 78 80 00 00 00 00 00 00 00 00 00 00 00 00'.replaceAll(' ', ''));
  });

  it('round-trips a 1M-element float64 array', () => {
    const n = 1 << 20;
    const values = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 1000);
    const src = new Uint8Array(values.buffer);
    const shuffled = new Uint8Array(src.length);
    bitShuffle(src, shuffled, n, 8);
    const back = new Uint8Array(src.length);
    bitUnshuffle(shuffled, back, n, 8);
    expect(sameBytes(back, src)).toBe(true);
    // Spot-check against the reference on the first 64 elements' planes.
    const head = naiveBitShuffle(src.subarray(0, 64 * 8), 64, 8);
    const headOwn = new Uint8Array(64 * 8);
    bitShuffle(src.subarray(0, 64 * 8), headOwn, 64, 8);
    expect(sameBytes(headOwn, head)).toBe(true);
  });

  it('refuses element counts that are not a multiple of 8 and short buffers', () => {
    expect(() => bitShuffle(new Uint8Array(80), new Uint8Array(80), 10, 8)).toThrow(RangeError);
    expect(() => bitUnshuffle(new Uint8Array(8), new Uint8Array(64), 8, 8)).toThrow(RangeError);
  });
});

describe('byte shuffle', () => {
  it('matches the reference and round-trips', () => {
    for (const typesize of [1, 2, 4, 8, 5]) {
      for (const n of [1, 7, 100]) {
        const src = noise(n * typesize);
        const shuffled = new Uint8Array(src.length);
        byteShuffle(src, shuffled, n, typesize);
        expect(sameBytes(shuffled, naiveByteShuffle(src, n, typesize))).toBe(true);
        const back = new Uint8Array(src.length);
        byteUnshuffle(shuffled, back, n, typesize);
        expect(sameBytes(back, src)).toBe(true);
      }
    }
    const out = new Uint8Array(6);
    byteShuffle(fromHex('010203 040506'), out, 2, 3);
    expect(hex(out)).toBe('010402050306');
  });
});
