import { randomBytes } from 'node:crypto';
import { AutoMerge, type AutoMergeMode, type AutoMergeOptions } from './auto-merge.js';
import { codecsReady, sha1Hex } from './codecs/index.js';
import { Collection, type CommitOptions, type PullOptions } from './collection.js';
import {
  CollectionExistsError,
  CollectionNotFoundError,
  InvalidInputError,
  SchemaMismatchError,
} from './engine-errors.js';
import { throwIfAborted } from './errors.js';
import { hashedPath, REGISTRY_PATH } from './hashed-path.js';
import { hextime, hextimeToMs } from './hextime.js';
import type { Tag } from './history.js';
import { checkLabel } from './label.js';
import { POD_METHODS, type Pod } from './pod.js';
import { KVSeries } from './registry.js';
import type { Revision } from './revision.js';
import { type ColumnDefinition, Schema, type SchemaJSON } from './schema.js';
import { SegmentStore } from './segment-store.js';
import { type OpenPodOptions, openPod } from './uri/index.js';

/** What the registry stores for each collection (FORMAT.md §8). */
export interface CollectionMeta {
  path: string;
  schema: SchemaJSON;
}

export type SchemaInput = string | Schema | Record<string, string | ColumnDefinition>;

export interface RepoOptions {
  /** Bytes of decoded arrays kept in memory between reads (default 256 MiB). */
  cacheBytes?: number;
  /** gc's grace period in milliseconds before a soft-deleted file is removed (default 10 minutes). */
  timeoutMs?: number;
  /**
   * Check every segment read against the digest that names it (default true).
   * Turn off only to read datetime columns Python wrote from sub-second
   * values, whose names cannot be recomputed.
   */
  verifySegments?: boolean;
  /**
   * Merge concurrent heads automatically: `on-write` after a commit that
   * another writer's head hides, `on-read` before reading the current state
   * (default `off`: only `merge()` does). See docs/reliability.md.
   */
  autoMerge?: AutoMergeMode | AutoMergeOptions;
}

export interface GcResult {
  /** Unreferenced files renamed to `name.<hextime>` (first phase). */
  softDeleted: number;
  /** Soft-deleted files removed for good (second phase). */
  deleted: number;
  /** Soft-deleted files referenced again, renamed back. */
  restored: number;
  /**
   * Leftovers of interrupted writes (temp files of killed writers) older
   * than the grace period, removed by the pod's `sweep` (0 on pods without one).
   */
  swept: number;
}

/** Refuses what is not a pod, naming what was given, before it fails deep inside. */
function checkPod(target: unknown): Pod {
  const missing =
    target === null || typeof target !== 'object'
      ? [...POD_METHODS]
      : POD_METHODS.filter((m) => typeof (target as Record<string, unknown>)[m] !== 'function');
  if (missing.length) {
    const given =
      target === null
        ? 'null'
        : typeof target === 'object'
          ? (target.constructor?.name ?? 'an object')
          : `${typeof target} ${String(target)}`;
    throw new InvalidInputError(
      `Repo.open needs a pod (an object with ${POD_METHODS.join(', ')}), a URI or a list of URIs; got ${given} (missing ${missing.join(', ')})`,
    );
  }
  return target as Pod;
}

const REGISTRY_NAMESPACE = 'collection';
/** Tags live in their own registry namespace: Python Lakota only reads `collection`. */
const TAG_NAMESPACE = 'tag';
const SEGMENT_NAME = /^[0-9a-f]{36}$/;
const SOFT_DELETED = /^([0-9a-f]{36})\.([0-9a-f]{11})$/;

/**
 * A repository: collections of series on one pod, listed in a registry
 * that is itself a key-value collection (FORMAT.md §8).
 */
export class Repo {
  readonly segments: SegmentStore;
  readonly registry: Collection;
  readonly timeoutMs: number;
  readonly autoMerge: AutoMerge;
  private readonly kv: KVSeries;
  private readonly tagKv: KVSeries;

  constructor(
    readonly pod: Pod,
    options: RepoOptions = {},
  ) {
    this.segments = new SegmentStore(pod, options.cacheBytes, options.verifySegments ?? true);
    this.timeoutMs = options.timeoutMs ?? 600_000;
    this.autoMerge = new AutoMerge(options.autoMerge ?? 'off');
    this.registry = new Collection(this, '__registry__', Schema.kv('label', 'meta'), REGISTRY_PATH);
    this.kv = new KVSeries(this.registry.series(REGISTRY_NAMESPACE));
    this.tagKv = new KVSeries(this.registry.series(TAG_NAMESPACE));
  }

