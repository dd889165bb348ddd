import type { Before } from './changelog.js';
import { toHextime } from './changelog.js';
import type { Collection, CommitOptions } from './collection.js';
import { compareTuples, type Scalar } from './column-array.js';
import { Commit, type CommitOperation, type CommitRow, sameRow } from './commit.js';
import { InvalidInputError, UnknownRevisionError } from './engine-errors.js';
import { Frame } from './frame.js';
import type { Revision } from './revision.js';
import { PHI } from './revision.js';

/** One state of a collection: a revision with what it did. */
export interface Snapshot {
  /** The revision id `<epoch>-<digest>` (for a merge, of its first file). */
  id: string;
  /** SHA-1 of the commit: equal content, equal digest. */
  digest: string;
  timestamp: Date;
  /** Ids of the revisions it was built on (several for a merge; none for a first commit). */
  parents: string[];
  /** What made it; inferred from the rows for commits written by Python Lakota. */
  operation: CommitOperation;
  message?: string;
  author?: string;
  /** Series whose rows changed. */
  series: string[];
  /** Rows written (values in new segments). */
  rowsWritten: number;
  /** True for the leaf: the state reads see. */
  current: boolean;
  /** Tags naming it. */
  tags: string[];
  revision: Revision;
}

export interface Tag {
  collection: string;
  name: string;
  /** The revision id it names. */
  revision: string;
  created: string;
  message?: string;
}

/** Index ranges of one kind of change in a series, with their row counts. */
export interface RangeChange {
  start: Scalar[];
  stop: Scalar[];
  rows: number;
}

export interface SeriesDiff {
  series: string;
  added: RangeChange[];
  removed: RangeChange[];
  changed: RangeChange[];
  rowsAdded: number;
  rowsRemoved: number;
  rowsChanged: number;
  /** With `{ rows: true }`: the rows themselves (changed ones as they are in the second snapshot). */
  frames?: { added: Frame; removed: Frame; changed: Frame };
}

const TAG_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * A collection's history as snapshots: time travel by id, time or tag,
 * messages, tags, rollback, retention and diff. Everything is stored so that
 * Python Lakota keeps reading the repository (see docs/compatibility.md).
 */
export class History {
  constructor(readonly collection: Collection) {}

  private get changelog() {
    return this.collection.changelog;
  }

  /** Every snapshot, oldest first in log order (one per distinct commit). */
  async snapshots(): Promise<Snapshot[]> {
    const log = await this.changelog.log();
    const tags = await this.tagsByDigest();
    const leaf = log[log.length - 1];
    const byDigest = new Map<string, Revision[]>();
    for (const r of log) {
      const list = byDigest.get(r.digest);
      if (list) {
        if (!list.some((x) => x.path === r.path)) list.push(r);
      } else byDigest.set(r.digest, [r]);
    }
    const firstOf = new Map<string, Revision>();
    for (const r of log) if (!firstOf.has(r.child)) firstOf.set(r.child, r);
    const out: Snapshot[] = [];
    for (const [digest, revs] of byDigest) {
      const rev = revs[0] as Revision;
      const ci = await this.collection.readCommit(rev);
      const parents = [...new Set(revs.map((r) => r.parent))].filter((p) => p !== PHI);
      const parentRev = parents.length ? firstOf.get(parents[0] as string) : undefined;
      const parentCi = parentRev
        ? await this.collection.readCommit(parentRev).catch(() => undefined)
        : undefined;
      const summary = summarize(ci, parentCi ?? Commit.empty(ci.schema), parents.length);
      const info = ci.info ?? {};
      out.push({
        id: rev.child,
        digest,
        timestamp: rev.date,
        parents,
        operation: info.op ?? summary.operation,
        ...(info.message !== undefined ? { message: info.message } : {}),
        ...(info.author !== undefined ? { author: info.author } : {}),
        series: info.series ?? summary.series,
        rowsWritten: info.rows ?? summary.rowsWritten,
        current: leaf?.digest === digest,
        tags: tags.get(digest) ?? [],
        revision: rev,
      });
    }
    return out;
  }

  /** The snapshot reads see now. */
  async current(): Promise<Snapshot | undefined> {
    const all = await this.snapshots();
    return all.find((s) => s.current);
  }

  /** A snapshot by revision id, unique prefix of its id or digest, or tag name. */
  async snapshot(ref: string): Promise<Snapshot> {
    const rev = await this.resolve(ref);
    const snap = (await this.snapshots()).find((s) => s.digest === rev.digest);
    if (!snap)
      throw new UnknownRevisionError(
        `No snapshot '${ref}' in collection '${this.collection.label}'`,
      );
    return snap;
  }

  /** The revision a reference names: a tag first, then an id or prefix. */
  async resolve(ref: string): Promise<Revision> {
    const tag = (await this.tags()).find((t) => t.name === ref);
    return this.changelog.find(tag ? tag.revision : ref);
  }

