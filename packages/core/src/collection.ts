import { type Before, Changelog } from './changelog.js';
import { Commit, type CommitInfo, type CommitOperation, type CommitRow } from './commit.js';
import { changesOf, replay, unheldRows } from './commit-changes.js';
import { mapLimit } from './concurrency.js';
import { IntegrityError, InvalidInputError, SchemaMismatchError } from './engine-errors.js';
import { throwIfAborted } from './errors.js';
import { Frame } from './frame.js';
import { hashedPath } from './hashed-path.js';
import { History } from './history.js';
import { checkLabel } from './label.js';
import { LruCache } from './lru.js';
import { replayPlan } from './replay-plan.js';
import type { Repo } from './repo.js';
import { PHI, type Revision } from './revision.js';
import { RevisionGraph } from './revision-graph.js';
import type { Schema } from './schema.js';
import { Series } from './series.js';

export interface CommitOptions {
  /** Why the change was made; shown by snapshots and `lakota log`. */
  message?: string;
  /** Who made it. */
  author?: string;
  signal?: AbortSignal;
}

/** The CommitInfo of an operation with the caller's message and author. */
function infoOf(
  op: CommitOperation,
  options: CommitOptions,
  extra: Partial<CommitInfo> = {},
): CommitInfo {
  return {
    op,
    ...(options.message !== undefined ? { message: options.message } : {}),
    ...(options.author !== undefined ? { author: options.author } : {}),
    ...extra,
  };
}

export interface PullOptions {
  /** Only the leaf revisions (and what they reference), not the whole history. */
  shallow?: boolean;
  signal?: AbortSignal;
  /** Called as segment files are copied. */
  onProgress?: (done: number, total: number) => void;
  /** Files requested at once (default 32): more waits for fewer round trips over a network, and holds more segments in memory. */
  concurrency?: number;
}

export interface MergeOptions extends CommitOptions {
  /**
   * Merge only these heads (in log order, as always), leaving the others as
   * they are: two heads make a merge of two files, where merging every head
   * writes one file per head. Those that are no longer heads (another merge
   * took them meanwhile) are left out.
   */
  heads?: readonly Revision[];
}

/**
 * Files read or copied at once by pull and by walks over many commits: over
 * a network each wave of requests costs a round trip, and in-flight segments
 * cost memory.
 */
const PULL_CONCURRENCY = 32;

/** Rows above which `defrag` rewrites a series, and its page size. */
const DEFRAG_PAGE = 500_000;

/** A batch of writes collected by `multi()` and committed as one revision. */
export interface Batch {
  series(label: string): Series;
}

/**
 * A set of series sharing one schema and one changelog. Its folder is
 * recorded in the repository's registry.
 */
export class Collection {
  readonly changelog: Changelog;
  private readonly commits = new LruCache<string, Commit>(32);

  constructor(
    readonly repo: Repo,
    readonly label: string,
    readonly schema: Schema,
    /** The changelog folder, `aa/bb/<36 hex>`. */
    readonly path: string,
  ) {
    this.changelog = new Changelog(repo.pod.cd(path));
  }

  /** Snapshots, tags, rollback, retention and diff. */
  get history(): History {
    return new History(this);
  }

  /**
   * The distinct heads to merge: the changelog's heads less old tagged
   * snapshots left without parents by expiry (they are pins, not writers).
   */
  async heads(): Promise<Revision[]> {
    const heads = await this.changelog.heads();
    if (heads.length < 2) return heads;
    const tagged = await this.history.taggedDigests();
    const last = heads[heads.length - 1] as Revision;
    const known = new Set((await this.changelog.log()).map((r) => r.child));
    return heads.filter(
      (h) => h === last || !tagged.has(h.digest) || (h.parent !== PHI && known.has(h.parent)),
    );
  }

  series(label: string): Series {
    checkLabel(label, 'series');
    return new Series(this, label);
  }

