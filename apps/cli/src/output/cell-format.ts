import { formatCell, formatFloat, SchemaColumn } from '@lakota/core';
import { kindOf } from '../expr/vector.js';

/** Turns one cell into text. */
export type CellFormatter = (value: unknown) => string;

/**
 * Cells as Python Lakota prints them in CSV: `2020-01-01T00:00:00`,
 * `2020-01-01` for dates, floats with `.0`, ints plain, text as stored.
 * A missing value (a group without rows) is an empty cell.
 */
export function textFormatter(dt: string): CellFormatter {
  const column = new SchemaColumn('cell', dt, [], false);
  // In object columns null is a value like any other, printed as JSON.
  if (kindOf(dt) === 'object') return (value) => formatCell(value ?? null, column);
  return (value) => (value === null || value === undefined ? '' : formatCell(value, column));
}

/** Cells as JSON: numbers stay numbers (NaN and infinities become null), dates ISO strings. */
export function jsonFormatter(dt: string): CellFormatter {
  const text = textFormatter(dt);
  switch (kindOf(dt)) {
    case 'float':
      return (v) =>
        v === null || v === undefined || !Number.isFinite(v as number)
          ? 'null'
          : formatFloat(v as number);
    case 'int':
      return (v) => (v === null || v === undefined ? 'null' : String(v));
    case 'bool':
      return (v) => (v === null || v === undefined ? 'null' : v ? 'true' : 'false');
    case 'object':
      return text;
    default:
      return (v) => (v === null || v === undefined ? 'null' : JSON.stringify(text(v)));
  }
}

/** Numbers are right-aligned in tables. */
export function alignsRight(dt: string): boolean {
  const kind = kindOf(dt);
  return kind === 'int' || kind === 'float';
}
