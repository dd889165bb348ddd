import { formatIsoDatetime, parseIsoDatetime } from '../iso-datetime.js';
import { formatCell } from '../python-format.js';
import type { SchemaColumn } from '../schema.js';
import { parseObjectCell } from './json-cell.js';

/**
 * A cell as Python Lakota's CSV export writes it (`str()` of the numpy
 * value). Datetimes go through the exact formatter, which prints every unit
 * the way numpy does; other kinds use the engine's `formatCell`.
 */
export function formatCsvCell(value: unknown, column: SchemaColumn): string {
  if (column.kind === 'datetime') return formatIsoDatetime(value as bigint, column.unit as string);
  return formatCell(value, column);
}

const INTEGER = /^[+-]?\d+$/;
// What Python's float() accepts, minus '_' separators and hex.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL_FLOATS: Readonly<Record<string, number>> = {
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
const INT64_RANGE = [-(2n ** 63n), 2n ** 63n - 1n] as const;
const UINT64_RANGE = [0n, 2n ** 64n - 1n] as const;
const BOOLEANS: Readonly<Record<string, number>> = { true: 1, false: 0, '1': 1, '0': 0 };

/** A cell that cannot be read as its column's type; `reason` says what is expected. */
export class CellError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * Reads one CSV cell as the column's in-memory scalar: bigint for 64-bit
 * integers and datetimes, number for other numbers and booleans (0/1), the
 * text itself for strings, parsed JSON for objects. Throws CellError.
 */
export function parseCsvCell(text: string, column: SchemaColumn): unknown {
  switch (column.kind) {
    case 'datetime': {
      const v = parseIsoDatetime(text, column.unit as string);
      if (v === 'syntax')
        throw new CellError('expected an ISO date or time such as 2020-01-31T12:00:00');
      if (v === 'finer-than-unit') {
        throw new CellError(`it is finer than the column's unit (${column.dt})`);
      }
      return v;
    }
    case 'int':
    case 'uint': {
      const t = text.trim();
      if (!INTEGER.test(t)) throw new CellError('expected an integer');
      if (!column.dt.endsWith('64')) return Number(t);
      const v = BigInt(t);
      const [lo, hi] = column.kind === 'int' ? INT64_RANGE : UINT64_RANGE;
      if (v < lo || v > hi) throw new CellError(`it is out of the range of ${column.dt}`);
      return v;
    }
    case 'float': {
      const t = text.trim();
      const special = SPECIAL_FLOATS[t.toLowerCase()];
      if (special !== undefined) return special;
      if (!DECIMAL.test(t)) throw new CellError('expected a number (or nan, inf, -inf)');
      return Number(t);
    }
    case 'bool': {
      const b = BOOLEANS[text.trim().toLowerCase()];
      if (b === undefined) throw new CellError('expected True or False');
      return b;
    }
    case 'str':
      return text;
    default:
      return parseObjectCell(text);
  }
}