  /** The commit of a revision (decoded once, then cached). */
  async readCommit(rev: Revision): Promise<Commit> {
    const hit = this.commits.get(rev.digest);
    if (hit) return hit;
    const payload = await this.changelog.read(rev);
    let ci: Commit;
    try {
      ci = Commit.decode(this.schema, payload);
    } catch (err) {
      throw new IntegrityError(
        rev.path,
        `Cannot decode revision '${rev.path}' of collection '${this.label}': ${(err as Error).message}`,
        { cause: err },
      );
    }
    this.commits.set(rev.digest, ci);
    return ci;
  }

  /** The leaf commit (as of `before`), or undefined for an empty collection. */
  async commitAt(before?: Before): Promise<Commit | undefined> {
    const leaf = await this.changelog.leaf(before);
    return leaf ? this.readCommit(leaf) : undefined;
  }

  /** The commit a read targets: at a revision (`at`), as of a time (`before`), or the leaf. */
  async commitFor(options: { at?: string; before?: Before } = {}): Promise<Commit | undefined> {
    if (options.at === undefined && options.before === undefined) {
      await this.repo.autoMerge.beforeRead(this);
    }
    if (options.at !== undefined) {
      if (options.before !== undefined) {
        throw new InvalidInputError('Give either `at` (a revision) or `before` (a time), not both');
      }
      return this.readCommit(await this.history.resolve(options.at));
    }
    return this.commitAt(options.before);
  }

  /** Series labels at the leaf (including series whose rows are all deletions, as in Python). */
  async ls(options: { before?: Before; at?: string } = {}): Promise<string[]> {
    const ci = await this.commitFor(options);
    return ci ? ci.labels() : [];
  }

  /** Applies rows to the leaf commit and writes one revision. */
  async commitRows(
    rows: readonly CommitRow[],
    embedded: ReadonlyMap<string, Uint8Array>,
    options: CommitOptions & { root?: boolean; op?: CommitOperation } = {},
  ): Promise<Revision[]> {
    throwIfAborted(options.signal);
    const leaf = options.root ? undefined : await this.changelog.leaf();
    let ci = leaf ? await this.readCommit(leaf) : Commit.empty(this.schema);
    for (const row of rows) ci = ci.update(row, embedded);
    const op =
      options.op ?? (rows.length > 1 ? 'multi' : rows[0]?.length === 0 ? 'delete' : 'write');
    const series = [...new Set(rows.map((r) => r.label))].sort();
    const written = rows.reduce((n, r) => n + r.length, 0);
    const revs = await this.writeCommit(
      ci,
      [leaf ? leaf.child : PHI],
      infoOf(op, options, { series, rows: written }),
    );
    await this.repo.autoMerge.afterWrite(
      this,
      revs,
      options.signal ? { signal: options.signal } : {},
    );
    return revs;
  }

  /** Encodes a commit and writes it on top of `parents`. */
  async writeCommit(
    ci: Commit,
    parents: readonly string[],
    info?: CommitInfo,
  ): Promise<Revision[]> {
    const payload = ci.encode(info);
    const revs = await this.changelog.commit(payload, parents);
    const stored = info ? ci.withInfo(info) : ci;
    for (const r of revs) this.commits.set(r.digest, stored);
    return revs;
  }

  /**
   * Runs `fn` with a batch whose series gather their writes; when `fn`
   * resolves, all of them are committed atomically as one revision. Nothing
   * is committed if `fn` throws.
   */
  async multi(
    fn: (batch: Batch) => Promise<void> | void,
    options: CommitOptions & { op?: CommitOperation } = {},
  ): Promise<Revision[]> {
    const state = { rows: [] as CommitRow[], embedded: new Map<string, Uint8Array>() };
    await fn({
      series: (label: string) => {
        checkLabel(label, 'series');
        return new Series(this, label, state);
      },
    });
    if (state.rows.length === 0) return [];
    return this.commitRows(state.rows, state.embedded, { op: 'multi', ...options });
  }

  /** Drops whole series (their data stays in history until trimmed and collected). */
  async delete(...labels: string[]): Promise<Revision[]> {
    return this.drop(labels);
  }

