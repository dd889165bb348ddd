import { arrayTypeFor, type ColumnArray, emptyColumn as emptyDtypeColumn } from './codecs/index.js';
import { InvalidInputError } from './engine-errors.js';
import { quoteExcerpt } from './excerpt.js';
import { parseIsoDatetime } from './iso-datetime.js';
import { compareCodePoints } from './path.js';
import type { SchemaColumn } from './schema.js';

/**
 * In-memory column data, laid out like numpy's: int64 and datetimes are
 * BigInt64Array (datetimes count the column's unit since 1970-01-01 UTC),
 * float64 Float64Array, text string[], objects unknown[].
 */
export type { ColumnArray } from './codecs/index.js';

/** One cell: bigint for 64-bit integers and datetimes, number, string, or any object. */
export type Scalar = bigint | number | string | boolean | unknown;

const UNIT_SECONDS: Record<string, number> = { D: 86400, h: 3600, m: 60, s: 1 };
const UNIT_PER_SECOND: Record<string, bigint> = { ms: 1000n, us: 1_000_000n, ns: 1_000_000_000n };

/** Epoch milliseconds to a count of `unit`, refusing values finer than the unit. */
function msToUnit(ms: number, unit: string, column: string, shown: unknown): bigint {
  if (!Number.isFinite(ms)) {
    throw new InvalidInputError(`Column '${column}': ${String(shown)} is not a valid date or time`);
  }
  const perSecond = UNIT_PER_SECOND[unit];
  if (perSecond !== undefined) return (BigInt(Math.round(ms)) * perSecond) / 1000n;
  const step = (UNIT_SECONDS[unit] as number) * 1000;
  if (ms % step !== 0) {
    throw new InvalidInputError(
      `Column '${column}': ${String(shown)} is finer than the column's unit (datetime64[${unit}]); round it first`,
    );
  }
  return BigInt(ms / step);
}

/** Parses an ISO date or time string to epoch milliseconds (UTC unless a zone is given); NaN when invalid. */
export function parseIsoToMs(text: string): number {
  const ms = parseIsoDatetime(text, 'ms');
  return typeof ms === 'bigint' ? Number(ms) : Number.NaN;
}

function toDatetime(value: unknown, column: SchemaColumn): bigint {
  const unit = column.unit as string;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) {
      throw new InvalidInputError(
        `Column '${column.name}': ${value} is not an integer count of datetime64[${unit}] units`,
      );
    }
    return BigInt(value);
  }
  if (value instanceof Date) {
    const ms = value.getTime();
    return msToUnit(ms, unit, column.name, Number.isNaN(ms) ? 'Invalid Date' : value.toISOString());
  }
  if (typeof value === 'string') {
    const parsed = parseIsoDatetime(value, unit);
    if (typeof parsed === 'bigint') return parsed;
    throw new InvalidInputError(
      parsed === 'syntax'
        ? `Column '${column.name}': ${quoteExcerpt(value)} is not a valid date or time (use ISO 8601, e.g. 2020-01-31T12:00:00)`
        : `Column '${column.name}': ${quoteExcerpt(value)} is finer than the column's unit (datetime64[${unit}]); round it first`,
    );
  }
  throw new InvalidInputError(
    `Column '${column.name}': cannot read ${describe(value)} as a date/time (give a Date, an ISO string, an epoch number or a bigint)`,
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return quoteExcerpt(value);
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
  return `${typeof value} ${String(value)}`;
}

const INT_RANGES: Record<string, [bigint, bigint]> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

function toInt64(value: unknown, column: SchemaColumn): bigint {
  let v: bigint;
  if (typeof value === 'bigint') v = value;
  else if (typeof value === 'number' && Number.isInteger(value)) {
    if (!Number.isSafeInteger(value)) {
      throw new InvalidInputError(
        `Column '${column.name}': ${value} is beyond 2^53 and may have lost digits; pass it as a bigint`,
      );
    }
    v = BigInt(value);
  } else if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) v = BigInt(value.trim());
  else if (typeof value === 'boolean') v = value ? 1n : 0n;
  else {
    throw new InvalidInputError(
      `Column '${column.name}' (${column.dt}): ${describe(value)} is not an integer`,
    );
  }
  const [lo, hi] = INT_RANGES[column.dt] as [bigint, bigint];
  if (v < lo || v > hi) {
    throw new InvalidInputError(`Column '${column.name}' (${column.dt}): ${v} is out of range`);
  }
  return v;
}

function toNumber(value: unknown, column: SchemaColumn): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value === null || value === undefined) {
    if (column.kind === 'float') return Number.NaN;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    if (!Number.isNaN(n) || value.trim().toLowerCase() === 'nan') return n;
  }
  throw new InvalidInputError(
    `Column '${column.name}' (${column.dt}): ${describe(value)} is not a number`,
  );
}

