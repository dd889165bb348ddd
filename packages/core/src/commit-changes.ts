import { type Commit, type CommitRow, sameRow } from './commit.js';

/**
 * What one commit changed relative to the commit it was built on, in a form
 * that can be replayed on another state: the rows it wrote (new segments and
 * deletions, as written, ranges included) and the series it removed.
 */
export interface CommitChanges {
  /** Rows to apply with `Commit.update`, in the commit's row order. */
  readonly rows: readonly CommitRow[];
  /** Removed series, each with the segments it held then (a removal knows only those). */
  readonly removed: ReadonlyMap<string, ReadonlySet<string>>;
}

const segmentKey = (r: CommitRow) => r.digests.join(',');
const isDeletion = (r: CommitRow) => r.length === 0;

/**
 * The changes `child` made on top of `parent`. A row of the child is written
 * by it when the parent's series holds no row of the same segment (a row
 * trimmed by the write keeps its segment, so it is not counted) or, for a
 * deletion, no identical deletion. `labels` limits the comparison to the
 * series a commit says it touched. Regions a commit emptied without writing
 * a deletion (only a rollback does) are not seen.
 */
export function changesOf(
  parent: Commit,
  child: Commit,
  labels: readonly string[] = union(parent.labels(), child.labels()),
): CommitChanges {
  const rows: CommitRow[] = [];
  const removed = new Map<string, Set<string>>();
  for (const label of labels) {
    const before = parent.rowsOf(label);
    const after = child.rowsOf(label);
    if (after.length === 0) {
      if (before.length > 0) removed.set(label, new Set(before.map(segmentKey)));
      continue;
    }
    const segments = new Set(before.filter((r) => !isDeletion(r)).map(segmentKey));
    for (const r of after) {
      const written = isDeletion(r)
        ? !before.some((b) => sameRow(b, r))
        : !segments.has(segmentKey(r));
      if (written) rows.push(r);
    }
  }
  return { rows, removed };
}

/**
 * The rows of `commit` that `state` does not hold: for a commit whose parent
 * is gone (trimmed away), what it changed is unknown, and its whole content
 * is the only record of the writes before it. A segment the state holds
 * anywhere in a series counts as held there (the state has seen that write,
 * and may have replaced it since); nothing is removed.
 */
export function unheldRows(state: Commit, commit: Commit): CommitChanges {
  const rows: CommitRow[] = [];
  for (const label of commit.labels()) {
    const held = state.rowsOf(label);
    const segments = new Set(held.filter((r) => !isDeletion(r)).map(segmentKey));
    for (const r of commit.rowsOf(label)) {
      const known = isDeletion(r) ? held.some((h) => sameRow(h, r)) : segments.has(segmentKey(r));
      if (!known) rows.push(r);
    }
  }
  return { rows, removed: new Map() };
}

/**
 * Applies changes to a state: written rows replace their ranges; a removed
 * series loses the rows of the segments it held when it was removed, and
 * keeps rows written by others it never saw.
 */
export function replay(state: Commit, changes: CommitChanges, source: Commit): Commit {
  let out = state;
  for (const [label, segments] of changes.removed) {
    const keep = out.rowsOf(label).filter((r) => !isDeletion(r) && !segments.has(segmentKey(r)));
    out = out.withoutLabels([label]);
    for (const r of keep) out = out.update(r);
  }
  // Only the small arrays the written rows use, merged in once: the source
  // carries every array its own rows use, and copying its whole map at each
  // row made a long replay quadratic in time and memory.
  const embedded = new Map<string, Uint8Array>();
  for (const row of changes.rows) {
    for (const d of row.digests) {
      const bytes = source.embedded.get(d);
      if (bytes) embedded.set(d, bytes);
    }
  }
  for (const [i, row] of changes.rows.entries()) {
    out = out.update(row, i === 0 ? embedded : undefined);
  }
  return out;
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}
