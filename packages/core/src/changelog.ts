import { sha1Hex } from './codecs/index.js';
import { parseIsoToMs } from './column-array.js';
import { mapLimit } from './concurrency.js';
import { IntegrityError, UnknownRevisionError } from './engine-errors.js';
import { NotFoundError } from './errors.js';
import { hextime, hextimeToMs, isHextime } from './hextime.js';
import { LruCache } from './lru.js';
import type { Pod } from './pod.js';
import { PHI, Revision } from './revision.js';

/** A point in time for `before=`: a Date, epoch milliseconds, an ISO string or an 11-hex mark. */
export type Before = Date | number | string;

/** Turns `before` into an 11-hex mark; an ISO string without zone is UTC. */
export function toHextime(before: Before): string {
  if (typeof before === 'string') {
    if (isHextime(before)) return before;
    const ms = parseIsoToMs(before);
    if (Number.isNaN(ms)) {
      throw new UnknownRevisionError(
        `Cannot read ${JSON.stringify(before)} as a time: give a Date, epoch milliseconds, an ISO date or an 11-hex epoch`,
      );
    }
    return hextime(ms);
  }
  if (before instanceof Date) return hextime(before.getTime());
  return hextime(before);
}

const READ_RETRIES = 4;
const PAYLOAD_CACHE_BYTES = 16 * 1024 * 1024;
/** Revision files copied at once by pull (one round trip per wave over a network). */
const PULL_CONCURRENCY = 32;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = a.length - 1; i >= 0; i--) if (a[i] !== b[i]) return false;
  return true;
}

function isSorted(names: readonly string[]): boolean {
  for (let i = 1; i < names.length; i++)
    if ((names[i - 1] as string) > (names[i] as string)) return false;
  return true;
}

/**
 * The revisions of one collection (or of the registry): a tree of files
 * `<parent>.<child>` in one folder. Writers never lock: each adds a file
 * pointing at the leaf it saw, so concurrent writes fork heads.
 */
export class Changelog {
  /**
   * Payloads by digest (revision files never change), bounded: a payload can
   * reach megabytes, and the collection keeps the decoded commits it uses.
   */
  private readonly payloads = new LruCache<string, Uint8Array>(
    PAYLOAD_CACHE_BYTES,
    (b) => b.byteLength,
  );
  /** The log of the last listing seen (or foreseen after our own commit), with that listing. */
  private logCache: { names: readonly string[]; log: Revision[] } | undefined;
  /** Parsed file names (null: not a revision file), so a listing only parses its new names. */
  private readonly parsed = new Map<string, Revision | null>();

  constructor(readonly pod: Pod) {}

  /** File names of the folder, sorted. */
  async names(signal?: AbortSignal): Promise<string[]> {
    return this.pod.ls('', { missingOk: true, ...(signal ? { signal } : {}) });
  }

  /**
   * Every revision in log order: a depth-first walk from the roots, children
   * in name order (FORMAT.md §4.4). The last one is the leaf.
   */
  async log(before?: Before): Promise<Revision[]> {
    const names = await this.names();
    let log: Revision[];
    if (this.logCache && sameNames(this.logCache.names, names)) log = this.logCache.log;
    else {
      log = Changelog.order(names, (name) => this.parse(name));
      this.logCache = { names, log };
      // Forget names trimmed away, once they are many.
      if (this.parsed.size > 2 * names.length + 1024) {
        const present = new Set(names);
        for (const name of this.parsed.keys()) if (!present.has(name)) this.parsed.delete(name);
      }
    }
    if (before === undefined) return log;
    const mark = toHextime(before);
    let n = 0;
    while (n < log.length && (log[n] as Revision).epoch < mark) n++;
    return log.slice(0, n);
  }

  private parse(name: string): Revision | undefined {
    let rev = this.parsed.get(name);
    if (rev === undefined) {
      rev = Revision.fromName(name) ?? null;
      this.parsed.set(name, rev);
    }
    return rev ?? undefined;
  }

