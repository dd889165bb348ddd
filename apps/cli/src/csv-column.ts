import { parseIsoDatetime, quoteExcerpt, type SchemaColumn } from '@lakota/core';
import { type NumericArray, type NumericArrayClass, typedArrayFor } from './expr/vector.js';
import { UsageError } from './usage-error.js';

// How float, int and bool cells read is the engine's rule for CSV files
// (parseCsvCell in @lakota/core's io/csv-cell.ts), which the package does not
// export yet; these tables go once it does. The engine does not range-check
// int8..int32 cells there, which a typed array would wrap silently: this does.
const INT_RANGE: Record<string, [bigint, bigint]> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int16: [-(2n ** 15n), 2n ** 15n - 1n],
  int8: [-128n, 127n],
  uint32: [0n, 2n ** 32n - 1n],
  uint16: [0n, 65535n],
  uint8: [0n, 255n],
};

const FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL_FLOAT: Record<string, number> = {
  nan: Number.NaN,
  '+nan': Number.NaN,
  '-nan': Number.NaN,
  inf: Number.POSITIVE_INFINITY,
  '+inf': Number.POSITIVE_INFINITY,
  infinity: Number.POSITIVE_INFINITY,
  '+infinity': Number.POSITIVE_INFINITY,
  '-inf': Number.NEGATIVE_INFINITY,
  '-infinity': Number.NEGATIVE_INFINITY,
};
const INTEGER = /^[+-]?\d+$/;
const BOOL: Record<string, number> = { true: 1, false: 0, '1': 1, '0': 0 };

/**
 * Collects the CSV cells of one column, converting each as it comes into the
 * column's stored type (so a large input never sits in memory as text).
 * It reads back exactly what `lakota read` prints: ISO dates, `nan`, `inf`,
 * `True`/`False`, JSON for object columns.
 */
export class CsvColumn {
  readonly name: string;
  readonly dt: string;
  private typed: NumericArray | undefined;
  private readonly list: unknown[] = [];
  private size = 0;

  constructor(private readonly column: SchemaColumn) {
    this.name = column.name;
    this.dt = column.dt;
    const T = typedArrayFor(column.dt);
    if (T) this.typed = new T(1024);
  }

  private fail(text: string, line: number, what: string): never {
    throw new UsageError(
      `Column '${this.name}' (${this.dt}), line ${line}: ${quoteExcerpt(text)} ${what}`,
    );
  }

  private convert(text: string, line: number): unknown {
    const t = text.trim();
    switch (this.column.kind) {
      case 'datetime': {
        const value = parseIsoDatetime(t, this.column.unit as string);
        if (value === 'syntax')
          this.fail(text, line, 'is not a date: write it like 2020-01-31 or 2020-01-31T12:00:00');
        if (value === 'finer-than-unit')
          this.fail(text, line, `is more precise than the column's unit (${this.column.unit})`);
        return value;
      }
      case 'float': {
        if (FLOAT.test(t)) return Number(t);
        const special = SPECIAL_FLOAT[t.toLowerCase()];
        if (special === undefined)
          this.fail(text, line, 'is not a number (write nan for a missing value)');
        return special;
      }
      case 'int':
      case 'uint': {
        if (!INTEGER.test(t)) this.fail(text, line, 'is not a whole number');
        const v = BigInt(t);
        const [lo, hi] = INT_RANGE[this.dt] as [bigint, bigint];
        if (v < lo || v > hi) this.fail(text, line, `is out of range for ${this.dt}`);
        return this.dt === 'int64' || this.dt === 'uint64' ? v : Number(v);
      }
      case 'bool': {
        const b = BOOL[t.toLowerCase()];
        if (b === undefined) this.fail(text, line, 'is not a boolean: write True or False');
        return b;
      }
      case 'str':
        return text;
      default:
        // Object cells are printed as JSON; text that is not JSON is kept as text.
        try {
          return JSON.parse(text);
        } catch {
          return text;
        }
    }
  }

  push(text: string, line: number): void {
    const value = this.convert(text, line);
    if (this.typed) {
      if (this.size === this.typed.length) {
        const bigger = new (this.typed.constructor as NumericArrayClass)(this.typed.length * 2);
        bigger.set(this.typed as never);
        this.typed = bigger;
      }
      (this.typed as { [i: number]: unknown })[this.size] = value;
    } else {
      this.list.push(value);
    }
    this.size++;
  }

  get length(): number {
    return this.size;
  }

  /** The column in the type the engine stores (typed arrays are passed on without copies). */
  values(): ArrayLike<unknown> {
    return this.typed ? this.typed.subarray(0, this.size) : this.list;
  }
}
