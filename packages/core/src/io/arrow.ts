import type * as arrow from 'apache-arrow';
import { InvalidInputError } from '../engine-errors.js';
import { LakotaError } from '../errors.js';
import type { Frame } from '../frame.js';
import { convertDatetime, NAT } from '../iso-datetime.js';
import type { Schema, SchemaColumn } from '../schema.js';
import { objectToJson, parseObjectCell } from './json-cell.js';

/*
 * Apache Arrow interchange. apache-arrow is an optional peer dependency,
 * loaded on first use, so applications that never touch Arrow don't need it.
 *
 * Types: datetime64[s|ms|us|ns] -> Timestamp of the same unit (no zone, as
 * numpy), datetime64[h|m] -> Timestamp(SECOND), datetime64[D] -> DateDay,
 * int64 -> Int64 (and the other numpy ints and floats to their Arrow twins),
 * bool -> Bool, str -> Utf8, object -> Utf8 holding JSON, marked with the
 * canonical `arrow.json` extension name. NaT becomes null.
 */

/** Field metadata key and value of Arrow's canonical JSON extension type. */
const EXTENSION_NAME = 'ARROW:extension:name';
const JSON_EXTENSION = 'arrow.json';

// Type ids and units of the Arrow columnar format (Schema.fbs), which
// apache-arrow's enums mirror; comparing numbers keeps arrowToFrameInput
// synchronous and free of a runtime import.
const TYPE_TIMESTAMP = 10;
const TYPE_DATE = 8;
const TIMESTAMP_UNITS = ['s', 'ms', 'us', 'ns'] as const;

type ArrowModule = typeof arrow;

async function loadArrow(): Promise<ArrowModule> {
  try {
    return await import('apache-arrow');
  } catch (err) {
    throw new LakotaError(
      'Arrow interchange needs the optional dependency apache-arrow: install it next to @lakota/core (npm install apache-arrow)',
      { cause: err },
    );
  }
}

/** Arrow's validity bitmap (bit set = value present) for a datetime column, or undefined without NaT. */
function validity(values: BigInt64Array): { bitmap: Uint8Array; nulls: number } | undefined {
  let nulls = 0;
  const bitmap = new Uint8Array((values.length + 7) >> 3);
  for (let i = 0; i < values.length; i++) {
    if (values[i] === NAT) nulls++;
    else bitmap[i >> 3] = (bitmap[i >> 3] as number) | (1 << (i & 7));
  }
  return nulls ? { bitmap, nulls } : undefined;
}

function datetimeVector(A: ArrowModule, col: SchemaColumn, values: BigInt64Array): arrow.Vector {
  const unit = col.unit as string;
  const valid = validity(values);
  const nulls = { nullCount: valid?.nulls ?? 0, ...(valid ? { nullBitmap: valid.bitmap } : {}) };
  if (unit === 'D') {
    const days = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as bigint;
      if (v === NAT) continue;
      if (v < -(2n ** 31n) || v >= 2n ** 31n) {
        throw new InvalidInputError(
          `Column '${col.name}': the date at row ${i} is beyond what Arrow's DateDay can hold`,
        );
      }
      days[i] = Number(v);
    }
    return A.makeVector(
      A.makeData({ type: new A.DateDay(), length: values.length, ...nulls, data: days }),
    );
  }
  const types = {
    s: A.TimestampSecond,
    ms: A.TimestampMillisecond,
    us: A.TimestampMicrosecond,
    ns: A.TimestampNanosecond,
  } as const;
  const Type = types[unit as keyof typeof types];
  if (Type) {
    return A.makeVector(
      A.makeData({ type: new Type(), length: values.length, ...nulls, data: values }),
    );
  }
  // Hours and minutes: Arrow's coarsest timestamp unit is the second.
  const seconds = values.map((v) => (v === NAT ? 0n : (convertDatetime(v, unit, 's') as bigint)));
  return A.makeVector(
    A.makeData({ type: new A.TimestampSecond(), length: values.length, ...nulls, data: seconds }),
  );
}

function columnVector(A: ArrowModule, col: SchemaColumn, values: ArrayLike<unknown>): arrow.Vector {
  switch (col.kind) {
    case 'datetime':
      return datetimeVector(A, col, values as BigInt64Array);
    case 'bool':
      return A.vectorFromArray(
        Array.from(values, (v) => v === 1),
        new A.Bool(),
      );
    case 'str':
      return A.vectorFromArray(values as string[], new A.Utf8());
    case 'object':
      return A.vectorFromArray(
        Array.from(values, (v) => (v === null || v === undefined ? null : objectToJson(v))),
        new A.Utf8(),
      );
    default:
      // numpy and Arrow lay numbers out alike: the typed array becomes the vector's buffer.
      return A.makeVector(values as Float64Array);
  }
}