  /**
   * Log order of a listing (pure, so it can be tested on names alone).
   * `parse` may return shared objects: they are only read here.
   */
  static order(
    names: readonly string[],
    parse: (name: string) => Revision | undefined = Revision.fromName,
  ): Revision[] {
    const children = new Map<string, Revision[]>();
    const isChild = new Set<string>();
    // Pods list in code-point order already; sort only what is not.
    for (const name of isSorted(names) ? names : [...names].sort()) {
      const rev = parse(name);
      if (!rev) continue;
      isChild.add(rev.child);
      let list = children.get(rev.parent);
      if (!list) {
        list = [];
        children.set(rev.parent, list);
      }
      list.push(rev);
    }
    const roots = [...children.keys()].filter((p) => !isChild.has(p));
    const stack: Revision[] = [];
    for (let i = roots.length - 1; i >= 0; i--) {
      const list = children.get(roots[i] as string) as Revision[];
      for (let j = list.length - 1; j >= 0; j--) stack.push(list[j] as Revision);
    }
    const seen = new Set<string>();
    const out: Revision[] = [];
    while (stack.length) {
      const rev = stack.pop() as Revision;
      const kids = seen.has(rev.child) ? undefined : children.get(rev.child);
      seen.add(rev.child);
      // A fresh object per emission: the same file can be emitted twice with different flags.
      const emitted = new Revision(rev.parent, rev.child);
      emitted.isLeaf = !kids;
      out.push(emitted);
      if (kids) for (let j = kids.length - 1; j >= 0; j--) stack.push(kids[j] as Revision);
    }
    return out;
  }

  async leaf(before?: Before): Promise<Revision | undefined> {
    const log = await this.log(before);
    return log[log.length - 1];
  }

  /** The `is_leaf` revisions: one per head. */
  async leaves(): Promise<Revision[]> {
    return (await this.log()).filter((r) => r.isLeaf);
  }

  /**
   * The distinct heads: leaves with different content, leaving out any whose
   * content an other head already builds on (after a merge, the merge files
   * of the other parents stay leaves but hold nothing new).
   */
  async heads(): Promise<Revision[]> {
    const log = await this.log();
    // A commit something was built on is in a head, whichever of its files
    // (one per parent for a merge) the later commit names.
    const built = new Set(log.map((r) => r.parentDigest));
    const unique = new Map<string, Revision>();
    for (const l of log) if (l.isLeaf) unique.set(l.digest, l);
    const heads = [...unique.values()].filter((h) => !built.has(h.digest));
    // Reads see the leaf. When a writer built on its commit through another
    // file (two writers merging the same heads at once write the same commit,
    // and may share a revision id, which the log follows only once), that
    // write is not read: the leaf is then a head too, so a merge shows it.
    const leaf = log[log.length - 1];
    if (leaf && built.has(leaf.digest)) heads.push(leaf);
    return heads;
  }

  /** Finds a revision by full id, child digest, or unique prefix of either. */
  async find(ref: string): Promise<Revision> {
    if (ref.length < 4) {
      throw new UnknownRevisionError(
        `Revision reference '${ref}' is too short: give at least 4 characters`,
      );
    }
    const log = await this.log();
    // Files of one merge share a digest: they are one snapshot, not an ambiguity.
    const hits = new Map<string, Revision>();
    for (const r of log) {
      const match = r.child.startsWith(ref) || r.digest.startsWith(ref) || r.path === ref;
      if (match && !hits.has(r.digest)) hits.set(r.digest, r);
    }
    if (hits.size === 1) return [...hits.values()][0] as Revision;
    throw new UnknownRevisionError(
      hits.size === 0
        ? `No revision matches '${ref}': list them with changelog.log()`
        : `'${ref}' matches ${hits.size} revisions: give more characters`,
    );
  }

  /** Reads a revision's payload and checks its digest (a file may still be half-written: retry). */
  async read(rev: Revision): Promise<Uint8Array> {
    const cached = this.payloads.get(rev.digest);
    if (cached) return cached;
    let lastError: unknown;
    for (let attempt = 0; attempt <= READ_RETRIES; attempt++) {
      if (attempt > 0) await sleep(25 * 2 ** attempt);
      try {
        const bytes = await this.pod.read(rev.path);
        if (sha1Hex(bytes) === rev.digest) {
          this.payloads.set(rev.digest, bytes);
          return bytes;
        }
        lastError = new IntegrityError(
          rev.path,
          `Revision file '${rev.path}' is corrupted: its SHA-1 does not match its name. Restore it from a copy, or remove it to fall back to its parent`,
        );
      } catch (err) {
        if (err instanceof NotFoundError) {
          throw new IntegrityError(rev.path, `Revision file '${rev.path}' is missing`, {
            cause: err,
          });
        }
        lastError = err;
      }
    }
    throw lastError;
  }

