import type { FileMetaData, ParquetParsers, SchemaElement } from 'hyparquet';
import { InvalidInputError } from '../engine-errors.js';
import { Frame } from '../frame.js';
import { convertDatetime, NAT, UNIT_NANOS } from '../iso-datetime.js';
import type { Schema, SchemaColumn } from '../schema.js';
import { checkColumns, withFileName } from './file-checks.js';
import { toJsonValue } from './json-cell.js';

/*
 * Parquet types of each schema type. Parquet has no second unit, so
 * timestamps (datetime64[s]) and coarser units are stored in milliseconds,
 * which pyarrow and pandas read back as datetime64 (pandas 2 keeps the
 * millisecond unit, older pandas converts to nanoseconds). Timestamps are
 * not adjusted to UTC: numpy datetimes have no zone. Dates are Parquet DATE
 * (days), NaT is null. Columns are OPTIONAL, as pandas writes them.
 */

const TIMESTAMP_UNIT: Readonly<
  Record<string, { parquet: 'MILLIS' | 'MICROS' | 'NANOS'; stored: string }>
> = {
  h: { parquet: 'MILLIS', stored: 'ms' },
  m: { parquet: 'MILLIS', stored: 'ms' },
  s: { parquet: 'MILLIS', stored: 'ms' },
  ms: { parquet: 'MILLIS', stored: 'ms' },
  us: { parquet: 'MICROS', stored: 'us' },
  ns: { parquet: 'NANOS', stored: 'ns' },
};

const INT_TYPES: Readonly<Record<string, Omit<SchemaElement, 'name'>>> = {
  int64: { type: 'INT64' },
  int32: { type: 'INT32' },
  int16: {
    type: 'INT32',
    converted_type: 'INT_16',
    logical_type: { type: 'INTEGER', bitWidth: 16, isSigned: true },
  },
  int8: {
    type: 'INT32',
    converted_type: 'INT_8',
    logical_type: { type: 'INTEGER', bitWidth: 8, isSigned: true },
  },
  uint64: {
    type: 'INT64',
    converted_type: 'UINT_64',
    logical_type: { type: 'INTEGER', bitWidth: 64, isSigned: false },
  },
  uint32: {
    type: 'INT32',
    converted_type: 'UINT_32',
    logical_type: { type: 'INTEGER', bitWidth: 32, isSigned: false },
  },
  uint16: {
    type: 'INT32',
    converted_type: 'UINT_16',
    logical_type: { type: 'INTEGER', bitWidth: 16, isSigned: false },
  },
  uint8: {
    type: 'INT32',
    converted_type: 'UINT_8',
    logical_type: { type: 'INTEGER', bitWidth: 8, isSigned: false },
  },
};

const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

interface ParquetColumn {
  element: SchemaElement;
  data: ArrayLike<unknown>;
}

function outOfRange(file: string | undefined, col: SchemaColumn, i: number, what: string): never {
  throw new InvalidInputError(
    `Cannot export column '${col.name}' (${col.dt})${file ? ` to '${file}'` : ''}: the value at row ${i} is beyond what Parquet ${what} can hold`,
  );
}

/** A column's Parquet schema element and the values hyparquet-writer expects for it. */
function parquetColumn(
  col: SchemaColumn,
  values: ArrayLike<unknown>,
  file?: string,
): ParquetColumn {
  const name = col.name;
  const optional = { name, repetition_type: 'OPTIONAL' as const };
  if (col.kind === 'datetime') {
    const unit = col.unit as string;
    const raw = values as BigInt64Array;
    if (unit === 'D') {
      const days = Array.from(raw, (v, i) => {
        if (v === NAT) return null;
        if (v < INT32_MIN || v > INT32_MAX) outOfRange(file, col, i, 'DATE');
        return Number(v);
      });
      return {
        element: {
          ...optional,
          type: 'INT32',
          converted_type: 'DATE',
          logical_type: { type: 'DATE' },
        },
        data: days,
      };
    }
    const target = TIMESTAMP_UNIT[unit] as (typeof TIMESTAMP_UNIT)[string];
    const factor = (UNIT_NANOS[unit] as bigint) / (UNIT_NANOS[target.stored] as bigint);
    const data = Array.from(raw, (v, i) => {
      if (v === NAT) return null;
      const stored = v * factor;
      if (stored <= INT64_MIN || stored > INT64_MAX) outOfRange(file, col, i, 'TIMESTAMP');
      return stored;
    });
    return {
      element: {
        ...optional,
        type: 'INT64',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: target.parquet },
      },
      data,
    };
  }
  switch (col.kind) {
    case 'int':
    case 'uint': {
      // Narrow ints go as plain numbers: hyparquet-writer 0.17 passes a
      // Uint32Array's values above 2^31 through unconverted, then refuses them.
      const data = col.dt.endsWith('64') ? values : Array.from(values);
      return {
        element: { ...optional, ...(INT_TYPES[col.dt] as Omit<SchemaElement, 'name'>) },
        data,
      };
    }
    case 'float':
      return {
        element: { ...optional, type: col.dt === 'float32' ? 'FLOAT' : 'DOUBLE' },
        data: values,
      };
    case 'bool':
      return {
        element: { ...optional, type: 'BOOLEAN' },
        data: Array.from(values, (v) => v === 1),
      };
    case 'str':
      return {
        element: {
          ...optional,
          type: 'BYTE_ARRAY',
          converted_type: 'UTF8',
          logical_type: { type: 'STRING' },
        },
        data: values,
      };
    default:
      return {
        element: {
          ...optional,
          type: 'BYTE_ARRAY',
          converted_type: 'JSON',
          logical_type: { type: 'JSON' },
        },
        data: Array.from(values, (v) => (v === null || v === undefined ? null : toJsonValue(v))),
      };
  }
}

