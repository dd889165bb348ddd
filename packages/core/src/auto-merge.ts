import type { Collection } from './collection.js';
import { AbortError, PermissionError, throwIfAborted } from './errors.js';
import { abortableSleep } from './retrying-pod.js';
import type { Revision } from './revision.js';
import { RevisionGraph } from './revision-graph.js';

/**
 * When a repository merges divergent heads by itself:
 * * `off` (default): only `merge()` does; concurrent writes stay in heads
 *   that reads do not see until then.
 * * `on-write`: right after each commit, when the collection has several
 *   heads (another writer committed on the same parent), so a write is never
 *   left hidden behind another writer's head.
 * * `on-read`: before each read of the current state, when the collection
 *   has several heads, so a read always sees every committed write. Time
 *   travel (`before`, `at`) reads history as it is and merges nothing.
 */
export type AutoMergeMode = 'off' | 'on-write' | 'on-read';

export interface AutoMergeOptions {
  mode: AutoMergeMode;
  /**
   * Merges tried in a row while other writers keep forking new heads
   * (default 3). The heads left after that are merged by the next write or
   * read; no write is lost either way, only its visibility is delayed.
   */
  maxRounds?: number;
  /**
   * Longest random wait before merging a hidden write, after which the write
   * is looked for again (default 20 ms): under contention, another writer's
   * merge often includes it meanwhile, and racing merges fork new heads.
   */
  jitterMs?: number;
  /** Called after each merge this policy writes. */
  onMerge?: (collection: Collection, revisions: Revision[]) => void;
  /**
   * Called when a merge after a write fails. The write itself is committed
   * then, so the error does not reach the writer; the next merge shows it.
   */
  onError?: (collection: Collection, error: unknown) => void;
}

/**
 * Merges a collection's heads until one is left (or `maxRounds` merges were
 * written), returning the merge revisions. Each merge reads the heads again,
 * so heads forked by other writers while it ran are merged by the next round.
 */
export async function mergeHeads(
  collection: Collection,
  options: { maxRounds?: number; signal?: AbortSignal } = {},
): Promise<Revision[]> {
  const rounds = options.maxRounds ?? 3;
  const out: Revision[] = [];
  for (let round = 0; round < rounds; round++) {
    throwIfAborted(options.signal);
    if ((await collection.heads()).length < 2) break;
    const revs = await collection.merge(
      options.signal
        ? { signal: options.signal, message: 'auto-merge' }
        : { message: 'auto-merge' },
    );
    if (revs.length === 0) break;
    out.push(...revs);
  }
  return out;
}

/**
 * The automatic-merge policy of a repository (`Repo.open(pod, { autoMerge })`).
 * The engine calls `afterWrite` once a commit other than a merge is written,
 * and `beforeRead` before reading a collection's current state; each does
 * something only in its own mode.
 *
 * Merge semantics are those of `Collection.merge` (docs/compatibility.md,
 * "Merge semantics"): heads are applied in log order and later heads win
 * where writes overlap, so between two concurrent writes of the same range
 * the one whose revision sorts last (the later clock, then the digest) wins.
 *
 * On a read-only pod, `beforeRead` cannot write the merge: the read then
 * sees the current head only, as without auto-merge.
 */
export class AutoMerge {
  readonly mode: AutoMergeMode;
  /** Merges written so far (one merge writes a file per head). */
  merges = 0;
  /** Merges after a write that failed (the writes themselves were committed). */
  failures = 0;
  private readonly maxRounds: number;
  private readonly jitterMs: number;
  private readonly onMerge: AutoMergeOptions['onMerge'];
  private readonly onError: AutoMergeOptions['onError'];

  constructor(options: AutoMergeMode | AutoMergeOptions = 'off') {
    const opts = typeof options === 'string' ? { mode: options } : options;
    if (!['off', 'on-write', 'on-read'].includes(opts.mode)) {
      throw new RangeError(
        `autoMerge must be 'off', 'on-write' or 'on-read', got ${JSON.stringify(opts.mode)}`,
      );
    }
    this.mode = opts.mode;
    this.maxRounds = opts.maxRounds ?? 3;
    this.jitterMs = opts.jitterMs ?? 20;
    this.onMerge = opts.onMerge;
    this.onError = opts.onError;
  }