  /**
   * Writes a commit on top of `parents` (the leaf when none is given): one file
   * per parent. Files of one commit get distinct epochs, so each parent keeps
   * its own child id and the log always reaches what is built on them
   * (FORMAT.md §15.16). Nothing is written when the payload equals a parent's.
   */
  async commit(payload: Uint8Array, parents?: readonly string[]): Promise<Revision[]> {
    let heads = parents;
    if (!heads || heads.length === 0) {
      const leaf = await this.leaf();
      heads = [leaf ? leaf.child : PHI];
    }
    const again = this.revisitedLeaf();
    if (again && heads.includes(again.child) && !heads.includes(again.parent)) {
      heads = [...heads, again.parent];
    }
    const digest = sha1Hex(payload);
    const out: Revision[] = [];
    // Epochs grow along every chain (a child is never older than its parent,
    // even within one millisecond or under clock skew), and the files of one
    // merge get distinct epochs.
    let ms = Date.now();
    for (const parent of heads) {
      if (parent !== PHI && parent.slice(12) === digest) continue;
      if (parent !== PHI) ms = Math.max(ms, hextimeToMs(parent.slice(0, 11)) + 1);
    }
    for (const parent of heads) {
      if (parent !== PHI && parent.slice(12) === digest) continue;
      const rev = new Revision(parent, `${hextime(ms)}-${digest}`);
      ms++;
      await this.pod.write(rev.path, payload);
      out.push(rev);
    }
    this.payloads.set(digest, payload);
    if (out.length === 1) this.foresee(out[0] as Revision);
    return out;
  }

  /**
   * The leaf of the last listing when it is a second file of a child id met
   * earlier in the walk (two writers wrote the same merge in the same
   * millisecond, FORMAT.md §15.16). A commit named after that id hangs below
   * its first occurrence, which the walk leaves before the leaf: reads would
   * not see it. So such a commit is also written on the leaf's parent, where
   * its later epoch sorts it after the leaf, and it becomes the leaf.
   */
  private revisitedLeaf(): Revision | undefined {
    const log = this.logCache?.log;
    const leaf = log?.[log.length - 1];
    if (!log || !leaf) return undefined;
    for (let i = log.length - 2; i >= 0; i--)
      if ((log[i] as Revision).child === leaf.child) return leaf;
    return undefined;
  }

  /**
   * After writing one revision on the leaf of the cached log, caches the log
   * that listing will give if no one else wrote meanwhile: the next commit
   * still lists the folder, but when the listing is the one foreseen it skips
   * ordering it again (an append would otherwise cost as much as its history).
   */
  private foresee(rev: Revision): void {
    const cache = this.logCache;
    if (!cache) return;
    const { log, names } = cache;
    const last = log[log.length - 1];
    const onLeaf = last ? last.isLeaf && last.child === rev.parent : rev.parent === PHI;
    if (!onLeaf) return;
    // The new file must hang off the last entry only, and nothing may already hang off it.
    let seen = 0;
    for (const r of log) {
      if (r.child === rev.parent) seen++;
      if (r.parent === rev.child) return;
    }
    if (last && seen !== 1) return;
    const name = rev.path;
    let at = names.length;
    while (at > 0 && (names[at - 1] as string) > name) at--;
    if (names[at - 1] === name) return;
    const foreseen = names.slice();
    foreseen.splice(at, 0, name);
    const leaf = new Revision(rev.parent, rev.child);
    leaf.isLeaf = true;
    const next = log.slice();
    if (last) {
      const inner = new Revision(last.parent, last.child);
      next[next.length - 1] = inner;
    }
    next.push(leaf);
    this.logCache = { names: foreseen, log: next };
  }

  /** Deletes revision files (trim). */
  async remove(revs: readonly Revision[]): Promise<void> {
    await this.pod.rmMany(revs.map((r) => r.path));
  }

  /**
   * Copies the remote's revision files missing here (matched by parent and
   * child digests): all of them, only its leaves, or the `revs` the caller
   * already listed. Payloads come through `remote.read`, so they are checked
   * against their digest, and those read just before are not read again.
   * Returns what was copied.
   */
  async pull(
    remote: Changelog,
    options: { shallow?: boolean; revs?: readonly Revision[] } = {},
  ): Promise<Revision[]> {
    const [mine, theirs] = await Promise.all([
      this.log(),
      options.revs ?? (options.shallow ? remote.leaves() : remote.log()),
    ]);
    const local = new Set(mine.map((r) => `${r.parentDigest}.${r.digest}`));
    const todo = new Map<string, Revision>();
    for (const r of theirs) if (!local.has(`${r.parentDigest}.${r.digest}`)) todo.set(r.path, r);
    const revs = [...todo.values()];
    await mapLimit(revs, PULL_CONCURRENCY, async (r) => {
      await this.pod.write(r.path, await remote.read(r));
    });
    return revs;
  }
}
