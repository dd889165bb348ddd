/**
 * Which commits were built on which, from the names of a changelog's
 * revision files (`<parent>.<child>`). Commits are identified by digest:
 * the files of one merge share it, and each names one of its parents.
 */
export class Ancestry {
  private readonly children = new Map<string, Set<string>>();
  private readonly below = new Map<string, Set<string>>();
  readonly commits = new Set<string>();

  constructor(names: Iterable<string>) {
    for (const name of names) {
      const m = /^[0-9a-f]{11}-([0-9a-f]{40})\.[0-9a-f]{11}-([0-9a-f]{40})$/.exec(name);
      if (!m) continue;
      const [, parent, child] = m as unknown as [string, string, string];
      this.commits.add(child);
      let set = this.children.get(parent);
      if (!set) {
        set = new Set();
        this.children.set(parent, set);
      }
      set.add(child);
    }
  }

  /** Every commit built, directly or not, on `digest` (memoised). */
  descendants(digest: string): Set<string> {
    const hit = this.below.get(digest);
    if (hit) return hit;
    const out = new Set<string>();
    const stack = [digest];
    while (stack.length) {
      for (const c of this.children.get(stack.pop() as string) ?? []) {
        if (!out.has(c)) {
          out.add(c);
          stack.push(c);
        }
      }
    }
    this.below.set(digest, out);
    return out;
  }

  /** True when `later` was built, directly or not, on `earlier`. */
  after(later: string, earlier: string): boolean {
    return later !== earlier && this.descendants(earlier).has(later);
  }
}
