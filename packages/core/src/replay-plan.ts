import type { CommitInfo, CommitOperation } from './commit.js';
import { mapLimit } from './concurrency.js';
import type { Revision } from './revision.js';
import type { RevisionGraph } from './revision-graph.js';

/** Consecutive writes of one branch, replayed by a merge as one change. */
export interface WriteRun {
  /** What the first write was built on (null: nothing). */
  parent: string | null;
  /** The last write. */
  last: string;
  /** The series the writes changed, when each of them says. */
  series: string[] | undefined;
  /** Replayed by content: a commit whose parent was trimmed away. */
  whole: boolean;
}

/** Operations whose CommitInfo lists every series they changed. */
const WRITE_OPS = new Set<CommitOperation>(['write', 'multi', 'delete']);

/** Revision payloads read at once (a round trip each over a network). */
const READ_CONCURRENCY = 32;

/**
 * What a merge replays of the commits `digests`, in causal order: the
 * writes (merges and defrags left out), as runs. A write that is the only
 * commit built on the write before it joins that one's run, and a run is
 * replayed at once, from the parent of its first write to its last, in the
 * place of its last: the same rows as one write after another, without
 * decoding every commit of a long branch (only concurrent writes in between
 * may order otherwise). `infoOf` tells what operation made a revision.
 */
export async function replayPlan(
  graph: RevisionGraph,
  digests: ReadonlySet<string>,
  infoOf: (rev: Revision) => Promise<CommitInfo | undefined>,
  signal?: AbortSignal,
): Promise<WriteRun[]> {
  const order = graph.causalOrder(digests);
  const infos = new Map<string, CommitInfo | undefined>();
  await mapLimit(
    order,
    READ_CONCURRENCY,
    async (d) => {
      const rev = graph.revision(d);
      if (rev) infos.set(d, await infoOf(rev));
    },
    signal,
  );
  // A commit (a merge too) built on one trimmed away cannot say what it
  // changed, and its content is all that is left of the writes before it.
  const orphan = (d: string) => graph.parentsOf(d).some((p) => !graph.revision(p));
  // A commit trimmed away has no content; a merge writes nothing of its own;
  // a defrag changes no value.
  const isWrite = (d: string) =>
    infos.has(d) &&
    !orphan(d) &&
    writtenOn(graph, d) !== undefined &&
    infos.get(d)?.op !== 'defrag';
  const open = new Map<string, WriteRun>();
  const runs: WriteRun[] = [];
  for (const d of order) {
    if (infos.has(d) && orphan(d)) {
      runs.push({ parent: null, last: d, series: undefined, whole: true });
      continue;
    }
    if (!isWrite(d)) continue;
    const parent = writtenOn(graph, d) as string | null;
    const info = infos.get(d);
    const series = info?.op && WRITE_OPS.has(info.op) ? info.series : undefined;
    const before = parent !== null && isWrite(parent) ? open.get(parent) : undefined;
    let run: WriteRun;
    if (before && graph.childCount(parent as string) === 1) {
      run = before;
      run.last = d;
      run.series = run.series && series ? [...new Set([...run.series, ...series])] : undefined;
      open.delete(parent as string);
    } else {
      run = { parent, last: d, series, whole: false };
      runs.push(run);
    }
    open.set(d, run);
  }
  const position = new Map(order.map((d, i) => [d, i]));
  return runs.sort((x, y) => (position.get(x.last) as number) - (position.get(y.last) as number));
}

/**
 * The commit a write was made on: its only parent, or, for a write also
 * filed under its parent's parent (Changelog.commit does so when the leaf
 * is a repeated file), the nearer one. Null for a first commit; undefined
 * for a merge, which writes nothing of its own.
 */
function writtenOn(graph: RevisionGraph, digest: string): string | null | undefined {
  const parents = graph.parentsOf(digest);
  if (parents.length === 0) return null;
  if (parents.length === 1) return parents[0] as string;
  const nearest = parents.filter((p) =>
    parents.every((q) => q === p || graph.parentsOf(p).includes(q)),
  );
  return nearest.length === 1 ? nearest[0] : undefined;
}
