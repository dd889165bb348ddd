import {
  type ColumnArray,
  compareScalars,
  compareTuples,
  concatColumns,
  emptyColumn,
  type Scalar,
  sliceColumn,
  toColumnArray,
} from './column-array.js';
import { InvalidInputError } from './engine-errors.js';
import { arrowToFrameInput } from './io/arrow.js';
import { floorDiv, formatIsoDatetime, unitNanos } from './iso-datetime.js';
import type { Schema, SchemaColumn } from './schema.js';

/** What a write accepts: an object of arrays, an array of records, or an Apache Arrow table. */
export type FrameInput =
  | Frame
  | Record<string, ArrayLike<unknown>>
  | readonly Record<string, unknown>[]
  | ArrowTableLike;

/** The part of apache-arrow's Table that frames read (so apache-arrow stays optional). */
export interface ArrowTableLike {
  readonly numRows: number;
  readonly schema: { readonly fields: readonly { readonly name: string }[] };
  getChild(name: string): { toArray(): ArrayLike<unknown> } | null;
}

export interface RecordOptions {
  /** How datetimes come out: `Date` objects (default), ISO strings as Python prints them, or raw counts of the unit (bigint). */
  timestamps?: 'date' | 'iso' | 'raw';
  /** How int64 comes out: bigint (default, exact) or number (exact up to 2^53). */
  int64?: 'bigint' | 'number';
}

function isArrowTable(x: unknown): x is ArrowTableLike {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as ArrowTableLike).getChild === 'function' &&
    typeof (x as ArrowTableLike).numRows === 'number'
  );
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The first position whose value is below the one before it, or -1. 64-bit
 * integers are compared as two 32-bit halves: reading them as bigints would
 * allocate one per value, and a write checks every index value.
 */
function firstUnsorted(values: ColumnArray): number {
  if (LITTLE_ENDIAN && (values instanceof BigInt64Array || values instanceof BigUint64Array)) {
    const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
    const signed = values instanceof BigInt64Array;
    for (let i = 1; i < values.length; i++) {
      let a = words[2 * i - 1] as number;
      let b = words[2 * i + 1] as number;
      if (signed) {
        a |= 0;
        b |= 0;
      }
      if (a > b || (a === b && (words[2 * i - 2] as number) > (words[2 * i] as number))) return i;
    }
    return -1;
  }
  if (ArrayBuffer.isView(values)) {
    const numbers = values as ArrayLike<number>;
    for (let i = 1; i < numbers.length; i++)
      if ((numbers[i - 1] as number) > (numbers[i] as number)) return i;
    return -1;
  }
  const cells = values as ArrayLike<Scalar>;
  for (let i = 1; i < cells.length; i++) if (compareScalars(cells[i - 1], cells[i]) > 0) return i;
  return -1;
}

/** A datetime cell as numpy prints it: `2020-01-01T00:00:00` (seconds) or `2020-01-01` (days). */
export const formatDatetime = formatIsoDatetime;

/** A datetime count as a JavaScript Date (millisecond precision). */
export function datetimeToDate(value: bigint, unit: string): Date {
  return new Date(Number(floorDiv(value * unitNanos(unit), 1_000_000n)));
}

/**
 * Columnar data that follows a schema: one typed array per column, all of the
 * same length. Frames are immutable; slicing shares memory.
 */
export class Frame {
  readonly length: number;

  constructor(
    readonly schema: Schema,
    readonly columns: Readonly<Record<string, ColumnArray>>,
  ) {
    const lengths = new Set(Object.values(columns).map((c) => c.length));
    if (lengths.size > 1) {
      const detail = Object.entries(columns)
        .map(([k, v]) => `${k}: ${v.length}`)
        .join(', ');
      throw new InvalidInputError(
        `Columns have different lengths (${detail}): give every column the same number of values`,
      );
    }
    this.length = lengths.size ? ([...lengths][0] as number) : 0;
  }

  /** An empty frame with every column (or the selected ones). */
  static empty(schema: Schema, select?: readonly string[]): Frame {
    const names = select ?? schema.names;
    return new Frame(
      schema,
      Object.fromEntries(names.map((n) => [n, emptyColumn(schema.column(n))])),
    );
  }

  /**
   * Converts user input to a frame of the schema, checking and casting every
   * column. With `partial`, only the columns given are required (updates).
   */
  static from(schema: Schema, input: FrameInput, options: { partial?: boolean } = {}): Frame {
    if (input instanceof Frame) {
      if (input.schema === schema || input.schema.equals(schema)) return input;
      return Frame.from(schema, input.columns, options);
    }
    let data: Record<string, unknown>;
    if (isArrowTable(input)) {
      data = arrowToFrameInput(input as never, schema);
    } else if (Array.isArray(input)) {
      data = {};
      const records = input as readonly Record<string, unknown>[];
      const names = new Set<string>();
      for (const r of records) {
        if (r === null || typeof r !== 'object') {
          throw new InvalidInputError(
            'An array given as a frame must hold records (objects of column values)',
          );
        }
        for (const k of Object.keys(r)) names.add(k);
      }
      for (const name of names) data[name] = records.map((r) => r[name]);
    } else if (input !== null && typeof input === 'object') {
      data = input as Record<string, unknown>;
    } else {
      throw new InvalidInputError(
        'A frame is an object of column arrays, an array of records, or an Arrow table',
      );
    }
    const unknown = Object.keys(data).filter((k) => !schema.get(k));
    if (unknown.length) {
      throw new InvalidInputError(
        `Unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')}: the schema has ${schema.names.join(', ')}`,
      );
    }
    const columns: Record<string, ColumnArray> = {};
    for (const col of schema.columns) {
      if (!(col.name in data)) {
        if (options.partial && !col.idx) continue;
        throw new InvalidInputError(
          `Missing column '${col.name}': a write needs every column of the schema (${schema.names.join(', ')})`,
        );
      }
      columns[col.name] = toColumnArray(data[col.name], col);
    }
    const frame = new Frame(schema, columns);
    frame.checkIndex();
    return frame;
  }

