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

/** The family of a numpy dtype string (`int32`, `float64`, `datetime64[s]`, `<U0`, …). */
export function kindOf(dt: string): Kind {
  if (dt === 'bool') return 'bool';
  if (dt.startsWith('int') || dt.startsWith('uint')) return 'int';
  if (dt.startsWith('float')) return 'float';
  if (dt.startsWith('datetime64')) return 'datetime';
  if (dt.startsWith('<U')) return 'str';
  return 'object';
}

/** The unit of a datetime dtype: `datetime64[s]` → `s`. */
export function unitOf(dt: string): string {
  return dt.slice(11, -1);
}

/** Integer dtypes held in 64-bit (bigint) arrays. */
export function isBigIntDtype(dt: string): boolean {
  return dt === 'int64' || dt === 'uint64' || kindOf(dt) === 'datetime';
}

export const STR = '<U0';

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

const TYPED: Record<string, { from(values: ArrayLike<never>): ArrayLike<unknown> }> = {
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

/**
 * Builds the storage a dtype uses from plain values already of the right
 * JavaScript type (bigint for int64 and datetimes, number otherwise, 0/1 for
 * bools). `null` marks a missing value and keeps a plain array.
 */
export function fromValues(dt: string, values: readonly unknown[]): ArrayLike<unknown> {
  if (values.some((v) => v === null || v === undefined)) return values.slice();
  const kind = kindOf(dt);
  if (kind === 'datetime') return BigInt64Array.from(values as bigint[]);
  if (kind === 'str' || kind === 'object') return values.slice();
  if (kind === 'bool') return Uint8Array.from(values as number[], (v) => (v ? 1 : 0));
  const T = TYPED[dt] ?? Float64Array;
  return T.from(values as never[]);
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
