import { numericBytes } from './codecs/column-cast.js';
import type { NumericColumn } from './codecs/dtype.js';
import { sha1Hex } from './codecs/index.js';
import type { ColumnArray } from './column-array.js';
import { EMPTY_DIGEST } from './hashed-path.js';
import { UNIT_NANOS } from './iso-datetime.js';
import type { SchemaColumn } from './schema.js';

/**
 * Whether a segment's decoded values match the digest naming it. str and
 * object columns are named by the SHA-1 of their encoded bytes, numbers by
 * the SHA-1 of their raw values. Python Lakota names a datetime column
 * written from another unit by the values in that unit (FORMAT.md §6.3), so
 * every finer unit is tried too; values finer than the column's unit were
 * truncated when stored, and such a segment cannot be told from a damaged one.
 */
export function segmentDigestMatches(
  digest: string,
  bytes: Uint8Array,
  values: ColumnArray,
  column: SchemaColumn,
): boolean {
  if (values.length === 0) return digest === EMPTY_DIGEST;
  if (column.kind === 'str' || column.kind === 'object') return sha1Hex(bytes) === digest;
  if (sha1Hex(numericBytes(values as NumericColumn)) === digest) return true;
  if (column.kind !== 'datetime') return false;
  const own = UNIT_NANOS[column.unit as string] as bigint;
  const stored = values as BigInt64Array;
  for (const factor of Object.values(UNIT_NANOS)) {
    if (factor >= own) continue;
    const scaled = BigInt64Array.from(stored, (v) => BigInt.asIntN(64, v * (own / factor)));
    if (sha1Hex(numericBytes(scaled)) === digest) return true;
  }
  return false;
}