/** A frame as a Parquet file (snappy-compressed, column types as described above). */
export async function encodeParquet(frame: Frame, file?: string): Promise<Uint8Array> {
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  const columns = frame.names.map((n) =>
    parquetColumn(frame.schema.column(n), frame.column(n) as ArrayLike<unknown>, file),
  );
  const buffer = parquetWriteBuffer({
    columnData: columns.map((c) => ({ name: c.element.name, data: c.data as unknown[] })),
    schema: [{ name: 'root', num_children: columns.length }, ...columns.map((c) => c.element)],
    createdBy: 'lakota',
  });
  return new Uint8Array(buffer);
}

// Every datetime-like Parquet type decodes to nanoseconds (bigint) so that
// no unit is lost before conversion to the column's unit.
const NANOS_PER_DAY = UNIT_NANOS.D as bigint;
const nullable =
  <T>(fn: (v: T) => bigint) =>
  (v: T | null | undefined): bigint | null =>
    v === null || v === undefined ? null : fn(v);
const PARSERS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: nullable((v: bigint) => BigInt(v) * 1_000_000n),
  timestampFromMicroseconds: nullable((v: bigint) => BigInt(v) * 1_000n),
  timestampFromNanoseconds: nullable((v: bigint) => BigInt(v)),
  dateFromDays: nullable((v: number) => BigInt(v) * NANOS_PER_DAY),
};

function isDatetimeElement(e: SchemaElement): boolean {
  return (
    e.type === 'INT96' ||
    e.converted_type === 'DATE' ||
    e.converted_type === 'TIMESTAMP_MILLIS' ||
    e.converted_type === 'TIMESTAMP_MICROS' ||
    e.logical_type?.type === 'TIMESTAMP' ||
    e.logical_type?.type === 'DATE'
  );
}

/** Columns pandas stored for its index (not data columns), as Python Lakota's import ignores them. */
function pandasIndexColumns(metadata: FileMetaData): Set<string> {
  const entry = metadata.key_value_metadata?.find((kv) => kv.key === 'pandas');
  if (!entry?.value) return new Set();
  try {
    const meta = JSON.parse(entry.value) as { index_columns?: unknown[] };
    return new Set((meta.index_columns ?? []).filter((c): c is string => typeof c === 'string'));
  } catch {
    return new Set();
  }
}

/** Cells decoded by hyparquet, converted to what Frame.from reads exactly for this column. */
function toFrameColumn(
  values: readonly unknown[],
  element: SchemaElement,
  col: SchemaColumn,
  file: string,
): unknown[] {
  const bad = (i: number, why: string): never => {
    throw new InvalidInputError(
      `'${file}', row ${i + 1}, column '${col.name}' (${col.dt}): ${why}`,
    );
  };
  if (col.kind === 'datetime' && isDatetimeElement(element)) {
    return values.map((v, i) => {
      if (v === null || v === undefined) return NAT;
      const converted = convertDatetime(v as bigint, 'ns', col.unit as string);
      return converted ?? bad(i, `the value is finer than the column's unit`);
    });
  }
  return values.map((v, i) => {
    if (v !== null && v !== undefined) return v;
    if (col.kind === 'float') return Number.NaN;
    if (col.kind === 'object') return null;
    if (col.kind === 'datetime') return NAT;
    return bad(
      i,
      'the value is missing (null); only float, datetime and object columns can hold one',
    );
  });
}

/**
 * Reads a Parquet file of a series (written by this module, by pandas or by
 * any other tool): its columns must be exactly the schema's, in any order.
 */
export async function decodeParquet(
  bytes: Uint8Array,
  schema: Schema,
  file: string,
): Promise<Frame> {
  const { parquetMetadata, parquetRead, parquetSchema } = await import('hyparquet');
  const { compressors } = await import('hyparquet-compressors');
  const buffer = bytes.buffer.slice(
    bytes.byteOffset,
    bytes.byteOffset + bytes.byteLength,
  ) as ArrayBuffer;
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(buffer);
  } catch (err) {
    throw new InvalidInputError(`Cannot read '${file}' as Parquet: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const skip = pandasIndexColumns(metadata);
  const fields = parquetSchema(metadata).children.filter((c) => !skip.has(c.element.name));
  checkColumns(
    fields.map((f) => f.element.name),
    schema,
    file,
  );
  const chunks = new Map<string, { rowStart: number; data: ArrayLike<unknown> }[]>();
  try {
    await parquetRead({
      file: buffer,
      metadata,
      columns: schema.names,
      compressors,
      parsers: PARSERS,
      onChunk: ({ columnName, columnData, rowStart }) => {
        const list = chunks.get(columnName) ?? [];
        list.push({ rowStart, data: columnData });
        chunks.set(columnName, list);
      },
    });
  } catch (err) {
    throw new InvalidInputError(
      `Cannot read the data of '${file}' as Parquet: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  const input: Record<string, unknown[]> = {};
  for (const field of fields) {
    const col = schema.column(field.element.name);
    const parts = (chunks.get(col.name) ?? []).sort((a, b) => a.rowStart - b.rowStart);
    const values: unknown[] = [];
    for (const p of parts) for (let i = 0; i < p.data.length; i++) values.push(p.data[i]);
    input[col.name] = toFrameColumn(values, field.element, col, file);
  }
  return withFileName(file, () => Frame.from(schema, input));
}
