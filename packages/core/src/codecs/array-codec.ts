import { createHash } from 'node:crypto';
import { CodecError } from './codec-error.js';
import { castColumn, numericBytes, numericFromBytes } from './column-cast.js';
import {
  type ColumnArray,
  type Dtype,
  emptyColumn,
  type NumericColumn,
  parseDtype,
} from './dtype.js';
import type { MsgpackDecodeOptions } from './msgpack.js';
import { decodeMsgpack2, encodeMsgpack2 } from './msgpack2.js';
import { type ArrayCodec, type BytesCodec, getCodec, type ValuesCodec } from './registry.js';

/** sha1 of nothing: the digest of every empty array. */
export const EMPTY_DIGEST = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';

/** SHA-1 of `bytes`, as 40 lowercase hex characters. */
export function sha1Hex(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/** The codec chain Lakota gives a column by default: blosc for fixed-size dtypes, msgpack2 + zstd for str and object. */
export function defaultCodecs(dtype: string | Dtype): string[] {
  return parseDtype(dtype).itemsize > 0 ? ['blosc'] : ['msgpack2', 'zstd'];
}

interface Chain {
  /** A leading values codec, which str and object columns require. */
  head?: ValuesCodec;
  /** The bytes codecs after it, in encoding order. */
  tail: BytesCodec[];
}

function resolve(dt: Dtype, ids: readonly string[]): Chain {
  const codecs = ids.map(getCodec);
  const first = codecs[0];
  const head = first?.kind === 'values' ? first : undefined;
  const tail = (head ? codecs.slice(1) : codecs) as ArrayCodec[];
  for (const codec of tail) {
    if (codec.kind !== 'bytes') {
      throw new CodecError(
        `Codec chain [${ids.join(', ')}]: '${codec.id}' turns values into bytes, so it must come first`,
      );
    }
  }
  if (!head && dt.itemsize === 0) {
    throw new CodecError(
      `Codec chain [${ids.join(', ')}] cannot store a ${dt.name} column: start it with msgpack2`,
    );
  }
  return head ? { head, tail: tail as BytesCodec[] } : { tail: tail as BytesCodec[] };
}

/**
 * Encodes a column with a codec chain, as Python Lakota does: cast to the
 * dtype, then apply the chain left to right. An empty array gives 0 bytes,
 * with no codec framing at all. Needs `await codecsReady()` for blosc and zstd.
 */
export function encodeArray(
  values: ColumnArray | ArrayLike<unknown>,
  dtype: string | Dtype,
  codecs: readonly string[] = defaultCodecs(dtype),
): Uint8Array {
  const dt = parseDtype(dtype);
  if (values.length === 0) return new Uint8Array(0);
  const { head, tail } = resolve(dt, codecs);
  const column = castColumn(values, dt);
  let bytes: Uint8Array;
  let typesize: number;
  if (head) {
    bytes = head.encode(column, dt);
    typesize = 1;
  } else {
    bytes = numericBytes(column as NumericColumn);
    typesize = dt.itemsize;
    // With no codec at all, the result would alias the caller's array.
    if (tail.length === 0) bytes = bytes.slice();
  }
  for (const codec of tail) bytes = codec.encode(bytes, typesize);
  return bytes;
}

/**
 * Decodes bytes written by {@link encodeArray} (or by Python Lakota) into the
 * in-memory representation of `dtype`. 0 bytes give an empty array. `maps`
 * chooses how object columns return maps (see MsgpackDecodeOptions).
 */
export function decodeArray(
  bytes: Uint8Array,
  dtype: string | Dtype,
  codecs: readonly string[] = defaultCodecs(dtype),
  options: MsgpackDecodeOptions = {},
): ColumnArray {
  const dt = parseDtype(dtype);
  if (bytes.length === 0) return emptyColumn(dt, 0);
  const { head, tail } = resolve(dt, codecs);
  const typesize = head ? 1 : dt.itemsize;
  let data = bytes;
  for (let i = tail.length - 1; i >= 0; i--) data = (tail[i] as BytesCodec).decode(data, typesize);
  if (head) return head.decode(data, dt, options);
  // Never hand out a view of the caller's buffer.
  return numericFromBytes(data === bytes ? bytes.slice() : data, dt);
}

/**
 * The digest that names a column array (FORMAT.md 6.3): sha1 of the raw
 * little-endian values for fixed-size dtypes, sha1 of the encoded bytes for
 * str and object, sha1 of nothing for an empty array.
 */
export function arrayDigest(
  values: ColumnArray | ArrayLike<unknown>,
  dtype: string | Dtype,
  encoded: Uint8Array,
): string {
  if (values.length === 0) return EMPTY_DIGEST;
  const dt = parseDtype(dtype);
  if (dt.itemsize === 0) return sha1Hex(encoded);
  return sha1Hex(numericBytes(castColumn(values, dt) as NumericColumn));
}

/**
 * msgpack2 of an object array, uncompressed: the framing of a commit payload,
 * `[value0, …, "|O", [n]]` (FORMAT.md 5.1). `capacity` reserves that many
 * bytes up front (a large payload then needs no growing copies).
 */
export function encodeObjectArray(values: readonly unknown[], capacity?: number): Uint8Array {
  return encodeMsgpack2(values, 'object', capacity);
}

/** Reverses {@link encodeObjectArray}; `{ maps: 'map' }` returns maps as Maps in stored order. */
export function decodeObjectArray(
  bytes: Uint8Array,
  options: MsgpackDecodeOptions = {},
): unknown[] {
  return decodeMsgpack2(bytes, options).values;
}
