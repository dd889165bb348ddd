import { type Closed, leftClosed, makeClosed, rightClosed } from './closed.js';
import {
  CodecError,
  decodeArray,
  decodeObjectArray,
  encodeArray,
  encodeObjectArray,
  MsgpackCustom,
  MsgpackReader,
  type MsgpackWriter,
} from './codecs/index.js';
import { columnFromScalars, compareScalars, compareTuples, type Scalar } from './column-array.js';
import { InvalidInputError } from './engine-errors.js';
import { LakotaError } from './errors.js';
import { compareCodePoints } from './path.js';
import type { Schema } from './schema.js';

/**
 * One row of a commit: series `label` takes its values between `start` and
 * `stop` (ends included per `closed`) from the segment whose column arrays
 * have these digests. `length` is the whole segment's length; 0 marks a delete.
 */
export interface CommitRow {
  readonly label: string;
  readonly start: readonly Scalar[];
  readonly stop: readonly Scalar[];
  /** One digest per schema column, in schema order. */
  readonly digests: readonly string[];
  readonly length: number;
  readonly closed: Closed;
}

const STR = '<U0';

/** Which operation made a revision. */
export type CommitOperation =
  | 'write'
  | 'delete'
  | 'multi'
  | 'merge'
  | 'defrag'
  | 'rename'
  | 'clone'
  | 'rollback'
  | 'drop';

/**
 * What a revision says about itself: stored in the payload under `info`, a
 * key Python Lakota's decoder never reads (it picks its keys by name), so
 * Python still reads these commits. Commits written by Python have none.
 */
export interface CommitInfo {
  op?: CommitOperation;
  message?: string;
  author?: string;
  /** Series the operation touched. */
  series?: string[];
  /** Rows written by the operation. */
  rows?: number;
}

/** The payload key of CommitInfo. */
export const INFO_KEY = 'info';
const TEXT_CODECS = ['msgpack2', 'zstd'];

/**
 * Where a commit's `embedded` map lies in its payload: one entry (digest,
 * bytes) per digest in sorted order, entry i spanning offsets[i] to
 * offsets[i+1] of `bytes`. A series grown by many small writes carries every
 * earlier write's arrays in each commit: the next commit copies runs of these
 * entries instead of encoding them again, so an append no longer re-encodes
 * its whole history.
 */
interface EmbeddedSection {
  readonly digests: readonly string[];
  readonly offsets: readonly number[];
  readonly bytes: Uint8Array;
}

/** An ancestor's section and the digests embedded since (maybe unused, maybe repeated). */
interface EmbeddedBase {
  readonly section: EmbeddedSection;
  readonly added: readonly string[];
}

/** Past this many digests added since the last encoded ancestor, encode from scratch. */
const MAX_ADDED = 4096;

function sortedIndexOf(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < value) lo = mid + 1;
    else hi = mid;
  }
  return sorted[lo] === value ? lo : -1;
}

/** Writes the embedded map of `used`; returns the digests and where each entry starts and ends. */
function writeEmbedded(
  writer: MsgpackWriter,
  used: ReadonlySet<string>,
  embedded: ReadonlyMap<string, Uint8Array>,
  base: EmbeddedBase | undefined,
): { digests: string[]; offsets: number[] } {
  const plan = base && planFromBase(base, used);
  writer.writeMapHeader(used.size);
  const digests: string[] = [];
  const offsets = [writer.length];
  const writeNew = (d: string) => {
    writer.writeString(d);
    writer.writeBinary(embedded.get(d) as Uint8Array);
    digests.push(d);
    offsets.push(writer.length);
  };
  if (!plan) {
    for (const d of [...used].sort()) writeNew(d);
    return { digests, offsets };
  }
  const { section } = base as EmbeddedBase;
  const { kept, added } = plan;
  let k = 0;
  let a = 0;
  while (k < kept.length || a < added.length) {
    const nextKept = section.digests[kept[k] as number];
    if (a < added.length && (nextKept === undefined || (added[a] as string) < nextKept)) {
      writeNew(added[a++] as string);
      continue;
    }
    // A run of kept entries that lie side by side in the base and come before the next new one.
    const first = kept[k] as number;
    let last = first;
    const shift = writer.length - (section.offsets[first] as number);
    for (;;) {
      digests.push(section.digests[last] as string);
      offsets.push((section.offsets[last + 1] as number) + shift);
      const next = kept[++k];
      if (
        next !== last + 1 ||
        (a < added.length && (added[a] as string) < (section.digests[next] as string))
      )
        break;
      last = next;
    }
    writer.writeRaw(
      section.bytes.subarray(section.offsets[first] as number, section.offsets[last + 1] as number),
    );
  }
  return { digests, offsets };
}

