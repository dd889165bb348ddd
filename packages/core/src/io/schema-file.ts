import { SchemaError } from '../engine-errors.js';
import { Schema, type SchemaJSON } from '../schema.js';

/** Name of the file that holds a collection's schema in an export folder. */
export const SCHEMA_FILE = '_schema.json';

/**
 * JSON as Python's `json.dumps` writes it with its defaults: keys in their
 * order (column order matters), `", "` and `": "` separators, non-ASCII
 * escaped. The stored schema form holds only strings, booleans, null and
 * arrays or objects of them.
 */
function pythonJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(
      /[\u0080-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([k, v]) => `${pythonJson(k)}: ${pythonJson(v)}`).join(', ')}}`;
}

/** `_schema.json` of a collection, byte for byte as Python Lakota's export writes it. */
export function encodeSchemaFile(schema: Schema): Uint8Array {
  return new TextEncoder().encode(pythonJson(schema.toJSON()));
}

/** Reads `_schema.json`; a SchemaError names the file when it is not a stored schema. */
export function decodeSchemaFile(bytes: Uint8Array, file: string): Schema {
  let json: SchemaJSON;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes)) as SchemaJSON;
  } catch (err) {
    throw new SchemaError(`'${file}' is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  try {
    return Schema.fromJSON(json);
  } catch (err) {
    throw new SchemaError(
      `'${file}' does not hold a collection schema ({"kind": …, "columns": {name: {"dt", "codecs", "idx"}}}): ${(err as Error).message}`,
      { cause: err },
    );
  }
}