  /** The snapshot current at a time (the leaf of `log(before)`). */
  async at(time: Before): Promise<Snapshot | undefined> {
    const leaf = await this.changelog.leaf(time);
    if (!leaf) return undefined;
    return (await this.snapshots()).find((s) => s.digest === leaf.digest);
  }

  private async tagsByDigest(): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    const log = await this.changelog.log();
    const digestOf = new Map(log.map((r) => [r.child, r.digest]));
    for (const t of await this.tags()) {
      const d = digestOf.get(t.revision) ?? t.revision.slice(12);
      out.set(d, [...(out.get(d) ?? []), t.name]);
    }
    return out;
  }

  /** Tags of this collection, by name. */
  async tags(): Promise<Tag[]> {
    return (await this.collection.repo.tags()).filter(
      (t) => t.collection === this.collection.label,
    );
  }

  /** Digests of tagged commits (protected from trim and expiry). */
  async taggedDigests(): Promise<Set<string>> {
    return new Set((await this.tagsByDigest()).keys());
  }

  /** Names a revision (the current one by default). Tags are immutable: an existing name is refused. */
  async tag(name: string, ref?: string, options: { message?: string } = {}): Promise<Tag> {
    if (!TAG_NAME.test(name)) {
      throw new InvalidInputError(
        `Invalid tag name '${name}': use letters, digits, '.', '_' and '-' (at most 128, starting with a letter or digit)`,
      );
    }
    if ((await this.tags()).some((t) => t.name === name)) {
      throw new InvalidInputError(
        `Tag '${name}' already exists on '${this.collection.label}': tags are immutable, pick another name`,
      );
    }
    const rev = ref === undefined ? await this.changelog.leaf() : await this.resolve(ref);
    if (!rev)
      throw new UnknownRevisionError(
        `Collection '${this.collection.label}' has no revision to tag yet`,
      );
    const tag: Tag = {
      collection: this.collection.label,
      name,
      revision: rev.child,
      created: new Date().toISOString(),
      ...(options.message !== undefined ? { message: options.message } : {}),
    };
    await this.collection.repo.addTag(tag);
    return tag;
  }

  /**
   * Makes a past snapshot the current state again, as a new revision on top
   * of the leaf: nothing is erased, and the rollback itself can be undone.
   */
  async rollback(ref: string, options: CommitOptions = {}): Promise<Revision[]> {
    const target = await this.resolve(ref);
    const ci = await this.collection.readCommit(target);
    const leaf = await this.changelog.leaf();
    const message = options.message ?? `rollback to ${target.child}`;
    return this.collection.writeCommit(
      new Commit(ci.schema, ci.rows, ci.embedded),
      [leaf ? leaf.child : PHI],
      {
        op: 'rollback',
        message,
        ...(options.author !== undefined ? { author: options.author } : {}),
        series: ci.labels(),
        // A rollback writes no new segment: it points at existing ones again.
        rows: 0,
      },
    );
  }

  /**
   * Removes snapshots older than `olderThan` and/or beyond the last `keep`
   * ones (both conditions must hold when both are given). The current
   * snapshot, every head and every tagged snapshot are kept. Run `repo.gc()`
   * afterwards to reclaim the segments no kept snapshot reads.
   */
  async expire(
    options: { olderThan?: Before; keep?: number } = {},
  ): Promise<{ removed: number; kept: number }> {
    const { olderThan, keep } = options;
    if (olderThan === undefined && keep === undefined) {
      throw new InvalidInputError('expire() needs olderThan, keep, or both');
    }
    if (keep !== undefined && (!Number.isInteger(keep) || keep < 1)) {
      throw new InvalidInputError(`expire(): keep must be a whole number >= 1, got ${keep}`);
    }
    const log = await this.changelog.log();
    const protectedDigests = await this.taggedDigests();
    for (const r of log) if (r.isLeaf) protectedDigests.add(r.digest);
    const order = [...new Set(log.map((r) => r.digest))];
    const recent = new Set(keep === undefined ? [] : order.slice(-keep));
    const mark = olderThan === undefined ? undefined : toHextime(olderThan);
    const doomed = log.filter(
      (r) =>
        !protectedDigests.has(r.digest) &&
        (mark === undefined || r.epoch < mark) &&
        (keep === undefined || !recent.has(r.digest)),
    );
    const unique = [...new Map(doomed.map((r) => [r.path, r])).values()];
    await this.changelog.remove(unique);
    const removedDigests = new Set(unique.map((r) => r.digest));
    return { removed: removedDigests.size, kept: order.length - removedDigests.size };
  }

  /** What changed between two snapshots (the second one is the current state by default). */
  async diff(from: string, to?: string, options: { rows?: boolean } = {}): Promise<SeriesDiff[]> {
    const aRev = await this.resolve(from);
    const a = await this.collection.readCommit(aRev);
    const bRev = to === undefined ? await this.changelog.leaf() : await this.resolve(to);
    const b = bRev ? await this.collection.readCommit(bRev) : Commit.empty(this.collection.schema);
    const labels = [...new Set([...a.labels(), ...b.labels()])].sort();
    const out: SeriesDiff[] = [];
    for (const label of labels) {
      const ra = a.rowsOf(label);
      const rb = b.rowsOf(label);
      if (ra.length === rb.length && ra.every((r, i) => sameRow(r, rb[i] as CommitRow))) continue;
      const series = this.collection.series(label);
      const fa = await series.read({ at: aRev.child });
      const fb = bRev ? await series.read({ at: bRev.child }) : undefined;
      const d = diffFrames(label, fa, fb, options.rows ?? false);
      if (d.rowsAdded || d.rowsRemoved || d.rowsChanged) out.push(d);
    }
    return out;
  }
}