/**
 * Which entries of the base to keep (its indices, in order) and which
 * digests to encode anew (sorted); undefined when the base and the digests
 * added since do not account for every digest used.
 */
function planFromBase(
  base: EmbeddedBase,
  used: ReadonlySet<string>,
): { kept: number[]; added: string[] } | undefined {
  const { digests } = base.section;
  const kept: number[] = [];
  for (let i = 0; i < digests.length; i++) if (used.has(digests[i] as string)) kept.push(i);
  const fresh = new Set<string>();
  for (const d of base.added) if (used.has(d) && sortedIndexOf(digests, d) < 0) fresh.add(d);
  if (kept.length + fresh.size !== used.size) return undefined;
  return { kept, added: [...fresh].sort() };
}

function compareRows(a: CommitRow, b: CommitRow): number {
  return compareCodePoints(a.label, b.label) || compareTuples(a.start, b.start);
}

/** True when two rows reference the same data over the same range. */
export function sameRow(a: CommitRow, b: CommitRow): boolean {
  return (
    a.label === b.label &&
    a.closed === b.closed &&
    compareTuples(a.start, b.start) === 0 &&
    compareTuples(a.stop, b.stop) === 0 &&
    a.digests.length === b.digests.length &&
    a.digests.every((d, i) => d === b.digests[i])
  );
}

/**
 * The content of a revision: for every series, which segments cover which
 * index ranges (FORMAT.md §5). Immutable: `update` returns a new commit.
 */
export class Commit {
  constructor(
    readonly schema: Schema,
    /** Sorted by (label, start); rows of one label never overlap. */
    readonly rows: readonly CommitRow[],
    /** Encoded small arrays by digest. */
    readonly embedded: ReadonlyMap<string, Uint8Array>,
    /** Set on commits decoded from a payload that carries one. */
    readonly info?: CommitInfo,
  ) {}

  /** The encoded embedded map of this commit or of the commit it was updated from (see EmbeddedSection). */
  private embeddedBase: EmbeddedBase | undefined;

  /** The same commit with other info, keeping what encoding it once prepared. */
  withInfo(info: CommitInfo | undefined): Commit {
    const out = new Commit(this.schema, this.rows, this.embedded, info);
    out.embeddedBase = this.embeddedBase;
    return out;
  }

  static empty(schema: Schema): Commit {
    return new Commit(schema, [], new Map());
  }

  get length(): number {
    return this.rows.length;
  }

  /** Decodes a commit payload with its collection's schema. */
  /**
   * Decodes a commit payload with its collection's schema. A payload that is
   * not a well-formed commit (missing keys, wrong types, arrays of different
   * lengths) gives a CodecError naming what is wrong, never a TypeError.
   */
  static decode(schema: Schema, payload: Uint8Array): Commit {
    try {
      return Commit.decodeUnchecked(schema, payload);
    } catch (err) {
      if (err instanceof LakotaError) throw err;
      throw new CodecError(`Malformed commit payload: ${(err as Error).message}`, { cause: err });
    }
  }

