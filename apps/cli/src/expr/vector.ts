import { type ColumnArray, SchemaColumn } from '@lakota/core';

/**
 * A column of values with its numpy dtype, as the engine stores them:
 * int64 and datetimes in BigInt64Array (datetimes count the dtype's unit
 * since 1970), floats in Float64Array, bools in Uint8Array (0/1), text in
 * string[], objects in unknown[]. A `scalar` vector holds one value that
 * stands for every row (a literal, or a result computed from literals).
 */
export interface Vector {
  readonly dt: string;
  readonly values: ArrayLike<unknown>;
  readonly scalar?: boolean;
}

export type Kind = 'int' | 'float' | 'bool' | 'datetime' | 'str' | 'object';

const KINDS = new Map<string, Kind>();

/**
 * The family of a numpy dtype string (`int32`, `float64`, `datetime64[s]`,
 * `<U0`, …), as the engine's schema columns name it; expressions make no
 * difference between signed and unsigned integers.
 */
export function kindOf(dt: string): Kind {
  let kind = KINDS.get(dt);
  if (kind === undefined) {
    const k = new SchemaColumn('value', dt, [], false).kind;
    kind = k === 'uint' ? 'int' : k;
    KINDS.set(dt, kind);
  }
  return kind;
}

/** The unit of a datetime dtype: `datetime64[s]` → `s`. */
export function unitOf(dt: string): string {
  return dt.slice(11, -1);
}

export const STR = '<U0';

/** A column of text for output. */
export function textVector(values: string[]): Vector {
  return { dt: STR, values };
}

/** A column of whole numbers for output (right-aligned in tables, numbers in JSON). */
export function intVector(values: readonly number[]): Vector {
  return { dt: 'int64', values: BigInt64Array.from(values, (v) => BigInt(v)) };
}

/** Number of rows a vector stands for, given the page length. */
export function rows(v: Vector, pageLength: number): number {
  return v.scalar ? pageLength : v.values.length;
}

/** The value at row i (a scalar gives its one value for every row). */
export function at(v: Vector, i: number): unknown {
  return v.values[v.scalar ? 0 : i];
}

export function scalar(dt: string, value: unknown): Vector {
  return { dt, values: fromValues(dt, [value]), scalar: true };
}

/** The typed arrays of fixed-size columns (ColumnArray less text and objects). */
export type NumericArray = Exclude<ColumnArray, string[] | unknown[]>;
export interface NumericArrayClass {
  new (length: number): NumericArray;
  from(values: ArrayLike<never>): NumericArray;
}

// The engine's dtype-to-array table (arrayTypeFor in @lakota/core's codecs)
// is not exported from the package: this stays the CLI's one copy until it is.
const TYPED: Record<string, NumericArrayClass> = {
  int64: BigInt64Array,
  uint64: BigUint64Array,
  float64: Float64Array,
  float32: Float32Array,
  int32: Int32Array,
  int16: Int16Array,
  int8: Int8Array,
  uint32: Uint32Array,
  uint16: Uint16Array,
  uint8: Uint8Array,
  bool: Uint8Array,
};

/** The typed array that holds a dtype (datetimes count their unit in BigInt64Array); undefined for text and objects. */
export function typedArrayFor(dt: string): NumericArrayClass | undefined {
  return kindOf(dt) === 'datetime' ? BigInt64Array : TYPED[dt];
}

/**
 * Builds the storage a dtype uses from plain values already of the right
 * JavaScript type (bigint for int64 and datetimes, number otherwise, 0/1 for
 * bools). `null` marks a missing value and keeps a plain array.
 */
export function fromValues(dt: string, values: readonly unknown[]): ArrayLike<unknown> {
  if (values.some((v) => v === null || v === undefined)) return values.slice();
  const kind = kindOf(dt);
  if (kind === 'str' || kind === 'object') return values.slice();
  if (kind === 'bool') return Uint8Array.from(values as number[], (v) => (v ? 1 : 0));
  return (typedArrayFor(dt) ?? Float64Array).from(values as never[]);
}

/** A vector of `n` copies of a scalar's value (or the vector itself when it is not a scalar). */
export function expand(v: Vector, n: number): Vector {
  if (!v.scalar) return v;
  const value = v.values[0];
  return { dt: v.dt, values: fromValues(v.dt, new Array(n).fill(value)) };
}

/** Keeps the rows whose index is listed (in that order). */
export function take(v: Vector, index: ArrayLike<number>): Vector {
  if (v.scalar) return v;
  const src = v.values;
  if (Array.isArray(src)) {
    const out = new Array<unknown>(index.length);
    for (let k = 0; k < index.length; k++) out[k] = src[index[k] as number];
    return { dt: v.dt, values: out };
  }
  const T = (src as unknown as { constructor: new (n: number) => { [i: number]: unknown } })
    .constructor;
  const out = new T(index.length);
  for (let k = 0; k < index.length; k++) out[k] = src[index[k] as number];
  return { dt: v.dt, values: out as unknown as ArrayLike<unknown> };
}

/** True when the cell counts as true in a mask or a logical operator. */
export function truthy(value: unknown): boolean {
  if (typeof value === 'bigint') return value !== 0n;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'string') return value !== '';
  return Boolean(value);
}