  /** Drops whole series, with a message and author for the revision. */
  async drop(labels: readonly string[], options: CommitOptions = {}): Promise<Revision[]> {
    const leaf = await this.changelog.leaf();
    if (!leaf) return [];
    const ci = await this.readCommit(leaf);
    return this.writeCommit(
      ci.withoutLabels(labels),
      [leaf.child],
      infoOf('drop', options, { series: [...labels] }),
    );
  }

  /** Renames a series. */
  async rename(from: string, to: string, options: CommitOptions = {}): Promise<Revision[]> {
    checkLabel(to, 'series');
    const leaf = await this.changelog.leaf();
    if (!leaf) return [];
    const ci = await this.readCommit(leaf);
    if (ci.rowsOf(from).length === 0) {
      throw new InvalidInputError(`No series '${from}' in collection '${this.label}'`);
    }
    return this.writeCommit(
      ci.renameLabel(from, to),
      [leaf.child],
      infoOf('rename', options, { series: [from, to] }),
    );
  }

  /**
   * Joins divergent heads (concurrent writers) into one revision: the head
   * holding the most commits, with every write the others hold and it lacks
   * replayed on it in causal order. A write never loses to a value it replaced; between
   * concurrent writes, the later one wins (docs/compatibility.md, "Merge
   * semantics").
   */
  async merge(options: MergeOptions = {}): Promise<Revision[]> {
    const heads = await this.heads();
    if (options.heads) {
      const wanted = new Set(options.heads.map((h) => h.digest));
      const known = new Set((await this.changelog.log()).map((r) => r.digest));
      const unknown = [...wanted].filter((d) => !known.has(d));
      if (unknown.length) {
        throw new InvalidInputError(
          `Cannot merge ${unknown.map((d) => `'${d.slice(0, 12)}'`).join(', ')}: no such revision in collection '${this.label}'; list its heads with collection.heads()`,
        );
      }
      // A head another writer merged meanwhile is merged already.
      heads.splice(0, heads.length, ...heads.filter((h) => wanted.has(h.digest)));
    }
    if (heads.length < 2) return [];
    throwIfAborted(options.signal);
    const graph = new RevisionGraph(await this.changelog.log());
    // The base is the head that holds the most commits (the first in log
    // order among equals), so that the least is replayed: every write the
    // other heads hold and the base does not is replayed on it, each after
    // the writes it was built on and otherwise by time. A write then always
    // lands after the values it replaced, whichever merges carried them, so
    // no merge can bring back a value a later write replaced
    // (docs/compatibility.md, "Merge semantics").
    let baseHead = heads[0] as Revision;
    let known = graph.ancestors(baseHead.digest);
    for (const head of heads.slice(1)) {
      const held = graph.ancestors(head.digest);
      if (held.size > known.size) {
        baseHead = head;
        known = held;
      }
    }
    const missing = new Set<string>();
    for (const head of heads) {
      if (head === baseHead) continue;
      for (const d of graph.climb(head.digest, known).visited) missing.add(d);
    }
    let base = await this.readCommit(baseHead);
    const runs = await replayPlan(graph, missing, (rev) => this.readInfo(rev), options.signal);
    for (const run of runs) {
      throwIfAborted(options.signal);
      const last = await this.readCommit(graph.revision(run.last) as Revision);
      if (run.whole) {
        base = replay(base, unheldRows(base, last), last);
        continue;
      }
      const parentRev = run.parent === null ? undefined : graph.revision(run.parent);
      const before = parentRev ? await this.readCommit(parentRev) : Commit.empty(this.schema);
      base = replay(base, changesOf(before, last, run.series), last);
    }
    return this.writeCommit(
      base,
      heads.map((h) => h.child),
      infoOf('merge', options),
    );
  }