  private static decodeUnchecked(schema: Schema, payload: Uint8Array): Commit {
    const [data] = decodeObjectArray(payload) as [Record<string, unknown>];
    if (!data || typeof data !== 'object')
      throw new InvalidInputError('Commit payload holds no map');
    const bin = (value: unknown, what: string): Uint8Array => {
      if (!(value instanceof Uint8Array))
        throw new CodecError(`Malformed commit payload: '${what}' is not binary`);
      return value;
    };
    const part = (key: string) => {
      const value = data[key];
      if (value === null || typeof value !== 'object')
        throw new CodecError(`Malformed commit payload: '${key}' is not a map`);
      return value as Record<string, unknown>;
    };
    const str = (bytes: Uint8Array) => {
      const values = decodeArray(bytes, STR, TEXT_CODECS) as unknown[];
      if (!values.every((v) => typeof v === 'string'))
        throw new CodecError('Malformed commit payload: a text array holds non-text values');
      return values as string[];
    };
    const labels = str(bin(data.label, 'label'));
    const closed = str(bin(data.closed, 'closed')) as Closed[];
    const lengths = decodeArray(bin(data.length, 'length'), 'int64', ['blosc']) as BigInt64Array;
    const starts = schema.index.map((c) =>
      decodeArray(bin(part('start')[c.name], `start.${c.name}`), c.dt, c.codecs),
    );
    const stops = schema.index.map((c) =>
      decodeArray(bin(part('stop')[c.name], `stop.${c.name}`), c.dt, c.codecs),
    );
    const digests = schema.columns.map((c) => str(bin(part('digest')[c.name], `digest.${c.name}`)));
    const n = labels.length;
    for (const arr of [closed, lengths, ...starts, ...stops, ...digests]) {
      if (arr.length !== n)
        throw new CodecError('Malformed commit payload: its arrays have different lengths');
    }
    if (!closed.every((c) => c === 'b' || c === 'l' || c === 'r' || c === 'n')) {
      throw new CodecError('Malformed commit payload: a closed flag is not one of b, l, r, n');
    }
    const rows: CommitRow[] = new Array(labels.length);
    for (let i = 0; i < labels.length; i++) {
      rows[i] = {
        label: labels[i] as string,
        start: starts.map((a) => (a as ArrayLike<Scalar>)[i]),
        stop: stops.map((a) => (a as ArrayLike<Scalar>)[i]),
        digests: digests.map((a) => a[i] as string),
        length: Number(lengths[i]),
        closed: closed[i] as Closed,
      };
    }
    if (
      data.embedded !== undefined &&
      (data.embedded === null || typeof data.embedded !== 'object')
    ) {
      throw new CodecError("Malformed commit payload: 'embedded' is not a map");
    }
    const embeddedRaw = (data.embedded ?? {}) as
      | Record<string, Uint8Array>
      | Map<string, Uint8Array>;
    const embedded =
      embeddedRaw instanceof Map ? new Map(embeddedRaw) : new Map(Object.entries(embeddedRaw));
    const info = data[INFO_KEY];
    return new Commit(
      schema,
      rows,
      embedded,
      info && typeof info === 'object' ? (info as CommitInfo) : undefined,
    );
  }

  /**
   * The CommitInfo of a payload without decoding its arrays (no
   * decompression): enough to tell what operation made a revision.
   */
  static peekInfo(payload: Uint8Array): CommitInfo | undefined {
    // [ <map>, "|O", [1] ] (FORMAT.md §5.1): the info is a key of the map.
    const reader = new MsgpackReader(payload);
    reader.readArrayHeader();
    const entries = reader.readMapHeader();
    for (let i = 0; i < entries; i++) {
      const key = reader.readValue();
      if (key !== INFO_KEY) {
        reader.skipValue();
        continue;
      }
      const info = reader.readValue();
      return info && typeof info === 'object' ? (info as CommitInfo) : undefined;
    }
    return undefined;
  }

