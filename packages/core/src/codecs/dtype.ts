import { CodecError } from './codec-error.js';

/** The families of numpy dtypes that Lakota schemas use. */
export type DtypeKind = 'int' | 'uint' | 'float' | 'bool' | 'datetime' | 'str' | 'object';

/** numpy datetime64 units, from days down to nanoseconds. */
export type DatetimeUnit = 'D' | 'h' | 'm' | 's' | 'ms' | 'us' | 'ns';

/**
 * In-memory column data, laid out like numpy's so that numeric columns go to
 * and from bytes without conversion: int64 and every datetime64 unit ->
 * BigInt64Array (a count of the unit since 1970-01-01, NaT = -2^63), uint64 ->
 * BigUint64Array, float64/float32 -> Float64Array/Float32Array, smaller ints ->
 * the matching typed array, bool -> Uint8Array of 0/1, str -> string[],
 * object -> unknown[].
 */
export type ColumnArray =
  | BigInt64Array
  | BigUint64Array
  | Float64Array
  | Float32Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint32Array
  | Uint16Array
  | Uint8Array
  | string[]
  | unknown[];

/** The typed arrays that hold fixed-size columns. */
export type NumericColumn = Exclude<ColumnArray, string[] | unknown[]>;

/** A constructor of one of the typed arrays in {@link NumericColumn}. */
export type NumericColumnConstructor =
  | BigInt64ArrayConstructor
  | BigUint64ArrayConstructor
  | Float64ArrayConstructor
  | Float32ArrayConstructor
  | Int32ArrayConstructor
  | Int16ArrayConstructor
  | Int8ArrayConstructor
  | Uint32ArrayConstructor
  | Uint16ArrayConstructor
  | Uint8ArrayConstructor;

/** A parsed numpy dtype string. */
export interface Dtype {
  /** Canonical name, as `str(numpy.dtype)` prints it: `int64`, `datetime64[s]`, `bool`, `<U0`, `object`. */
  readonly name: string;
  readonly kind: DtypeKind;
  /** Bytes per element for fixed-size kinds; 0 for str and object, whose elements vary in size. */
  readonly itemsize: number;
  /** numpy's `dtype.str`: `<i8`, `<M8[s]`, `|b1`, `<U5`, `|O`. */
  readonly str: string;
  /** The unit of a datetime64 dtype. */
  readonly unit?: DatetimeUnit;
  /** The declared width of a str dtype in code points (0 for numpy's unsized `<U0`). */
  readonly width?: number;
  /** The typed array that holds this dtype in memory; absent for str and object. */
  readonly arrayType?: NumericColumnConstructor;
}

interface FixedSpec {
  name: string;
  kind: DtypeKind;
  itemsize: number;
  str: string;
  arrayType: NumericColumnConstructor;
}

const FIXED: FixedSpec[] = [
  { name: 'int64', kind: 'int', itemsize: 8, str: '<i8', arrayType: BigInt64Array },
  { name: 'int32', kind: 'int', itemsize: 4, str: '<i4', arrayType: Int32Array },
  { name: 'int16', kind: 'int', itemsize: 2, str: '<i2', arrayType: Int16Array },
  { name: 'int8', kind: 'int', itemsize: 1, str: '|i1', arrayType: Int8Array },
  { name: 'uint64', kind: 'uint', itemsize: 8, str: '<u8', arrayType: BigUint64Array },
  { name: 'uint32', kind: 'uint', itemsize: 4, str: '<u4', arrayType: Uint32Array },
  { name: 'uint16', kind: 'uint', itemsize: 2, str: '<u2', arrayType: Uint16Array },
  { name: 'uint8', kind: 'uint', itemsize: 1, str: '|u1', arrayType: Uint8Array },
  { name: 'float64', kind: 'float', itemsize: 8, str: '<f8', arrayType: Float64Array },
  { name: 'float32', kind: 'float', itemsize: 4, str: '<f4', arrayType: Float32Array },
  { name: 'bool', kind: 'bool', itemsize: 1, str: '|b1', arrayType: Uint8Array },
];