  /** Every tag of every collection. */
  async tags(): Promise<Tag[]> {
    return [...(await this.tagKv.read()).values()].map((r) => r.meta as Tag);
  }

  /** Records a tag (see `collection.history.tag`). */
  async addTag(tag: Tag): Promise<void> {
    await this.tagKv.set([{ label: `${tag.collection}/${tag.name}`, meta: tag }]);
  }

  /**
   * Opens a repository on a pod, or on a URI (`./folder`, `memory://`,
   * `s3:///bucket/prefix`, …) or a list of URIs (cache layers, closest first);
   * see `openPod`. Codecs are initialised first.
   */
  static async open(
    target: Pod | string | readonly string[],
    options: RepoOptions & OpenPodOptions = {},
  ): Promise<Repo> {
    await codecsReady();
    const pod =
      typeof target === 'string' || Array.isArray(target)
        ? await openPod(target as string | readonly string[], options)
        : checkPod(target);
    return new Repo(pod, options);
  }

  private async metas(): Promise<Map<string, CollectionMeta>> {
    const entries = await this.kv.read();
    const out = new Map<string, CollectionMeta>();
    for (const [label, r] of entries) out.set(label, r.meta as CollectionMeta);
    return out;
  }

  /** Collection labels, sorted. */
  async ls(): Promise<string[]> {
    return [...(await this.metas()).keys()];
  }

  /** Collections whose label starts with `prefix` (all by default). */
  async search(prefix = ''): Promise<Collection[]> {
    const out: Collection[] = [];
    for (const [label, meta] of await this.metas()) {
      if (label.startsWith(prefix)) out.push(this.fromMeta(label, meta));
    }
    return out;
  }

  private fromMeta(label: string, meta: CollectionMeta): Collection {
    return new Collection(this, label, Schema.fromJSON(meta.schema), meta.path);
  }

  async hasCollection(label: string): Promise<boolean> {
    return (await this.metas()).has(label);
  }

  /** A collection by label; `CollectionNotFoundError` when there is none. */
  async collection(label: string): Promise<Collection> {
    const meta = (await this.metas()).get(label);
    if (!meta) throw new CollectionNotFoundError(label);
    return this.fromMeta(label, meta);
  }

  /**
   * Creates a collection (or returns it when it exists with the same schema).
   * Its folder name is random, recorded in the registry.
   */
  async createCollection(schema: SchemaInput, label: string): Promise<Collection> {
    const [c] = await this.createCollections(schema, [label]);
    return c as Collection;
  }

  /** Creates several collections with one schema in one registry revision. */
  async createCollections(
    schemaInput: SchemaInput,
    labels: readonly string[],
  ): Promise<Collection[]> {
    const schema = Schema.from(schemaInput);
    const metas = await this.metas();
    const out: Collection[] = [];
    const fresh: Record<string, unknown>[] = [];
    for (const label of labels) {
      checkLabel(label, 'collection');
      const existing = metas.get(label);
      if (existing) {
        const c = this.fromMeta(label, existing);
        if (!c.schema.equals(schema)) throw new CollectionExistsError(label);
        out.push(c);
        continue;
      }
      const path = hashedPath(sha1Hex(randomBytes(16)));
      const meta: CollectionMeta = { path, schema: schema.toJSON() };
      fresh.push({ label, meta });
      out.push(new Collection(this, label, schema, path));
    }
    await this.kv.set(fresh);
    return out;
  }

  /** Deletes collections: removes them from the registry and removes their changelogs (gc reclaims segments). */
  async deleteCollection(...labels: string[]): Promise<void> {
    const metas = await this.metas();
    const known = labels.filter((l) => metas.has(l));
    const unknown = labels.filter((l) => !metas.has(l));
    if (unknown.length) throw new CollectionNotFoundError(unknown.join(', '));
    await this.kv.delete(known);
    for (const l of known) {
      await this.pod.rm((metas.get(l) as CollectionMeta).path, {
        recursive: true,
        missingOk: true,
      });
    }
  }

  /** Renames a collection (its data stays where it is). */
  async renameCollection(from: string, to: string): Promise<Collection> {
    checkLabel(to, 'collection');
    const metas = await this.metas();
    const meta = metas.get(from);
    if (!meta) throw new CollectionNotFoundError(from);
    if (metas.has(to)) throw new CollectionExistsError(to);
    await this.kv.set([{ label: to, meta }]);
    await this.kv.delete([from]);
    return this.fromMeta(to, meta);
  }