  /** The payload bytes, laid out exactly as Python Lakota writes them. */
  encode(info?: CommitInfo): Uint8Array {
    const { schema, rows } = this;
    const str = (values: string[]) => encodeArray(values, STR, TEXT_CODECS);
    const bound = (key: 'start' | 'stop') =>
      new Map(
        schema.index.map((c, k) => [
          c.name,
          encodeArray(
            columnFromScalars(
              c,
              rows.map((r) => r[key][k]),
            ),
            c.dt,
            c.codecs,
          ),
        ]),
      );
    const digest = new Map(
      schema.columns.map((c, k) => [c.name, str(rows.map((r) => r.digests[k] as string))]),
    );
    const used = new Set<string>();
    for (const r of rows) for (const d of r.digests) if (this.embedded.has(d)) used.add(d);
    let placed: { digests: string[]; offsets: number[] } | undefined;
    const embedded = new MsgpackCustom((writer) => {
      placed = writeEmbedded(writer, used, this.embedded, this.embeddedBase);
    });
    const payload = new Map<string, unknown>([
      ['start', bound('start')],
      ['stop', bound('stop')],
      ['digest', digest],
      [
        'length',
        encodeArray(
          BigInt64Array.from(rows, (r) => BigInt(r.length)),
          'int64',
          ['blosc'],
        ),
      ],
      ['closed', str(rows.map((r) => r.closed))],
      ['label', str(rows.map((r) => r.label))],
      ['embedded', embedded],
    ]);
    // Room for every encoded part and its key, so the payload is written in one buffer.
    let capacity = 256;
    for (const d of used) capacity += 48 + (this.embedded.get(d) as Uint8Array).length;
    for (const part of payload.values()) {
      if (part instanceof Uint8Array) capacity += part.length + 5;
      else if (part instanceof Map)
        for (const b of part.values()) capacity += (b as Uint8Array).length + 64;
    }
    if (info && Object.keys(info).length) {
      // Only defined fields, in a fixed order, so equal info gives equal bytes.
      const ordered = new Map<string, unknown>();
      for (const k of ['op', 'message', 'author', 'series', 'rows'] as const) {
        if (info[k] !== undefined) ordered.set(k, info[k]);
      }
      payload.set(INFO_KEY, ordered);
      capacity += 256 + (info.message?.length ?? 0) * 3 + (info.author?.length ?? 0) * 3;
      for (const label of info.series ?? []) capacity += label.length * 3 + 5;
    }
    const bytes = encodeObjectArray([payload], capacity);
    if (placed) this.embeddedBase = { section: { ...placed, bytes }, added: [] };
    return bytes;
  }

