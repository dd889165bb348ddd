import { PHI, type Revision } from './revision.js';

const PHI_DIGEST = PHI.slice(12);

/**
 * The commits of a changelog and what each was built on. A commit is its
 * digest, not a file: the files of one merge share the digest and name one
 * parent each, so following a single file's parent loses the other sides of
 * the merge. Content identity may close cycles (a state written again after
 * changes), so every walk keeps a visited set.
 */
export class RevisionGraph {
  private readonly parents = new Map<string, string[]>();
  private readonly children = new Map<string, Set<string>>();
  private readonly files = new Map<string, Revision>();

  constructor(log: readonly Revision[]) {
    for (const r of log) {
      const first = this.files.get(r.digest);
      if (!first || r.epoch < first.epoch) this.files.set(r.digest, r);
      const list = this.parents.get(r.digest);
      const parent = r.parentDigest;
      if (parent === PHI_DIGEST) {
        if (!list) this.parents.set(r.digest, []);
      } else if (!list) this.parents.set(r.digest, [parent]);
      else if (!list.includes(parent)) list.push(parent);
      if (parent !== PHI_DIGEST) {
        const kids = this.children.get(parent);
        if (kids) kids.add(r.digest);
        else this.children.set(parent, new Set([r.digest]));
      }
    }
  }

  /** The earliest revision file of the commit (all of them share its payload). */
  revision(digest: string): Revision | undefined {
    return this.files.get(digest);
  }

  /** The commits `digest` was built on (several for a merge; none for a first commit). */
  parentsOf(digest: string): readonly string[] {
    return this.parents.get(digest) ?? [];
  }

  /**
   * The commits in `digests` in an order where each comes after those it was
   * built on, and otherwise by time (earliest file, then digest).
   */
  causalOrder(digests: ReadonlySet<string>): string[] {
    const key = (d: string) => `${this.files.get(d)?.epoch ?? ''}-${d}`;
    const sorted = [...digests].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    const out: string[] = [];
    const done = new Set<string>();
    // Children wait for a parent that comes later in time (clocks can be
    // skewed); each is released right after its last missing parent.
    const waiting = new Map<string, string[]>();
    const emit = (d: string, force = false) => {
      if (done.has(d)) return;
      const missing = this.parentsOf(d).find((p) => digests.has(p) && !done.has(p));
      if (missing !== undefined && !force) {
        waiting.set(missing, [...(waiting.get(missing) ?? []), d]);
        return;
      }
      done.add(d);
      out.push(d);
      const released = waiting.get(d);
      waiting.delete(d);
      for (const w of released ?? []) emit(w);
    };
    for (const d of sorted) emit(d);
    // Content identity can close a cycle (a state written again): what is
    // still waiting then goes by time.
    for (const d of sorted) emit(d, true);
    return out;
  }

  /** How many distinct commits were built on `digest`. */
  childCount(digest: string): number {
    return this.children.get(digest)?.size ?? 0;
  }

  /** `digest` and every commit it was built on, directly or not. */
  ancestors(digest: string): Set<string> {
    return this.climb(digest, new Set()).visited;
  }

  /**
   * Walks up from `digest` and stops at commits in `known`: returns the
   * nearest ones reached (`frontier`) and the commits passed on the way
   * (`visited`, `digest` included unless it is known itself). With `known`
   * the ancestry of what is merged so far, the frontier is what a head
   * shares with it, nearest first along each path.
   */
  climb(
    digest: string,
    known: ReadonlySet<string>,
  ): { frontier: Set<string>; visited: Set<string> } {
    const frontier = new Set<string>();
    const visited = new Set<string>();
    const stack = [digest];
    while (stack.length) {
      const d = stack.pop() as string;
      if (known.has(d)) {
        frontier.add(d);
        continue;
      }
      if (visited.has(d)) continue;
      visited.add(d);
      for (const p of this.parentsOf(d)) stack.push(p);
    }
    return { frontier, visited };
  }
}