/** Series touched and rows written by a commit compared with its parent. */
function summarize(ci: Commit, parent: Commit, parents: number) {
  const old = new Set(parent.rows.map((r) => `${r.label}\u0000${r.digests.join(',')}`));
  const series = new Set<string>();
  let rowsWritten = 0;
  let deletes = 0;
  for (const r of ci.rows) {
    if (parent.has(r)) continue;
    series.add(r.label);
    if (!old.has(`${r.label}\u0000${r.digests.join(',')}`)) {
      rowsWritten += r.length;
      if (r.length === 0) deletes++;
    }
  }
  for (const l of parent.labels()) if (ci.rowsOf(l).length === 0) series.add(l);
  let operation: CommitOperation = 'write';
  if (parents > 1) operation = 'merge';
  else if (series.size > 1) operation = 'multi';
  else if (deletes > 0 && rowsWritten === 0) operation = 'delete';
  return { series: [...series].sort(), rowsWritten, operation };
}

function sameCell(x: unknown, y: unknown): boolean {
  if (typeof x === 'number' && typeof y === 'number')
    return x === y || (Number.isNaN(x) && Number.isNaN(y));
  if (typeof x === 'object' || typeof y === 'object')
    return JSON.stringify(x) === JSON.stringify(y);
  return x === y;
}

/** Compares two reads of a series by index: rows only in `a`, only in `b`, or in both with other values. */
function diffFrames(label: string, a: Frame, b: Frame | undefined, withRows: boolean): SeriesDiff {
  const result: SeriesDiff = {
    series: label,
    added: [],
    removed: [],
    changed: [],
    rowsAdded: 0,
    rowsRemoved: 0,
    rowsChanged: 0,
  };
  const values = a.schema.columns.filter((c) => !c.idx).map((c) => c.name);
  const marks: { added: number[]; removed: number[]; changed: number[] } = {
    added: [],
    removed: [],
    changed: [],
  };
  let i = 0;
  let j = 0;
  const nb = b?.length ?? 0;
  const push = (kind: 'added' | 'removed' | 'changed', frame: Frame, pos: number) => {
    const list = result[kind];
    const key = frame.indexAt(pos);
    const last = list[list.length - 1];
    const prevPos = marks[kind][marks[kind].length - 1];
    if (last && prevPos === pos - 1) {
      last.stop = key;
      last.rows++;
    } else list.push({ start: key, stop: key, rows: 1 });
    marks[kind].push(pos);
  };
  while (i < a.length || j < nb) {
    const c =
      i >= a.length ? 1 : j >= nb ? -1 : compareTuples(a.indexAt(i), (b as Frame).indexAt(j));
    if (c < 0) push('removed', a, i++);
    else if (c > 0) push('added', b as Frame, j++);
    else {
      const differs = values.some(
        (n) =>
          !sameCell(
            (a.column(n) as ArrayLike<unknown>)[i],
            ((b as Frame).column(n) as ArrayLike<unknown>)[j],
          ),
      );
      if (differs) push('changed', b as Frame, j);
      i++;
      j++;
    }
  }
  result.rowsAdded = marks.added.length;
  result.rowsRemoved = marks.removed.length;
  result.rowsChanged = marks.changed.length;
  if (withRows) {
    const pick = (f: Frame | undefined, pos: number[]) => {
      const base = f ?? a;
      const cols = Object.fromEntries(
        base.names.map((n) => {
          const src = base.column(n) as ArrayLike<unknown>;
          return [n, pos.map((p) => src[p])];
        }),
      );
      return Frame.from(base.schema, cols as never);
    };
    result.frames = {
      added: pick(b, marks.added),
      removed: pick(a, marks.removed),
      changed: pick(b, marks.changed),
    };
  }
  return result;
}
