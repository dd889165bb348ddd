import { CodecError } from './codec-error.js';
import {
  type ColumnArray,
  type Dtype,
  type NumericColumn,
  type NumericColumnConstructor,
  parseDtype,
} from './dtype.js';

// Typed arrays use the host's byte order, and the format is little-endian.
// Every platform Node and browsers ship on today is little-endian; refuse the
// rest loudly rather than write byte-swapped data.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function requireLittleEndian(): void {
  if (!LITTLE_ENDIAN) {
    throw new CodecError('This host is big-endian; Lakota column codecs need a little-endian CPU');
  }
}

const INT64_MIN = -(2n ** 63n);

function toBigInt(value: unknown, dt: Dtype): bigint {
  switch (typeof value) {
    case 'bigint':
      return value;
    case 'number':
      if (Number.isFinite(value)) return BigInt(Math.trunc(value));
      // numpy turns NaN into NaT (int64 min) when casting to datetime64.
      return INT64_MIN;
    case 'boolean':
      return value ? 1n : 0n;
    default:
      throw new CodecError(
        `Cannot store ${describe(value)} in a ${dt.name} column: give numbers or bigints`,
      );
  }
}

function toNumber(value: unknown, dt: Dtype): number {
  switch (typeof value) {
    case 'number':
      return value;
    case 'bigint':
      return Number(value);
    case 'boolean':
      return value ? 1 : 0;
    default:
      throw new CodecError(`Cannot store ${describe(value)} in a ${dt.name} column: give numbers`);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'})`;
  return `a ${typeof value}`;
}

function castNumeric(values: ArrayLike<unknown>, dt: Dtype): NumericColumn {
  const Type = dt.arrayType as NumericColumnConstructor;
  if (values instanceof Type && (dt.kind !== 'bool' || isZeroOne(values as Uint8Array))) {
    return values as NumericColumn;
  }
  const n = values.length;
  if (Type === BigInt64Array || Type === BigUint64Array) {
    const out = new Type(n);
    const bits = 64;
    for (let i = 0; i < n; i++) {
      const v = toBigInt(values[i], dt);
      // Wrap out-of-range integers as numpy's astype does.
      out[i] = Type === BigInt64Array ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v);
    }
    return out;
  }
  const out = new (Type as Float64ArrayConstructor)(n);
  if (dt.kind === 'bool') {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      // numpy's truth value: zero is False, everything else (NaN too) is True.
      out[i] = v === 0 || v === 0n || v === false || v === null || v === undefined ? 0 : 1;
    }
    return out as unknown as NumericColumn;
  }
  // Assigning to a typed array truncates toward zero and wraps integers like
  // numpy's astype; only the element conversion needs doing here.
  for (let i = 0; i < n; i++) out[i] = toNumber(values[i], dt);
  return out as unknown as NumericColumn;
}

function isZeroOne(values: Uint8Array): boolean {
  for (let i = 0; i < values.length; i++) if ((values[i] as number) > 1) return false;
  return true;
}

function castStrings(values: ArrayLike<unknown>, dt: Dtype): string[] {
  const n = values.length;
  let out: string[] | undefined = Array.isArray(values) ? undefined : new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let s: string;
    if (typeof v === 'string') s = v;
    else if (typeof v === 'number' || typeof v === 'bigint') s = String(v);
    else {
      throw new CodecError(
        `Cannot store ${describe(v)} in a str column (${dt.name}): give strings`,
      );
    }
    // numpy's unicode arrays cannot hold trailing NUL characters: they vanish
    // on the way in, so they must vanish here too for identical bytes.
    if (s.length > 0 && s.charCodeAt(s.length - 1) === 0) s = s.replace(/\0+$/, '');
    if (s !== v && out === undefined) out = (values as unknown[]).slice(0, i) as string[];
    if (out !== undefined) out[i] = s;
  }
  return out ?? (values as string[]);
}

/**
 * Casts column values to the in-memory representation of `dtype` (see
 * {@link ColumnArray}). Values that already have it are returned as they are;
 * others are converted like numpy's `astype`: floats to ints truncate, integers
 * wrap, numbers become strings in str columns. Datetimes carry no unit in
 * memory, so no unit conversion happens.
 */
export function castColumn(
  values: ColumnArray | ArrayLike<unknown>,
  dtype: string | Dtype,
): ColumnArray {
  const dt = parseDtype(dtype);
  if (dt.arrayType) return castNumeric(values, dt);
  if (dt.kind === 'str') return castStrings(values, dt);
  return Array.isArray(values) ? values : Array.from(values);
}

/** The raw little-endian bytes of a numeric column, as a view (no copy). */
export function numericBytes(values: NumericColumn): Uint8Array {
  requireLittleEndian();
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/**
 * A numeric column over raw little-endian bytes. The result shares memory with
 * `bytes` when their offset is aligned for the element type, and is a copy
 * otherwise.
 */
export function numericFromBytes(bytes: Uint8Array, dtype: string | Dtype): NumericColumn {
  requireLittleEndian();
  const dt = parseDtype(dtype);
  const Type = dt.arrayType;
  if (!Type) throw new CodecError(`${dt.name} is not a fixed-size dtype`);
  if (bytes.byteLength % dt.itemsize !== 0) {
    throw new CodecError(
      `Cannot read ${bytes.byteLength} bytes as ${dt.name}: not a multiple of its ${dt.itemsize}-byte items`,
    );
  }
  const n = bytes.byteLength / dt.itemsize;
  if (bytes.byteOffset % dt.itemsize === 0) {
    return new (Type as Uint8ArrayConstructor)(
      bytes.buffer as ArrayBuffer,
      bytes.byteOffset,
      n,
    ) as NumericColumn;
  }
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new (Type as Uint8ArrayConstructor)(copy.buffer, 0, n) as NumericColumn;
}