  /** The CommitInfo of a revision, from the decoded commit when it is at hand. */
  private async readInfo(rev: Revision): Promise<CommitInfo | undefined> {
    const hit = this.commits.get(rev.digest);
    if (hit) return hit.info;
    try {
      return Commit.peekInfo(await this.changelog.read(rev));
    } catch (err) {
      if (err instanceof IntegrityError) throw err;
      throw new IntegrityError(
        rev.path,
        `Cannot decode revision '${rev.path}' of collection '${this.label}': ${(err as Error).message}`,
        { cause: err },
      );
    }
  }

  /** Copies the remote collection's segments and revisions that are missing here. */
  async pull(remote: Collection, options: PullOptions = {}): Promise<Revision[]> {
    if (!remote.schema.equals(this.schema)) {
      throw new SchemaMismatchError(
        `Cannot pull '${remote.label}' into '${this.label}': their schemas differ (remote: ${remote.schema.toString().replaceAll('\n', ', ')}; local: ${this.schema.toString().replaceAll('\n', ', ')})`,
      );
    }
    // The remote's listing and commits are read once, and alongside the local ones: over a
    // network, each step that waits for the one before costs a round trip.
    const [local, revs] = await Promise.all([
      this.digests(),
      options.shallow ? remote.changelog.leaves() : remote.changelog.log(),
    ]);
    const theirs = await remote.digests(revs);
    const missing = [...theirs].filter((d) => !local.has(d));
    const src = remote.repo.segments;
    let done = 0;
    await mapLimit(
      missing,
      options.concurrency ?? PULL_CONCURRENCY,
      async (digest) => {
        const path = hashedPath(digest);
        const bytes = await src.bytes(digest, Commit.empty(remote.schema));
        await this.repo.pod.write(path, bytes);
        options.onProgress?.(++done, missing.length);
      },
      options.signal,
    );
    return this.changelog.pull(remote.changelog, { revs });
  }

  /** Pushes this collection's revisions into another one (same schema). */
  push(remote: Collection, options: PullOptions = {}): Promise<Revision[]> {
    return remote.pull(this, options);
  }

  /** Segment-file digests referenced by the given revisions (all by default). */
  async digests(revs?: readonly Revision[]): Promise<Set<string>> {
    const list = revs ?? (await this.changelog.log());
    const unique = [...new Map(list.map((r) => [r.digest, r])).values()];
    const out = new Set<string>();
    await mapLimit(unique, PULL_CONCURRENCY, async (r) => {
      let ci: Commit;
      try {
        ci = await this.readCommit(r);
      } catch (err) {
        // A trim running meanwhile may have removed it since the listing: what it alone
        // referenced is no longer needed. A revision still there but unreadable is damage.
        if (err instanceof IntegrityError && !(await this.changelog.pod.isFile(r.path))) return;
        throw err;
      }
      for (const d of ci.segmentDigests()) out.add(d);
    });
    return out;
  }

  /**
   * Removes revisions older than `before` (default: now minus 20 minutes),
   * keeping every head (so no unmerged write is ever lost) and every tagged
   * revision. Returns how many
   * revision files were removed.
   */
  async trim(before?: Before): Promise<number> {
    const mark = before ?? Date.now() - 2 * this.repo.timeoutMs;
    const tagged = await this.history.taggedDigests();
    const removable = await this.trimmable();
    const revs = (await this.changelog.log(mark)).filter(
      (r) =>
        !r.isLeaf && !tagged.has(r.digest) && (removable === undefined || removable.has(r.child)),
    );
    const unique = [...new Map(revs.map((r) => [r.path, r])).values()];
    await this.changelog.remove(unique);
    return unique.length;
  }

  /**
   * With unmerged heads, which revisions trim may remove without changing
   * which head reads see: only the ancestors of the newest revision all heads
   * share, which then stays as the single root. Undefined when there is one head.
   */
  private async trimmable(): Promise<Set<string> | undefined> {
    const heads = await this.changelog.heads();
    if (heads.length < 2) return undefined;
    const log = await this.changelog.log();
    const byChild = new Map<string, Revision>();
    for (const r of log) if (!byChild.has(r.child)) byChild.set(r.child, r);
    const lineage = (rev: Revision | undefined): string[] => {
      const out: string[] = [];
      const seen = new Set<string>();
      for (let cur = rev; cur && !seen.has(cur.child); cur = byChild.get(cur.parent)) {
        seen.add(cur.child);
        out.push(cur.child);
      }
      return out;
    };
    const [first, ...others] = heads.map((h) => lineage(h));
    const otherSets = others.map((o) => new Set(o));
    const common = (first as string[]).find((id) => otherSets.every((o) => o.has(id)));
    return new Set(common === undefined ? [] : lineage(byChild.get(common)).slice(1));
  }