/** An empty array of the column's type. */
export function emptyColumn(column: SchemaColumn, length = 0): ColumnArray {
  return emptyDtypeColumn(column.dt, length);
}

/**
 * Converts user input (a typed array or an array of values) to the column's
 * in-memory type, with a typed error naming the column and the value.
 */
export function toColumnArray(input: unknown, column: SchemaColumn): ColumnArray {
  if (ArrayBuffer.isView(input) && !(input instanceof DataView)) {
    const view = input as unknown as ArrayLike<unknown> & { constructor: unknown };
    if (view.constructor === arrayTypeFor(column.dt)) return view as unknown as ColumnArray;
    return toColumnArray(Array.from(view), column);
  }
  if (!Array.isArray(input)) {
    throw new InvalidInputError(
      `Column '${column.name}' must be an array or a typed array, got ${describe(input)}`,
    );
  }
  const n = input.length;
  switch (column.kind) {
    case 'datetime': {
      const out = new BigInt64Array(n);
      for (let i = 0; i < n; i++) out[i] = toDatetime(input[i], column);
      return out;
    }
    case 'str': {
      const out = new Array<string>(n);
      for (let i = 0; i < n; i++) {
        const v = input[i];
        if (typeof v === 'string') out[i] = v;
        else if (typeof v === 'number' || typeof v === 'bigint') out[i] = String(v);
        else {
          throw new InvalidInputError(
            `Column '${column.name}' (str): ${describe(v)} at row ${i} is not a string`,
          );
        }
      }
      return out;
    }
    case 'object':
      return input.slice();
    case 'int':
    case 'uint': {
      if (column.dt === 'int64' || column.dt === 'uint64') {
        const out = emptyColumn(column, n) as BigInt64Array;
        for (let i = 0; i < n; i++) out[i] = toInt64(input[i], column);
        return out;
      }
      const out = emptyColumn(column, n) as Int32Array;
      for (let i = 0; i < n; i++) {
        const v = toNumber(input[i], column);
        if (!Number.isInteger(v) || (out.constructor === Int32Array && (v | 0) !== v)) {
          throw new InvalidInputError(
            `Column '${column.name}' (${column.dt}): ${describe(input[i])} does not fit`,
          );
        }
        out[i] = v;
        if (out[i] !== v) {
          throw new InvalidInputError(
            `Column '${column.name}' (${column.dt}): ${v} is out of range`,
          );
        }
      }
      return out;
    }
    default: {
      const out = emptyColumn(column, n) as Float64Array;
      for (let i = 0; i < n; i++) out[i] = toNumber(input[i], column);
      return out;
    }
  }
}

/** Builds a column from cells already in the column's scalar type. */
export function columnFromScalars(column: SchemaColumn, values: readonly Scalar[]): ColumnArray {
  if (column.kind === 'str' || column.kind === 'object') return values.slice();
  const out = emptyColumn(column, values.length) as unknown as { [i: number]: unknown };
  for (let i = 0; i < values.length; i++) out[i] = values[i];
  return out as unknown as ColumnArray;
}

export function sliceColumn(values: ColumnArray, start: number, end: number): ColumnArray {
  // subarray shares memory: cheap, and segments are never mutated in place.
  return Array.isArray(values)
    ? values.slice(start, end)
    : (values as Float64Array).subarray(start, end);
}

export function concatColumns(column: SchemaColumn, parts: readonly ColumnArray[]): ColumnArray {
  if (parts.length === 1) return parts[0] as ColumnArray;
  if (column.kind === 'str' || column.kind === 'object') {
    return ([] as unknown[]).concat(...(parts as unknown[][]));
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = emptyColumn(column, total) as Float64Array;
  let at = 0;
  for (const p of parts) {
    out.set(p as Float64Array, at);
    at += p.length;
  }
  return out;
}

/** Orders two cells of the same column: numbers and bigints numerically, strings by code point. */
export function compareScalars(a: Scalar, b: Scalar): number {
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    const x = BigInt(a as number);
    const y = BigInt(b as number);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return compareCodePoints(String(a), String(b));
}

/**
 * Lexicographic order of index tuples. A shorter tuple that is a prefix of a
 * longer one sorts first, like Python tuples.
 */
export function compareTuples(a: readonly Scalar[], b: readonly Scalar[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareScalars(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Finds the first position in `values[lo:hi)` where `x` could go (left) or the last (right). */
export function bisect(
  values: ColumnArray,
  x: Scalar,
  lo: number,
  hi: number,
  side: 'left' | 'right',
): number {
  const arr = values as ArrayLike<Scalar>;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareScalars(arr[mid], x);
    if (c < 0 || (side === 'right' && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