  /** Index of the first row of `label` and one past its last. */
  labelRange(label: string): [number, number] {
    const { rows } = this;
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareCodePoints((rows[mid] as CommitRow).label, label) < 0) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < rows.length && (rows[end] as CommitRow).label === label) end++;
    return [lo, end];
  }

  rowsOf(label: string): CommitRow[] {
    const [a, b] = this.labelRange(label);
    return this.rows.slice(a, b);
  }

  /** Sorted unique labels, including series whose rows are all deletions (as `ls()` in Python). */
  labels(): string[] {
    const out: string[] = [];
    for (const r of this.rows) if (out[out.length - 1] !== r.label) out.push(r.label);
    return out;
  }

  /**
   * Replaces the `[start, stop]` range of a series by a new row (FORMAT.md
   * §10). Existing rows overlapping it are trimmed or split; their digests
   * and lengths stay. Unlike Python Lakota 0.7.1, a remainder `[stop, stop]`
   * closed on both sides is kept whatever the other side did (§15.10).
   */
  update(row: CommitRow, embedded?: ReadonlyMap<string, Uint8Array>): Commit {
    if (compareTuples(row.start, row.stop) > 0) {
      throw new InvalidInputError(
        `Invalid range: start ${fmt(row.start)} is after stop ${fmt(row.stop)}`,
      );
    }
    const nl = leftClosed(row.closed);
    const nr = rightClosed(row.closed);
    // A zero-width range that is not closed on both sides holds no point: nothing changes.
    if (row.length === 0 && row.closed !== 'b' && compareTuples(row.start, row.stop) === 0)
      return this;
    const [a, b] = this.labelRange(row.label);
    const before: CommitRow[] = [];
    const after: CommitRow[] = [];
    for (let i = a; i < b; i++) {
      const r = this.rows[i] as CommitRow;
      const rl = leftClosed(r.closed);
      const rr = rightClosed(r.closed);
      const endVsStart = compareTuples(r.stop, row.start);
      if (endVsStart < 0 || (endVsStart === 0 && !(rr && nl))) {
        before.push(r);
        continue;
      }
      const startVsEnd = compareTuples(r.start, row.stop);
      if (startVsEnd > 0 || (startVsEnd === 0 && !(rl && nr))) {
        after.push(r);
        continue;
      }
      // Overlap: keep what sticks out on either side.
      const sv = compareTuples(r.start, row.start);
      if (sv < 0 || (sv === 0 && rl && !nl)) {
        before.push({ ...r, stop: row.start, closed: makeClosed(rl, !nl) });
      }
      const ev = compareTuples(r.stop, row.stop);
      if (ev > 0 || (ev === 0 && rr && !nr)) {
        after.push({ ...r, start: row.stop, closed: makeClosed(!nr, rr) });
      }
    }
    const rows = [...this.rows.slice(0, a), ...before, row, ...after, ...this.rows.slice(b)];
    let merged: ReadonlyMap<string, Uint8Array> = this.embedded;
    if (embedded?.size) {
      const m = new Map(this.embedded);
      for (const [k, v] of embedded) m.set(k, v);
      merged = m;
    }
    const out = new Commit(this.schema, rows, merged);
    const base = this.embeddedBase;
    if (base && base.added.length + (embedded?.size ?? 0) <= MAX_ADDED) {
      out.embeddedBase = embedded?.size
        ? { section: base.section, added: [...base.added, ...embedded.keys()] }
        : base;
    }
    return out;
  }

  /** A commit without the rows of these labels. */
  withoutLabels(labels: Iterable<string>): Commit {
    const drop = new Set(labels);
    return new Commit(
      this.schema,
      this.rows.filter((r) => !drop.has(r.label)),
      this.embedded,
    );
  }

  /** Renames a series (its rows move to their sorted place). */
  renameLabel(from: string, to: string): Commit {
    let ci = this.withoutLabels([from, to]);
    const moved = this.rowsOf(from).map((r) => ({ ...r, label: to }));
    const rows = [...ci.rows, ...moved].sort(compareRows);
    ci = new Commit(this.schema, rows, this.embedded);
    return ci;
  }

  /** True when this commit holds exactly that row. */
  has(row: CommitRow): boolean {
    const [a, b] = this.labelRange(row.label);
    for (let i = a; i < b; i++) if (sameRow(this.rows[i] as CommitRow, row)) return true;
    return false;
  }

  /** Every digest the rows reference that is not embedded (those live in segment files). */
  segmentDigests(): Set<string> {
    const out = new Set<string>();
    for (const r of this.rows)
      for (const d of r.digests) if (!this.embedded.has(d) && r.length > 0) out.add(d);
    return out;
  }
}

function fmt(t: readonly Scalar[]): string {
  return `(${t.map((v) => String(v)).join(', ')})`;
}

/** A row's visible part after clipping by a query, or undefined when none is left (FORMAT.md §9). */
export interface ClippedRow {
  row: CommitRow;
  start: readonly Scalar[];
  stop: readonly Scalar[];
  closed: Closed;
}

export function clipRow(
  row: CommitRow,
  start: readonly Scalar[] | undefined,
  stop: readonly Scalar[] | undefined,
  closed: Closed,
): ClippedRow | undefined {
  // A missing bound counts as closed on that side.
  const ql = start === undefined ? true : leftClosed(closed);
  const qr = stop === undefined ? true : rightClosed(closed);
  let l = leftClosed(row.closed);
  let r = rightClosed(row.closed);
  let s = row.start;
  let e = row.stop;
  if (start !== undefined && start.length > 0) {
    const vsStop = compareTuples(start, e);
    if (vsStop > 0 || (vsStop === 0 && !r)) return undefined;
    const vsStart = compareTuples(start, s);
    if (vsStart > 0) {
      s = start;
      l = ql;
    } else if (vsStart === 0 && l) l = ql;
  }
  if (stop !== undefined && stop.length > 0) {
    const vsStart = compareTuples(stop, s);
    if (vsStart < 0 || (vsStart === 0 && !l)) return undefined;
    const vsStop = compareTuples(stop, e);
    if (vsStop < 0) {
      e = stop;
      r = qr;
    } else if (vsStop === 0 && r) r = qr;
  }
  return { row, start: s, stop: e, closed: makeClosed(l, r) };
}

export { compareRows, compareScalars };
