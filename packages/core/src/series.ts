import { type ClosedInput, leftClosed, rightClosed, toClosed } from './closed.js';
import type { Collection, CommitOptions } from './collection.js';
import {
  bisect,
  type ColumnArray,
  compareTuples,
  emptyColumn,
  type Scalar,
  sliceColumn,
} from './column-array.js';
import { type Commit, type CommitRow, clipRow } from './commit.js';
import { InvalidInputError } from './engine-errors.js';
import { throwIfAborted } from './errors.js';
import { Frame, type FrameInput } from './frame.js';
import {
  type Bound,
  type QueryOptions,
  type ResolvedQuery,
  resolveQuery,
  toBound,
} from './query.js';
import type { Revision } from './revision.js';
import type { Schema } from './schema.js';

/** Where a commit row's visible values sit in its segment. */
export interface LocatedSegment {
  row: CommitRow;
  /** Decoded index columns of the whole segment, in schema index order. */
  index: ColumnArray[];
  /** Visible positions [lo, hi). */
  lo: number;
  hi: number;
}

export interface WriteOptions extends CommitOptions {
  /** Start of the replaced range (the frame's first index by default). */
  start?: Bound;
  /** Stop of the replaced range (the frame's last index by default). */
  stop?: Bound;
  /** Which ends of [start, stop] are replaced: BOTH by default. */
  closed?: ClosedInput;
  /** Commit on the virtual root instead of the leaf (a new, independent head). */
  root?: boolean;
}

/** Position of a (possibly partial) index tuple in sorted index columns (FORMAT.md §9 step 3). */
function position(
  index: readonly ColumnArray[],
  values: readonly Scalar[],
  right: boolean,
): number {
  let lo = 0;
  let hi = (index[0] as ColumnArray).length;
  for (let k = 0; k < values.length; k++) {
    const arr = index[k] as ColumnArray;
    const l = bisect(arr, values[k], lo, hi, 'left');
    hi = bisect(arr, values[k], l, hi, 'right');
    lo = l;
  }
  return right ? hi : lo;
}

/**
 * A named series of a collection. Every write replaces an index range and
 * becomes a revision; reads can go back to any earlier revision.
 */
export class Series {
  readonly schema: Schema;

  constructor(
    readonly collection: Collection,
    readonly label: string,
    /** Set inside `collection.multi()`: writes are gathered into one revision. */
    private readonly batch?: { rows: CommitRow[]; embedded: Map<string, Uint8Array> },
  ) {
    this.schema = collection.schema;
  }

  /**
   * Finds the rows of this series in a commit and where their values sit in
   * their segments. With `prefetch`, those columns are requested at the same
   * time as the index columns (a read that will need them all then waits for
   * one round of requests, not two).
   */
  async locate(
    commit: Commit,
    q: ResolvedQuery,
    signal?: AbortSignal,
    prefetch: readonly string[] = [],
  ): Promise<LocatedSegment[]> {
    const store = this.collection.repo.segments;
    const clipped = commit
      .rowsOf(this.label)
      .map((r) => clipRow(r, q.start, q.stop, q.closed))
      .filter((c) => c !== undefined && c.row.length > 0);
    const others = this.schema.columns.filter((col) => !col.idx && prefetch.includes(col.name));
    return Promise.all(
      clipped.map(async (c) => {
        throwIfAborted(signal);
        const { row } = c!;
        for (const col of others) {
          // Read again (from the store's cache or in-flight request) when the frame is built; a failure surfaces there.
          store
            .read(row.digests[this.schema.columns.indexOf(col)] as string, col, commit, row.length)
            .catch(() => {});
        }
        const index = await Promise.all(
          this.schema.index.map((col) =>
            store.read(
              row.digests[this.schema.columns.indexOf(col)] as string,
              col,
              commit,
              row.length,
            ),
          ),
        );
        const lo = position(index, c!.start, !leftClosed(c!.closed));
        const hi = Math.max(lo, position(index, c!.stop, rightClosed(c!.closed)));
        return { row, index, lo, hi };
      }),
    );
  }

