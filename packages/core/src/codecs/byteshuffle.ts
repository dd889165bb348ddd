/**
 * Byte-shuffle as c-blosc applies it (flag 0x01): for `n` elements of
 * `typesize` bytes, byte `s` of element `i` goes to `s * n + i`, so equal
 * high bytes of neighbouring numbers end up side by side. Lakota writes
 * bit-shuffle; this exists to read buffers other writers made.
 */

/** Byte-shuffles `n` elements of `typesize` bytes from `src` into `dst`. */
export function byteShuffle(src: Uint8Array, dst: Uint8Array, n: number, typesize: number): void {
  checkArgs(src, dst, n, typesize);
  for (let s = 0; s < typesize; s++) {
    const row = s * n;
    for (let i = 0, p = s; i < n; i++, p += typesize) dst[row + i] = src[p] as number;
  }
}

/** Reverses {@link byteShuffle}. */
export function byteUnshuffle(src: Uint8Array, dst: Uint8Array, n: number, typesize: number): void {
  checkArgs(src, dst, n, typesize);
  for (let s = 0; s < typesize; s++) {
    const row = s * n;
    for (let i = 0, q = s; i < n; i++, q += typesize) dst[q] = src[row + i] as number;
  }
}

function checkArgs(src: Uint8Array, dst: Uint8Array, n: number, typesize: number): void {
  const size = n * typesize;
  if (typesize < 1 || src.length < size || dst.length < size) {
    throw new RangeError(`byte shuffle of ${n} x ${typesize} bytes needs ${size}-byte buffers`);
  }
}
