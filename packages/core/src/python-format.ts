import { formatDatetime } from './frame.js';
import type { SchemaColumn } from './schema.js';

/**
 * A float as Python's `repr` prints it: the shortest digits that read back
 * the same, `.0` on whole numbers, an exponent below 1e-4 or from 1e16,
 * `nan` and `inf`.
 */
export function formatFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Number.POSITIVE_INFINITY) return 'inf';
  if (x === Number.NEGATIVE_INFINITY) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (abs < 1e-4 || abs >= 1e16) {
    const [mantissa, exponent] = x.toExponential().split('e') as [string, string];
    const sign = exponent[0] === '-' ? '-' : '+';
    const digits = exponent.replace(/^[+-]/, '').padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  const s = String(x);
  return s.includes('.') ? s : `${s}.0`;
}

/** Sorted-key JSON, as Python's `json.dumps(..., sort_keys=True)` with its default separators. */
export function sortedJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : formatFloat(value);
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (value instanceof Uint8Array) return JSON.stringify(Array.from(value));
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(', ')}]`;
  if (value instanceof Map) return sortedJson(Object.fromEntries(value));
  const keys = Object.keys(value as object).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}: ${sortedJson((value as Record<string, unknown>)[k])}`).join(', ')}}`;
}

/** A cell as Python Lakota prints it in CSV: dates ISO, floats with `.0`, ints plain, text as stored. */
export function formatCell(value: unknown, column: SchemaColumn): string {
  switch (column.kind) {
    case 'datetime':
      return formatDatetime(value as bigint, column.unit as string);
    case 'float':
      return formatFloat(value as number);
    case 'bool':
      return value ? 'True' : 'False';
    case 'str':
      return value as string;
    case 'object':
      return sortedJson(value);
    default:
      return String(value);
  }
}