const UNITS: readonly DatetimeUnit[] = ['D', 'h', 'm', 's', 'ms', 'us', 'ns'];

// Other spellings numpy accepts for the same dtypes; the canonical name and
// dtype.str are added from FIXED below.
const SPELLINGS: Record<string, string> = {
  i8: 'int64',
  i4: 'int32',
  i2: 'int16',
  i1: 'int8',
  u8: 'uint64',
  u4: 'uint32',
  u2: 'uint16',
  u1: 'uint8',
  f8: 'float64',
  f4: 'float32',
  b1: 'bool',
  '?': 'bool',
  int: 'int64',
  float: 'float64',
  double: 'float64',
  single: 'float32',
};

const cache = new Map<string, Dtype>();

function build(text: string): Dtype | undefined {
  for (const spec of FIXED) {
    if (text === spec.name || text === spec.str) return { ...spec };
  }
  // A byte-order mark that is not '<' or '|' means big-endian data, which no
  // Lakota writer produces.
  const bare = /^[<|=]/.test(text) ? text.slice(1) : text;
  const alias = SPELLINGS[bare];
  if (alias !== undefined) return build(alias);
  for (const spec of FIXED) if (bare === spec.name) return { ...spec };

  const datetime = /^(?:datetime64|M8)\[(D|h|m|s|ms|us|ns)\]$/.exec(bare);
  if (datetime) {
    const unit = datetime[1] as DatetimeUnit;
    return {
      name: `datetime64[${unit}]`,
      kind: 'datetime',
      itemsize: 8,
      str: `<M8[${unit}]`,
      unit,
      arrayType: BigInt64Array,
    };
  }
  const unicode = /^(?:U|str)(\d*)$/.exec(bare);
  if (unicode) {
    const width = Number(unicode[1] || 0);
    return { name: `<U${width}`, kind: 'str', itemsize: 0, str: `<U${width}`, width };
  }
  if (bare === 'O' || bare === 'object') {
    return { name: 'object', kind: 'object', itemsize: 0, str: '|O' };
  }
  return undefined;
}

/**
 * Parses a numpy dtype string as schemas store it (`int64`, `float64`,
 * `datetime64[s]`, `<U0`, `object`, …) or as numpy's `dtype.str` writes it
 * (`<i8`, `<M8[s]`, `|O`, …). Results are cached and frozen.
 */
export function parseDtype(dtype: string | Dtype): Dtype {
  if (typeof dtype !== 'string') return dtype;
  let parsed = cache.get(dtype);
  if (parsed === undefined) {
    const built = build(dtype);
    if (built === undefined) {
      throw new CodecError(
        `Unknown dtype '${dtype}': use one of int8..int64, uint8..uint64, float32, float64, bool, ` +
          `datetime64[${UNITS.join('|')}], <U0 (str) or object, all little-endian`,
      );
    }
    parsed = Object.freeze(built);
    cache.set(dtype, parsed);
  }
  return parsed;
}

/** Bytes per element of a fixed-size dtype; 0 for str and object. */
export function dtypeItemsize(dtype: string | Dtype): number {
  return parseDtype(dtype).itemsize;
}

/** The family of a dtype: int, uint, float, bool, datetime, str or object. */
export function dtypeKind(dtype: string | Dtype): DtypeKind {
  return parseDtype(dtype).kind;
}

/** True for dtypes stored as raw little-endian bytes (every kind but str and object). */
export function isFixedSize(dtype: string | Dtype): boolean {
  return parseDtype(dtype).itemsize > 0;
}

/** The typed array constructor that holds a fixed-size dtype, or `Array` for str and object. */
export function arrayTypeFor(dtype: string | Dtype): NumericColumnConstructor | ArrayConstructor {
  return parseDtype(dtype).arrayType ?? Array;
}

/** A zero-filled column of `length` elements (empty strings for str, nulls for object). */
export function emptyColumn(dtype: string | Dtype, length = 0): ColumnArray {
  const dt = parseDtype(dtype);
  if (dt.arrayType) return new dt.arrayType(length);
  return dt.kind === 'str'
    ? new Array<string>(length).fill('')
    : new Array<unknown>(length).fill(null);
}