  /** Index values must be present (no NaN) and sorted. */
  checkIndex(): void {
    const idx = this.schema.index.filter((c) => c.name in this.columns);
    for (const c of idx) {
      const values = this.columns[c.name] as ArrayLike<unknown>;
      // Integer and datetime arrays cannot hold a missing value.
      if (
        ArrayBuffer.isView(values) &&
        !(values instanceof Float64Array || values instanceof Float32Array)
      )
        continue;
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) {
          throw new InvalidInputError(
            `Index column '${c.name}' has a missing value (null or NaN) at row ${i}: index values are required`,
          );
        }
      }
    }
    if (idx.length === 1) {
      const i = firstUnsorted(this.columns[(idx[0] as SchemaColumn).name] as ColumnArray);
      if (i >= 0) this.unsorted(i);
    } else {
      for (let i = 1; i < this.length; i++) {
        if (compareTuples(this.indexAt(i - 1), this.indexAt(i)) > 0) this.unsorted(i);
      }
    }
  }

  private unsorted(i: number): never {
    const show = (row: number) =>
      this.indexAt(row)
        .map((v) => this.showCell(v))
        .join(', ');
    throw new InvalidInputError(
      `The index is not sorted: row ${i} (${show(i)}) comes before row ${i - 1} (${show(i - 1)}); sort the rows by ${this.schema.index.map((c) => c.name).join(', ')} first`,
    );
  }

  private showCell(v: Scalar): string {
    return typeof v === 'bigint' ? v.toString() : JSON.stringify(v);
  }

  /** The index tuple of row `i`. */
  indexAt(i: number): Scalar[] {
    return this.schema.index.map((c) => (this.columns[c.name] as ArrayLike<Scalar>)[i]);
  }

  /** First and last index tuples (undefined when empty). */
  get start(): Scalar[] | undefined {
    return this.length ? this.indexAt(0) : undefined;
  }
  get stop(): Scalar[] | undefined {
    return this.length ? this.indexAt(this.length - 1) : undefined;
  }

  get names(): string[] {
    return Object.keys(this.columns);
  }

  column(name: string): ColumnArray {
    const c = this.columns[name];
    if (!c)
      throw new InvalidInputError(
        `No column '${name}' in this frame (it has ${this.names.join(', ')})`,
      );
    return c;
  }

  slice(start = 0, end = this.length): Frame {
    const s = Math.max(0, Math.min(start, this.length));
    const e = Math.max(s, Math.min(end, this.length));
    if (s === 0 && e === this.length) return this;
    return new Frame(
      this.schema,
      Object.fromEntries(Object.entries(this.columns).map(([k, v]) => [k, sliceColumn(v, s, e)])),
    );
  }

  select(names: readonly string[]): Frame {
    return new Frame(this.schema, Object.fromEntries(names.map((n) => [n, this.column(n)])));
  }

  static concat(schema: Schema, frames: readonly Frame[], select?: readonly string[]): Frame {
    const names = select ?? frames[0]?.names ?? schema.names;
    const nonEmpty = frames.filter((f) => f.length > 0);
    if (nonEmpty.length === 0)
      return frames[0]?.length === 0 ? frames[0].select(names) : Frame.empty(schema, names);
    if (nonEmpty.length === 1) return (nonEmpty[0] as Frame).select(names);
    return new Frame(
      schema,
      Object.fromEntries(
        names.map((n) => [
          n,
          concatColumns(
            schema.column(n),
            nonEmpty.map((f) => f.column(n)),
          ),
        ]),
      ),
    );
  }

  /** Cell conversion shared by records and columns. */
  private cell(col: SchemaColumn, v: unknown, options: RecordOptions): unknown {
    if (col.kind === 'datetime') {
      const mode = options.timestamps ?? 'date';
      if (mode === 'raw') return v;
      return mode === 'iso'
        ? formatDatetime(v as bigint, col.unit as string)
        : datetimeToDate(v as bigint, col.unit as string);
    }
    if (typeof v === 'bigint' && options.int64 === 'number') return Number(v);
    if (col.dt === 'bool') return v === 1;
    return v;
  }

  /** Rows as objects keyed by column name. */
  toRecords(options: RecordOptions = {}): Record<string, unknown>[] {
    const cols = this.names.map(
      (n) => [n, this.schema.column(n), this.columns[n] as ArrayLike<unknown>] as const,
    );
    const out = new Array<Record<string, unknown>>(this.length);
    for (let i = 0; i < this.length; i++) {
      const r: Record<string, unknown> = {};
      for (const [n, col, values] of cols) r[n] = this.cell(col, values[i], options);
      out[i] = r;
    }
    return out;
  }

  /** Columns as plain arrays (converted like records) — or the typed arrays themselves with `{ timestamps: 'raw' }`. */
  toColumns(options: RecordOptions = {}): Record<string, unknown[] | ColumnArray> {
    const out: Record<string, unknown[] | ColumnArray> = {};
    for (const n of this.names) {
      const col = this.schema.column(n);
      const values = this.columns[n] as ColumnArray;
      const raw =
        (col.kind === 'datetime' && options.timestamps === 'raw') ||
        (col.kind !== 'datetime' &&
          col.dt !== 'bool' &&
          !(options.int64 === 'number' && values instanceof BigInt64Array));
      out[n] = raw
        ? values
        : Array.from(values as ArrayLike<unknown>, (v) => this.cell(col, v, options));
    }
    return out;
  }
}
