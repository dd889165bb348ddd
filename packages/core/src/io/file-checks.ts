import { InvalidInputError } from '../engine-errors.js';
import { LakotaError } from '../errors.js';
import type { Schema } from '../schema.js';

/**
 * A file of a series must hold exactly the schema's columns, in any order
 * (as Python Lakota asserts on import). Names what is missing and what is extra.
 */
export function checkColumns(names: readonly string[], schema: Schema, file: string): void {
  const seen = new Set<string>();
  const duplicated = names.filter((n) => seen.has(n) || !seen.add(n));
  const missing = schema.names.filter((n) => !seen.has(n));
  const extra = [...seen].filter((n) => !schema.get(n));
  if (!duplicated.length && !missing.length && !extra.length) return;
  const problems = [
    missing.length ? `missing ${missing.map((n) => `'${n}'`).join(', ')}` : '',
    extra.length ? `not in the schema ${extra.map((n) => `'${n}'`).join(', ')}` : '',
    duplicated.length ? `repeated ${duplicated.map((n) => `'${n}'`).join(', ')}` : '',
  ].filter(Boolean);
  throw new InvalidInputError(
    `'${file}' has columns ${names.map((n) => `'${n}'`).join(', ')} (${problems.join('; ')}): the collection's schema has exactly ${schema.names.join(', ')}`,
  );
}

/** Runs `fn`, prefixing the message of a data error with the file it came from. */
export function withFileName<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof LakotaError) {
      throw new InvalidInputError(`'${file}': ${err.message}`, { cause: err });
    }
    throw err;
  }
}
