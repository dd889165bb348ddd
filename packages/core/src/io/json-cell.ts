/**
 * Cells of `object` columns travel as JSON text in Parquet and Arrow (and
 * CSV cells are read back the same way). JSON has no bigint, bytes or Map,
 * so those become what JSON can hold; everything JSON can hold round-trips.
 */

/** The JSON-compatible form of an object cell: bigints that fit become numbers, bytes arrays, Maps objects. */
export function toJsonValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'bigint') {
    // Past 2^53 a number would silently change the value; the digits keep it.
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  }
  if (value instanceof Uint8Array) return Array.from(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Map) {
    return Object.fromEntries([...value].map(([k, v]) => [String(k), toJsonValue(v)]));
  }
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJsonValue(v);
    return out;
  }
  return value;
}

/** An object cell as JSON text. */
export function objectToJson(value: unknown): string {
  return JSON.stringify(toJsonValue(value)) ?? 'null';
}

/**
 * Reads an object cell back. Text that is not JSON stays a string: Python
 * Lakota exports object cells with `str()`, which is rarely JSON, and keeping
 * the text loses nothing.
 */
export function parseObjectCell(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
