import { CodecError } from './codec-error.js';
import { type ColumnArray, type Dtype, parseDtype } from './dtype.js';
import { type MsgpackDecodeOptions, MsgpackReader, MsgpackWriter } from './msgpack.js';

/**
 * numcodecs' `msgpack2` codec (its MsgPack class): an array is written as one
 * MessagePack array `[v0, …, vn-1, dtype.str, shape]`, e.g.
 * `["paris", "<U5", [1]]` or `[{…}, "|O", [1]]`.
 */

/** A decoded msgpack2 buffer. */
export interface Msgpack2Array {
  /** The n values, flat. */
  values: unknown[];
  /** numpy's `dtype.str` as stored: `<U5`, `|O`, `<i8`, … */
  dtype: string;
  shape: number[];
}

/** numpy's width for a unicode array of these values: the longest in code points, at least 1. */
export function unicodeWidth(values: readonly string[]): number {
  let width = 1;
  for (const s of values) {
    if (s.length <= width) continue;
    let points = s.length;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      // A surrogate pair is one code point in two UTF-16 units.
      if (c >= 0xd800 && c <= 0xdbff) points--;
    }
    if (points > width) width = points;
  }
  return width;
}

/**
 * Encodes column values as numcodecs' msgpack2 does for an array of `dtype`:
 * strings with dtype `<U{width}`, objects with `|O`, numbers with their
 * `dtype.str` (floats always as float64, like Python floats). Datetime arrays
 * cannot be written (numpy turns them into Python datetimes, which msgpack
 * refuses): use blosc for them.
 */
export function encodeMsgpack2(
  values: ColumnArray | readonly unknown[],
  dtype: string | Dtype,
  /** Bytes to reserve up front, when the caller knows about how many it needs. */
  capacity?: number,
): Uint8Array {
  const dt = parseDtype(dtype);
  const n = values.length;
  const writer = new MsgpackWriter(capacity ?? Math.max(64, n * 8));
  writer.writeArrayHeader(n + 2);
  let dtypeStr = dt.str;
  switch (dt.kind) {
    case 'str': {
      const strings = values as readonly string[];
      for (let i = 0; i < n; i++) {
        const s = strings[i];
        if (typeof s !== 'string') {
          throw new CodecError(
            `msgpack2 of a ${dt.name} array needs strings; item ${i} is a ${typeof s}`,
          );
        }
        writer.writeString(s);
      }
      dtypeStr = `<U${unicodeWidth(strings)}`;
      break;
    }
    case 'object':
      for (let i = 0; i < n; i++) writer.writeValue((values as readonly unknown[])[i]);
      break;
    case 'int':
    case 'uint':
      for (let i = 0; i < n; i++) {
        const v = (values as ArrayLike<unknown>)[i];
        if (typeof v === 'bigint') writer.writeBigInt(v);
        else if (typeof v === 'number' && Number.isSafeInteger(v)) writer.writeInteger(v);
        else
          throw new CodecError(
            `msgpack2 of a ${dt.name} array needs integers; item ${i} is ${String(v)}`,
          );
      }
      break;
    case 'float':
      for (let i = 0; i < n; i++) writer.writeFloat64(Number((values as ArrayLike<unknown>)[i]));
      break;
    case 'bool':
      for (let i = 0; i < n; i++) writer.writeBoolean(Boolean((values as ArrayLike<unknown>)[i]));
      break;
    default:
      throw new CodecError(
        `numcodecs cannot write ${dt.name} arrays with msgpack2 (they become Python datetimes): use the blosc codec`,
      );
  }
  writer.writeString(dtypeStr);
  writer.writeArrayHeader(1);
  writer.writeInteger(n);
  return writer.finish();
}

/** Decodes a msgpack2 buffer into its values, stored dtype and shape. */
export function decodeMsgpack2(
  bytes: Uint8Array,
  options: MsgpackDecodeOptions = {},
): Msgpack2Array {
  const reader = new MsgpackReader(bytes, options);
  const total = reader.readArrayHeader();
  if (total < 2) {
    throw new CodecError(
      `Not a msgpack2 array: ${total} items, expected values then dtype and shape`,
    );
  }
  const n = total - 2;
  const values = new Array<unknown>(n);
  for (let i = 0; i < n; i++) values[i] = reader.readValue();
  const dtype = reader.readValue();
  const shape = reader.readValue();
  if (typeof dtype !== 'string') {
    throw new CodecError(
      `Malformed msgpack2 array: the dtype item is a ${typeof dtype}, expected a string`,
    );
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new CodecError('Malformed msgpack2 array: the shape item is not a list of sizes');
  }
  const count = (shape as number[]).reduce((a, b) => a * b, 1);
  if (count !== n) {
    throw new CodecError(
      `Malformed msgpack2 array: shape [${shape.join(', ')}] does not hold ${n} values`,
    );
  }
  if (!reader.atEnd) {
    throw new CodecError(`Malformed msgpack2 array: ${bytes.length - reader.pos} trailing bytes`);
  }
  return { values, dtype, shape: shape as number[] };
}