  /**
   * After a commit (not a merge) on `collection`: in `on-write` mode, when
   * the revisions just written are not part of what reads see (another
   * writer's commit on the same parent became the leaf), merges the heads.
   * Writers whose commits stayed visible merge nothing, which keeps
   * concurrent writers from answering each other's merges with merges.
   */
  async afterWrite(
    collection: Collection,
    written: readonly Revision[] = [],
    options: { signal?: AbortSignal } = {},
  ): Promise<Revision[]> {
    if (this.mode !== 'on-write') return [];
    try {
      if (written.length === 0) return await this.merge(collection, options.signal);
      return await this.show(collection, written, options.signal);
    } catch (err) {
      if (err instanceof AbortError) throw err;
      this.failures++;
      this.onError?.(collection, err);
      return [];
    }
  }

  /**
   * Merges the head holding `written` into the one reads see, unless it is
   * seen already. The first merge takes just these two heads (two files,
   * where a merge of every head writes one per head): other hidden heads
   * belong to writers that merge their own. When a concurrent merge hid that
   * one too, the next rounds merge every head, so that racing merges each
   * carry all the writes and the last one shows them all.
   */
  private async show(
    collection: Collection,
    written: readonly Revision[],
    signal?: AbortSignal,
  ): Promise<Revision[]> {
    if (await isVisible(collection, written)) return [];
    if (this.jitterMs > 0) {
      await abortableSleep(Math.random() * this.jitterMs, signal);
      if (await isVisible(collection, written)) return [];
    }
    const out: Revision[] = [];
    for (let round = 0; round < this.maxRounds; round++) {
      throwIfAborted(signal);
      const pair = await hiddenAndLeaf(collection, written);
      if (pair.length < 2) break;
      const heads = round === 0 ? pair : await collection.heads();
      // Empty when another writer merged one of them meanwhile: look again.
      const revs = await collection.merge({
        heads,
        message: 'auto-merge',
        ...(signal ? { signal } : {}),
      });
      out.push(...revs);
      if (revs.length) this.merged(collection, revs);
    }
    return out;
  }

  /** Before a read of the current state of `collection`: merges its heads in `on-read` mode. */
  async beforeRead(
    collection: Collection,
    options: { signal?: AbortSignal } = {},
  ): Promise<Revision[]> {
    if (this.mode !== 'on-read') return [];
    try {
      return await this.merge(collection, options.signal);
    } catch (err) {
      // A read must not fail because the pod refuses writes.
      if (err instanceof PermissionError) return [];
      throw err;
    }
  }

  private async merge(collection: Collection, signal?: AbortSignal): Promise<Revision[]> {
    const revs = await mergeHeads(
      collection,
      signal ? { maxRounds: this.maxRounds, signal } : { maxRounds: this.maxRounds },
    );
    if (revs.length) this.merged(collection, revs);
    return revs;
  }

  private merged(collection: Collection, revs: Revision[]): void {
    this.merges += new Set(revs.map((r) => r.digest)).size;
    this.onMerge?.(collection, revs);
  }
}

/**
 * The heads to merge so that `written` becomes visible: the heads holding
 * it and the head reads see. Empty when it is visible already (or when no
 * head holds it any more, as after a trim).
 */
async function hiddenAndLeaf(
  collection: Collection,
  written: readonly Revision[],
): Promise<Revision[]> {
  const heads = await collection.heads();
  if (heads.length < 2) return [];
  const log = await collection.changelog.log();
  const leaf = log[log.length - 1] as Revision;
  const graph = new RevisionGraph(log);
  const digests = new Set(written.map((r) => r.digest));
  const holds = (h: Revision) => [...graph.ancestors(h.digest)].some((d) => digests.has(d));
  const seen = heads.find((h) => h.digest === leaf.digest);
  if (!seen || holds(seen)) return [];
  const hidden = heads.filter((h) => h !== seen && holds(h));
  return hidden.length ? heads.filter((h) => h === seen || hidden.includes(h)) : [];
}

/** True when every revision written is the leaf or one of its ancestors (reads see it). */
export async function isVisible(
  collection: Collection,
  written: readonly Revision[],
): Promise<boolean> {
  const log = await collection.changelog.log();
  const leaf = log[log.length - 1];
  if (!leaf) return false;
  const seen = new RevisionGraph(log).ancestors(leaf.digest);
  return written.every((r) => seen.has(r.digest));
}