  /** Reads the selected columns of located segments, restricted to [offset, offset+limit). */
  private async materialize(
    commit: Commit,
    located: readonly LocatedSegment[],
    select: readonly string[],
    offset = 0,
    limit?: number,
  ): Promise<Frame> {
    const store = this.collection.repo.segments;
    let skip = offset;
    let left = limit ?? Number.POSITIVE_INFINITY;
    const parts: { seg: LocatedSegment; lo: number; hi: number }[] = [];
    for (const seg of located) {
      if (left <= 0) break;
      const n = seg.hi - seg.lo;
      if (skip >= n) {
        skip -= n;
        continue;
      }
      const lo = seg.lo + skip;
      const hi = Math.min(seg.hi, lo + left);
      skip = 0;
      left -= hi - lo;
      parts.push({ seg, lo, hi });
    }
    if (parts.length === 0) return Frame.empty(this.schema, select);
    const frames = await Promise.all(
      parts.map(async ({ seg, lo, hi }) => {
        const columns: Record<string, ColumnArray> = {};
        await Promise.all(
          select.map(async (name) => {
            const k = this.schema.columns.findIndex((c) => c.name === name);
            const col = this.schema.columns[k]!;
            const ik = this.schema.index.indexOf(col);
            const values =
              ik >= 0
                ? (seg.index[ik] as ColumnArray)
                : await store.read(seg.row.digests[k] as string, col, commit, seg.row.length);
            columns[name] = sliceColumn(values, lo, hi);
          }),
        );
        return new Frame(
          this.schema,
          Object.fromEntries(select.map((n) => [n, columns[n] as ColumnArray])),
        );
      }),
    );
    return Frame.concat(this.schema, frames, select);
  }

  /** The series' values (all of it, or a range), as of the leaf or an earlier time. */
  async read(options: QueryOptions = {}): Promise<Frame> {
    const q = resolveQuery(this.schema, options);
    const commit = await this.collection.commitFor(options);
    if (!commit) return Frame.empty(this.schema, q.select);
    const whole = q.offset === 0 && q.limit === undefined;
    const located = await this.locate(commit, q, options.signal, whole ? q.select : []);
    return this.materialize(commit, located, q.select, q.offset, q.limit);
  }

  /** Alias of `read`, as in Python Lakota. */
  frame(options: QueryOptions = {}): Promise<Frame> {
    return this.read(options);
  }

  /** The last `n` rows (of the whole series or of a range); `limit`/`offset` then apply to those. */
  async tail(n: number, options: QueryOptions = {}): Promise<Frame> {
    if (!Number.isInteger(n) || n <= 0)
      throw new InvalidInputError(`tail(n) needs a whole number n > 0, got ${n}`);
    const q = resolveQuery(this.schema, options);
    const commit = await this.collection.commitFor(options);
    if (!commit) return Frame.empty(this.schema, q.select);
    const located = await this.locate(commit, q, options.signal);
    const total = located.reduce((s, seg) => s + seg.hi - seg.lo, 0);
    const from = Math.max(0, total - n);
    const last = await this.materialize(commit, located, q.select, from);
    if (options.limit === undefined && options.offset === undefined) return last;
    const start = q.offset;
    return last.slice(start, q.limit === undefined ? undefined : start + q.limit);
  }

  /** Reads the series page by page, `step` rows at a time. */
  async *paginate(step = 500_000, options: QueryOptions = {}): AsyncGenerator<Frame> {
    if (!Number.isInteger(step) || step <= 0) {
      throw new InvalidInputError(`paginate(step) needs a whole number step > 0, got ${step}`);
    }
    const q = resolveQuery(this.schema, options);
    const commit = await this.collection.commitFor(options);
    if (!commit) return;
    const located = await this.locate(commit, q, options.signal);
    const total = Math.min(
      located.reduce((s, seg) => s + seg.hi - seg.lo, 0) - q.offset,
      q.limit ?? Number.POSITIVE_INFINITY,
    );
    for (let done = 0; done < total; done += step) {
      throwIfAborted(options.signal);
      yield await this.materialize(
        commit,
        located,
        q.select,
        q.offset + done,
        Math.min(step, total - done),
      );
    }
  }

  /** Number of rows (of the whole series or of a range). */
  async length(options: QueryOptions = {}): Promise<number> {
    const q = resolveQuery(this.schema, options);
    const commit = await this.collection.commitFor(options);
    if (!commit) return 0;
    const located = await this.locate(commit, q, options.signal);
    let n = located.reduce((s, seg) => s + seg.hi - seg.lo, 0) - q.offset;
    if (q.limit !== undefined) n = Math.min(n, q.limit);
    return Math.max(0, n);
  }

