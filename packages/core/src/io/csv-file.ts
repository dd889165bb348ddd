import { InvalidInputError } from '../engine-errors.js';
import { quoteExcerpt } from '../excerpt.js';
import { Frame } from '../frame.js';
import type { Schema, SchemaColumn } from '../schema.js';
import { CellError, formatCsvCell, parseCsvCell } from './csv-cell.js';
import { checkColumns, withFileName } from './file-checks.js';

/** Rows stringified at a time, so a large series never becomes one huge array of rows. */
const CHUNK_ROWS = 10_000;

const encoder = new TextEncoder();

/**
 * A frame as CSV the way Python's `csv.writer` writes it: a header of the
 * column names, `\r\n` line ends, quotes only around cells that hold a
 * comma, a quote or a line break (and around a lone empty cell, which would
 * otherwise read back as a blank line).
 */
export async function encodeCsv(frame: Frame): Promise<Uint8Array> {
  const { stringify } = await import('csv-stringify/sync');
  const names = frame.names;
  const columns = names.map(
    (n) => [frame.schema.column(n), frame.column(n) as ArrayLike<unknown>] as const,
  );
  const options = {
    record_delimiter: 'windows' as const,
    quoted_match: /[\r\n]/,
    quoted_empty: names.length === 1,
  };
  const parts: Uint8Array[] = [encoder.encode(stringify([names], options))];
  for (let start = 0; start < frame.length; start += CHUNK_ROWS) {
    const end = Math.min(frame.length, start + CHUNK_ROWS);
    const rows = new Array<string[]>(end - start);
    for (let i = start; i < end; i++) {
      rows[i - start] = columns.map(([col, values]) => formatCsvCell(values[i], col));
    }
    parts.push(encoder.encode(stringify(rows, options)));
  }
  return concatBytes(parts);
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** An array to fill cell by cell: 64-bit kinds exact in bigint arrays, the rest checked later by Frame.from. */
function emptyCells(column: SchemaColumn, n: number): { [i: number]: unknown } {
  if (column.kind === 'datetime' || column.dt === 'int64') return new BigInt64Array(n);
  if (column.dt === 'uint64') return new BigUint64Array(n);
  return new Array<unknown>(n);
}

/**
 * Reads a CSV file of a series. The header must name exactly the schema's
 * columns (in any order); every cell is read as its column's type. Errors
 * are InvalidInputError naming the file, the row and the column.
 */
export async function decodeCsv(bytes: Uint8Array, schema: Schema, file: string): Promise<Frame> {
  const { parse } = await import('csv-parse/sync');
  let records: string[][];
  try {
    records = parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes), {
      bom: true,
      skip_empty_lines: true,
    }) as string[][];
  } catch (err) {
    throw new InvalidInputError(
      `Cannot read '${file}' as CSV: ${(err as Error).message}. Check its quoting and that every row has as many cells as the header`,
      { cause: err },
    );
  }
  const [header, ...rows] = records;
  if (!header) {
    throw new InvalidInputError(
      `'${file}' is empty: a CSV file of a series starts with a header (${schema.names.join(',')})`,
    );
  }
  checkColumns(header, schema, file);
  const columns = header.map((name) => schema.column(name));
  const cells = columns.map((col) => emptyCells(col, rows.length));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as string[];
    for (let c = 0; c < columns.length; c++) {
      const col = columns[c] as SchemaColumn;
      const text = row[c] as string;
      try {
        (cells[c] as { [i: number]: unknown })[r] = parseCsvCell(text, col);
      } catch (err) {
        if (!(err instanceof CellError)) throw err;
        throw new InvalidInputError(
          `'${file}', data row ${r + 1}, column '${col.name}' (${col.dt}): cannot read ${quoteExcerpt(text)}: ${err.reason}`,
          { cause: err },
        );
      }
    }
  }
  const input = Object.fromEntries(header.map((name, c) => [name, cells[c] as ArrayLike<unknown>]));
  return withFileName(file, () => Frame.from(schema, input));
}
