import { expect } from 'vitest';

const encoder = new TextEncoder();

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * Deterministic pseudo-random bytes (xorshift32): incompressible enough to
 * catch truncation or reordering, and cheap for 32 MiB.
 */
export function patternBytes(size: number, seed = 1): Uint8Array {
  const words = new Uint32Array(Math.ceil(size / 4));
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return new Uint8Array(words.buffer, 0, size);
}

/** Every byte value 0–255 upward, then downward: 512 bytes. */
export function allByteValues(): Uint8Array {
  const out = new Uint8Array(512);
  for (let i = 0; i < 256; i++) {
    out[i] = i;
    out[511 - i] = i;
  }
  return out;
}

/** Offset of the first byte where `a` and `b` differ, or undefined when equal. */
export function firstDifference(a: Uint8Array, b: Uint8Array): number | undefined {
  const n = Math.min(a.byteLength, b.byteLength);
  const x = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const y = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (x.equals(y)) return undefined;
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return i;
  return n;
}

/** True when both hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && firstDifference(a, b) === undefined;
}

/**
 * Asserts byte equality without vitest's element-by-element diff, which is
 * unreadable and slow for megabytes; the failure names the first difference.
 */
export function expectBytes(
  actual: Uint8Array | undefined,
  expected: Uint8Array,
  what: string,
): void {
  expect(actual, `${what}: expected a Uint8Array`).toBeInstanceOf(Uint8Array);
  const a = actual as Uint8Array;
  expect(a.byteLength, `${what}: byte length`).toBe(expected.byteLength);
  expect(
    firstDifference(a, expected),
    `${what}: offset of the first differing byte`,
  ).toBeUndefined();
}