  /**
   * Pulls collections (all by default) from another repository: for each one,
   * the missing segments and revisions. A collection new here is registered
   * under the remote's folder, as Python Lakota does by copying the registry.
   * Every schema is checked before anything is written.
   */
  async pull(
    remote: Repo,
    options: PullOptions & { labels?: readonly string[] } = {},
  ): Promise<void> {
    const remoteMetas = await remote.metas();
    const localMetas = await this.metas();
    const labels = options.labels?.length ? options.labels : [...remoteMetas.keys()];
    const plan: [Collection, Collection][] = [];
    const fresh: Record<string, unknown>[] = [];
    for (const label of labels) {
      const meta = remoteMetas.get(label);
      if (!meta) throw new CollectionNotFoundError(label);
      const theirs = remote.fromMeta(label, meta);
      const existing = localMetas.get(label);
      if (existing) {
        const mine = this.fromMeta(label, existing);
        if (!mine.schema.equals(theirs.schema)) {
          throw new SchemaMismatchError(
            `Cannot pull collection '${label}': the local one has another schema (local: ${mine.schema.toString().replaceAll('\n', ', ')}; remote: ${theirs.schema.toString().replaceAll('\n', ', ')}). Rename or delete it first`,
          );
        }
        plan.push([mine, theirs]);
      } else {
        fresh.push({ label, meta });
        plan.push([new Collection(this, label, theirs.schema, meta.path), theirs]);
      }
    }
    // Segments and revisions first, the registry last: a collection is listed only once its data is here.
    for (const [mine, theirs] of plan) {
      throwIfAborted(options.signal);
      await mine.pull(theirs, options);
    }
    await this.kv.set(fresh);
  }

  /** Pushes collections (all by default) to another repository. */
  push(remote: Repo, options: PullOptions & { labels?: readonly string[] } = {}): Promise<void> {
    return remote.pull(this, options);
  }

  /** Merges divergent heads of the registry and of every collection. */
  async merge(options: CommitOptions = {}): Promise<Revision[]> {
    const out = await this.registry.merge(options);
    for (const c of await this.search()) out.push(...(await c.merge(options)));
    return out;
  }

  /** Every segment digest some revision of the registry or of a collection references. */
  async activeDigests(): Promise<Set<string>> {
    const active = await this.registry.digests();
    for (const c of await this.search()) for (const d of await c.digests()) active.add(d);
    return active;
  }

  /**
   * Two-phase garbage collection (FORMAT.md §11): unreferenced segment files
   * are renamed `name.<hextime>`; on a later run, those older than the
   * timeout are removed, and those referenced again are restored. Last, the
   * pod sweeps the leftovers of interrupted writes older than the timeout
   * (`Pod.sweep`, on pods that have one).
   */
  async gc(
    options: { signal?: AbortSignal; onProgress?: (filesSeen: number) => void } = {},
  ): Promise<GcResult> {
    const active = await this.activeDigests();
    const now = Date.now();
    const limit = hextime(now - this.timeoutMs);
    const result: GcResult = { softDeleted: 0, deleted: 0, restored: 0, swept: 0 };
    let seen = 0;
    for await (const path of this.pod.walk('', { maxDepth: 3 })) {
      throwIfAborted(options.signal);
      options.onProgress?.(++seen);
      const parts = path.split('/');
      if (parts.length !== 3) continue;
      const [a, b, name] = parts as [string, string, string];
      if (SEGMENT_NAME.test(name)) {
        if (!active.has(a + b + name)) {
          await this.pod.mv(path, `${path}.${hextime(now)}`);
          result.softDeleted++;
        }
        continue;
      }
      const m = SOFT_DELETED.exec(name);
      if (!m) continue;
      const digest = a + b + (m[1] as string);
      if (active.has(digest)) {
        await this.pod.mv(path, `${a}/${b}/${m[1]}`);
        result.restored++;
      } else if ((m[2] as string) <= limit && hextimeToMs(m[2] as string) <= now - this.timeoutMs) {
        await this.pod.rm(path, { missingOk: true });
        result.deleted++;
      }
    }
    throwIfAborted(options.signal);
    result.swept =
      (await this.pod.sweep?.({ olderThanMs: this.timeoutMs, signal: options.signal })) ?? 0;
    return result;
  }
}
