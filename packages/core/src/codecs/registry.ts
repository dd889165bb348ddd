import { bloscDecode, bloscEncode } from './blosc.js';
import { CodecError } from './codec-error.js';
import { castColumn } from './column-cast.js';
import type { ColumnArray, Dtype } from './dtype.js';
import type { MsgpackDecodeOptions } from './msgpack.js';
import { decodeMsgpack2, encodeMsgpack2 } from './msgpack2.js';
import { zstdCompress, zstdDecompress } from './zstd.js';

/**
 * A codec that turns bytes into bytes (blosc, zstd). In a chain it receives
 * the raw little-endian bytes of a numeric column (typesize = itemsize), or
 * the output of the codec before it (typesize = 1).
 */
export interface BytesCodec {
  /** The numcodecs id that schemas name it by. */
  readonly id: string;
  readonly kind: 'bytes';
  encode(bytes: Uint8Array, typesize: number): Uint8Array;
  decode(bytes: Uint8Array, typesize: number): Uint8Array;
}

/**
 * A codec that turns column values into bytes (msgpack2). It can only come
 * first in a chain, and is the only way to store str and object columns.
 */
export interface ValuesCodec {
  readonly id: string;
  readonly kind: 'values';
  encode(values: ColumnArray, dtype: Dtype): Uint8Array;
  /** Returns the column in the in-memory representation of `dtype`. */
  decode(bytes: Uint8Array, dtype: Dtype, options?: MsgpackDecodeOptions): ColumnArray;
}

/** One link of a schema's codec chain, such as `["msgpack2", "zstd"]` or `["blosc"]`. */
export type ArrayCodec = BytesCodec | ValuesCodec;

const blosc: BytesCodec = {
  id: 'blosc',
  kind: 'bytes',
  encode: (bytes, typesize) => bloscEncode(bytes, typesize),
  decode: (bytes) => bloscDecode(bytes),
};

const zstd: BytesCodec = {
  id: 'zstd',
  kind: 'bytes',
  // numcodecs' Zstd default level, which Lakota uses.
  encode: (bytes) => zstdCompress(bytes, 1),
  decode: (bytes) => zstdDecompress(bytes),
};

const msgpack2: ValuesCodec = {
  id: 'msgpack2',
  kind: 'values',
  encode: (values, dtype) => encodeMsgpack2(values, dtype),
  decode(bytes, dtype, options) {
    const { values } = decodeMsgpack2(bytes, options);
    if (dtype.kind === 'str') {
      for (let i = 0; i < values.length; i++) {
        if (typeof values[i] !== 'string') {
          throw new CodecError(
            `A ${dtype.name} column decoded a ${typeof values[i]} at position ${i}: the data does not match the schema`,
          );
        }
      }
      return values as string[];
    }
    return dtype.kind === 'object' ? values : castColumn(values, dtype);
  },
};

const codecs = new Map<string, ArrayCodec>([
  [blosc.id, blosc],
  [zstd.id, zstd],
  [msgpack2.id, msgpack2],
]);

/**
 * Adds a codec, or replaces the one with the same id (for instance a faster
 * implementation of the same format); the engine looks codecs up by id on
 * every call, so a replacement takes effect at once.
 */
export function registerCodec(codec: ArrayCodec): void {
  if (!codec.id || (codec.kind !== 'bytes' && codec.kind !== 'values')) {
    throw new CodecError(`A codec needs an id and a kind of 'bytes' or 'values'`);
  }
  codecs.set(codec.id, codec);
}

/** The codec registered under `id`; an unknown id is a CodecError. */
export function getCodec(id: string): ArrayCodec {
  const codec = codecs.get(id);
  if (codec === undefined) {
    throw new CodecError(
      `Unknown codec '${id}': registered codecs are ${[...codecs.keys()].join(', ')} (add others with registerCodec)`,
    );
  }
  return codec;
}

/** The ids of every registered codec. */
export function registeredCodecs(): string[] {
  return [...codecs.keys()];
}