  /**
   * Writes a frame, replacing the whole [start, stop] range of the series
   * (not an upsert: rows in that range that the frame lacks disappear).
   */
  async write(data: FrameInput, options: WriteOptions = {}): Promise<Revision[]> {
    const frame = Frame.from(this.schema, data);
    const start = toBound(this.schema, options.start, 'start') ?? frame.start;
    const stop = toBound(this.schema, options.stop, 'stop') ?? frame.stop;
    if (!start || !stop) {
      throw new InvalidInputError(
        `Nothing to write to '${this.label}': the frame is empty; give start and stop to delete a range`,
      );
    }
    const n = this.schema.index.length;
    if (start.length !== n || stop.length !== n) {
      throw new InvalidInputError(
        `A write's start and stop need one value per index column (${this.schema.index.map((c) => c.name).join(', ')})`,
      );
    }
    if (compareTuples(start, stop) > 0) {
      throw new InvalidInputError(`Invalid range for '${this.label}': start is after stop`);
    }
    if (
      frame.length &&
      (compareTuples(frame.start!, start) < 0 || compareTuples(frame.stop!, stop) > 0)
    ) {
      throw new InvalidInputError(
        `The frame written to '${this.label}' has rows outside the range [start, stop] it replaces: widen the range or drop those rows`,
      );
    }
    const closed = toClosed(options.closed, 'b');
    const store = this.collection.repo.segments;
    const encoded = this.schema.columns.map((col) => store.encode(frame.column(col.name), col));
    await store.save(encoded, options.signal);
    const embedded = new Map(encoded.filter((e) => e.embedded).map((e) => [e.digest, e.bytes]));
    const row: CommitRow = {
      label: this.label,
      start,
      stop,
      digests: encoded.map((e) => e.digest),
      length: frame.length,
      closed,
    };
    if (this.batch) {
      this.batch.rows.push(row);
      for (const [d, b] of embedded) this.batch.embedded.set(d, b);
      return [];
    }
    return this.collection.commitRows([row], embedded, options);
  }

  /** Deletes the values in [start, stop] (both ends by default). */
  async delete(
    start: Bound,
    stop: Bound,
    options: Omit<WriteOptions, 'start' | 'stop'> = {},
  ): Promise<Revision[]> {
    if (start === undefined || stop === undefined) {
      throw new InvalidInputError(
        'delete(start, stop) needs both bounds; use collection.delete(label) to drop a whole series',
      );
    }
    const empty = Object.fromEntries(
      this.schema.names.map((n) => [n, emptyColumn(this.schema.column(n))]),
    );
    return this.write(empty, { ...options, start, stop });
  }

  /**
   * Updates some columns over the frame's index range: index values must match
   * the stored ones where they overlap; other columns keep their values.
   */
  async update(data: FrameInput, options: CommitOptions = {}): Promise<Revision[]> {
    const frame = Frame.from(this.schema, data, { partial: true });
    if (!frame.length) return [];
    const idx = this.schema.index.map((c) => c.name);
    const given = frame.names.filter((n) => !idx.includes(n));
    const stored = await this.read({ start: frame.start, stop: frame.stop, closed: 'BOTH' });
    if (stored.length === 0) {
      throw new InvalidInputError(
        `update(): '${this.label}' has no rows between ${frame.start?.join(', ')} and ${frame.stop?.join(', ')}: write the series instead`,
      );
    }
    if (stored.length !== frame.length) {
      throw new InvalidInputError(
        `update(): the frame's ${frame.length} index values do not match the ${stored.length} stored ones in that range: update only existing rows`,
      );
    }
    for (let i = 0; i < frame.length; i++) {
      if (compareTuples(frame.indexAt(i), stored.indexAt(i)) !== 0) {
        throw new InvalidInputError(
          `update(): row ${i} has an index value that is not stored: update only existing rows`,
        );
      }
    }
    const columns = { ...stored.columns };
    for (const n of given) columns[n] = frame.column(n);
    return this.write(new Frame(this.schema, columns), {
      ...options,
      start: frame.start,
      stop: frame.stop,
    });
  }
}
