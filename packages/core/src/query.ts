import type { Before } from './changelog.js';
import { type Closed, type ClosedInput, toClosed } from './closed.js';
import { type Scalar, toColumnArray } from './column-array.js';
import { InvalidInputError } from './engine-errors.js';
import type { Schema } from './schema.js';

/** An index bound: one value for a single-column index, or a tuple (a prefix is allowed in reads). */
export type Bound = unknown;

export interface QueryOptions {
  /** First index value (a tuple for multi-column indexes). */
  start?: Bound;
  /** Last index value. */
  stop?: Bound;
  /** Which bounds are included: LEFT (default), RIGHT, BOTH or NONE. */
  closed?: ClosedInput;
  /** Read as of a time: a Date, epoch milliseconds, an ISO string or an 11-hex epoch (FORMAT.md §4.5). */
  before?: Before;
  /** Read as of a revision: its id (`<epoch>-<digest>`), its file name, or a unique prefix of its digest. */
  at?: string;
  /** At most this many rows. */
  limit?: number;
  /** Skip this many rows first. */
  offset?: number;
  /** Columns to return (all by default; index columns are always read to locate rows). */
  select?: readonly string[] | string;
  signal?: AbortSignal;
}

export interface ResolvedQuery {
  start: Scalar[] | undefined;
  stop: Scalar[] | undefined;
  closed: Closed;
  select: string[];
  limit: number | undefined;
  offset: number;
}

/** Casts a bound to the index columns' types. */
export function toBound(schema: Schema, value: Bound, what: string): Scalar[] | undefined {
  if (value === undefined || value === null) return undefined;
  const parts = Array.isArray(value) ? value : [value];
  if (parts.length > schema.index.length) {
    throw new InvalidInputError(
      `${what} has ${parts.length} values but the index has ${schema.index.length} column(s) (${schema.index.map((c) => c.name).join(', ')})`,
    );
  }
  return parts.map((v, k) => {
    const col = schema.index[k] as (typeof schema.index)[number];
    try {
      return (toColumnArray([v], col) as ArrayLike<Scalar>)[0];
    } catch (err) {
      throw new InvalidInputError(`${what}: ${(err as Error).message}`, { cause: err });
    }
  });
}

function count(value: number | undefined, what: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Number.isInteger(value) || value < 0) {
    throw new InvalidInputError(`${what} must be a whole number >= 0, got ${value}`);
  }
  return value;
}

export function resolveQuery(schema: Schema, q: QueryOptions): ResolvedQuery {
  const select =
    q.select === undefined
      ? schema.names
      : typeof q.select === 'string'
        ? [q.select]
        : [...q.select];
  for (const name of select) schema.column(name);
  return {
    start: toBound(schema, q.start, 'start'),
    stop: toBound(schema, q.stop, 'stop'),
    closed: toClosed(q.closed, 'l'),
    select,
    limit: count(q.limit, 'limit'),
    offset: count(q.offset, 'offset') ?? 0,
  };
}