  /**
   * Rewrites series made of many small segments into few large ones, in one
   * revision (FORMAT.md §12). A series with at most `maxChunk` rows is left alone.
   */
  async defrag(
    maxChunk = 4,
    options: CommitOptions & {
      onProgress?: (seriesDone: number, seriesTotal: number) => void;
    } = {},
  ): Promise<Revision[]> {
    const opts = { ...options, op: 'defrag' as const };
    const ci = await this.commitAt();
    if (!ci) return [];
    const labels = ci.labels();
    return this.multi(async (batch) => {
      for (const [done, label] of labels.entries()) {
        options.onProgress?.(done, labels.length);
        const rows = ci.rowsOf(label);
        if (rows.length <= maxChunk) continue;
        const total = rows.reduce((s, r) => s + r.length, 0);
        const threshold = Math.min(DEFRAG_PAGE, total / (maxChunk + 1));
        const from = rows.findIndex((r, i) => i < rows.length - 1 && r.length < threshold);
        if (from < 0) continue;
        const series = this.series(label);
        const target = batch.series(label);
        let first = true;
        let prevStop: unknown[] | undefined;
        for await (const page of series.paginate(DEFRAG_PAGE, {
          start: rows[from]!.start,
          closed: 'BOTH',
        })) {
          throwIfAborted(options.signal);
          if (first) {
            await target.write(page, { start: rows[from]!.start, stop: page.stop, closed: 'b' });
          } else {
            await target.write(page, { start: prevStop, stop: page.stop, closed: 'r' });
          }
          first = false;
          prevStop = page.stop;
        }
      }
    }, opts);
  }

  /**
   * Copies this collection's current state into an empty collection with
   * another schema: columns can be renamed (`{ old: 'new' }`) and new columns
   * filled with a default value.
   */
  async clone(
    target: Collection,
    options: CommitOptions & {
      rename?: Record<string, string>;
      defaults?: Record<string, unknown>;
    } = {},
  ): Promise<Revision[]> {
    if (await target.changelog.leaf()) {
      throw new InvalidInputError(
        `clone(): collection '${target.label}' is not empty; clone into a new collection`,
      );
    }
    const newToOld = new Map(Object.entries(options.rename ?? {}).map(([o, n]) => [n, o]));
    for (const col of target.schema.index) {
      const old = newToOld.get(col.name) ?? col.name;
      if (!this.schema.get(old)?.idx) {
        throw new SchemaMismatchError(
          `clone(): index column '${col.name}' of '${target.label}' has no index column to come from in '${this.label}'`,
        );
      }
    }
    const ci = await this.commitAt();
    if (!ci) return [];
    return target.multi(
      async (batch) => {
        for (const label of ci.labels()) {
          const frame = await this.series(label).read();
          const columns: Record<string, unknown> = {};
          for (const col of target.schema.columns) {
            const old = newToOld.get(col.name) ?? col.name;
            if (frame.names.includes(old)) columns[col.name] = frame.column(old);
            else
              columns[col.name] = new Array(frame.length).fill(
                options.defaults?.[col.name] ?? zero(col.kind),
              );
          }
          if (frame.length)
            await batch.series(label).write(Frame.from(target.schema, columns as never));
        }
      },
      { ...options, op: 'clone' },
    );
  }
}

function zero(kind: string): unknown {
  if (kind === 'str') return '';
  if (kind === 'object') return null;
  if (kind === 'datetime') return 0n;
  return 0;
}