/**
 * A frame as an Apache Arrow table (see the type mapping above). Loads
 * apache-arrow on first call.
 */
export async function frameToArrow(frame: Frame): Promise<arrow.Table> {
  const A = await loadArrow();
  const vectors: Record<string, arrow.Vector> = {};
  for (const name of frame.names) {
    vectors[name] = columnVector(
      A,
      frame.schema.column(name),
      frame.column(name) as ArrayLike<unknown>,
    );
  }
  const table = new A.Table(vectors);
  const fields = table.schema.fields.map((f) => {
    const col = frame.schema.column(f.name);
    const metadata = col.kind === 'object' ? new Map([[EXTENSION_NAME, JSON_EXTENSION]]) : null;
    return f.clone({ metadata });
  });
  return new A.Table(new A.Schema(fields), table.batches);
}

/** The parts of an apache-arrow Vector that conversion reads. */
interface VectorLike {
  readonly length: number;
  readonly nullCount: number;
  readonly type: { readonly typeId: number; readonly unit?: number };
  toArray(): ArrayLike<unknown>;
  get(i: number): unknown;
  isValid(i: number): boolean;
  [Symbol.iterator](): Iterator<unknown>;
}

/** The parts of an apache-arrow Table that conversion reads. */
export interface ArrowTableInput {
  readonly schema: {
    readonly fields: readonly {
      readonly name: string;
      readonly metadata?: ReadonlyMap<string, string>;
    }[];
  };
  getChild(name: string): unknown;
}

function datetimeCells(vector: VectorLike, col: SchemaColumn): BigInt64Array | undefined {
  const { typeId, unit } = vector.type;
  let from: string;
  let raw: ArrayLike<unknown>;
  if (typeId === TYPE_TIMESTAMP) {
    from = TIMESTAMP_UNITS[unit ?? 0] as string;
    raw = vector.toArray();
  } else if (typeId === TYPE_DATE) {
    // apache-arrow hands dates out as epoch milliseconds, whatever their storage unit.
    from = 'ms';
    raw = Array.from({ length: vector.length }, (_, i) => vector.get(i));
  } else {
    return undefined;
  }
  const out = new BigInt64Array(vector.length);
  for (let i = 0; i < vector.length; i++) {
    if (!vector.isValid(i)) {
      out[i] = NAT;
      continue;
    }
    const v = raw[i];
    const converted = convertDatetime(
      typeof v === 'bigint' ? v : BigInt(v as number),
      from,
      col.unit as string,
    );
    if (converted === undefined) {
      throw new InvalidInputError(
        `Column '${col.name}' (${col.dt}): the Arrow value at row ${i} is finer than the column's unit; round it first`,
      );
    }
    out[i] = converted;
  }
  return out;
}

function hasNulls(vector: VectorLike, col: SchemaColumn): void {
  if (vector.nullCount === 0) return;
  throw new InvalidInputError(
    `Column '${col.name}' (${col.dt}) has ${vector.nullCount} null value(s) in the Arrow table: only float, datetime and object columns can hold missing values; fill them first`,
  );
}

/**
 * Converts an Arrow table to columns `Frame.from(schema, …)` and
 * `series.write(…)` read exactly: timestamps of any unit and dates become
 * counts of the column's unit (refusing values finer than it), `arrow.json`
 * columns are parsed, nulls become NaN / NaT / null where the type has one,
 * dictionary-encoded strings are decoded. Columns the schema lacks are kept,
 * so that Frame.from can name them.
 */
export function arrowToFrameInput(
  table: ArrowTableInput,
  schema: Schema,
): Record<string, ArrayLike<unknown>> {
  const out: Record<string, ArrayLike<unknown>> = {};
  for (const field of table.schema.fields) {
    const vector = table.getChild(field.name) as VectorLike | null;
    if (!vector) continue;
    const col = schema.get(field.name);
    if (!col) {
      out[field.name] = vector.toArray();
      continue;
    }
    if (col.kind === 'datetime') {
      const cells = datetimeCells(vector, col);
      if (cells) {
        out[field.name] = cells;
        continue;
      }
    }
    if (col.kind === 'object') {
      const json = field.metadata?.get(EXTENSION_NAME) === JSON_EXTENSION;
      out[field.name] = Array.from(vector, (v) =>
        v === null || v === undefined ? null : json ? parseObjectCell(v as string) : v,
      );
    } else if (col.kind === 'str') {
      // Iterating decodes dictionaries and gives null for missing values (which Frame.from refuses by name).
      out[field.name] = Array.from(vector);
    } else if (col.kind === 'float') {
      const values = vector.toArray();
      out[field.name] = vector.nullCount
        ? Array.from(values, (v, i) => (vector.isValid(i) ? v : Number.NaN))
        : values;
    } else {
      hasNulls(vector, col);
      out[field.name] = vector.toArray();
    }
  }
  return out;
}
