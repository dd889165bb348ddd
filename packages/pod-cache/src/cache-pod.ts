import {
  checkPath,
  type ListOptions,
  type MoveOptions,
  mapLimit,
  NotFoundError,
  type Pod,
  type PodCapabilities,
  PodOperationError,
  type ReadManyOptions,
  type ReadOptions,
  type RemoveOptions,
  type SweepOptions,
  type WalkOptions,
  type WriteOptions,
} from '@lakota/core';

export interface CachePodOptions {
  /**
   * Called when copying a file into the local layer fails after the remote
   * operation succeeded (a full disk, an evicting cache…). The operation
   * itself still succeeds, since the remote holds the data and the next read
   * simply misses again. Ignored by default.
   */
  onCacheError?: (error: unknown, path: string) => void;
  /** How many local fills `readMany` runs at once (default 8). */
  fillConcurrency?: number;
}

/**
 * A pod made of a local layer in front of a remote one, like Python Lakota's
 * caching repositories (`['memory://', 's3:///bucket']`).
 *
 * The remote is the truth: listings, `isFile` and `walk` always ask it, so
 * files removed or added by other clients are seen. Reads are served from the
 * local copy when there is one and fill it otherwise. Lakota's files are
 * content-addressed and write-once, so a local copy can never be stale for
 * them; the one case a cache cannot see is a file deleted on the remote by
 * another client, which stays readable here until evicted (Lakota finds its
 * files through listings, so it never asks for those).
 *
 * Writes, removes and moves go to the remote first, so a failure there leaves
 * nothing visible locally only; the local layer is then updated or cleared.
 */
export class CachePod implements Pod {
  readonly protocol = 'cache';
  readonly capabilities: PodCapabilities;
  readonly local: Pod;
  readonly remote: Pod;
  /**
   * Sweeps both layers (the local one first), each of those that has a
   * sweep, and gives the total: a folder cache in front of a folder remote
   * collects temp files on both sides. Absent when neither layer has one.
   */
  declare readonly sweep?: (options: SweepOptions) => Promise<number>;
  private readonly options: CachePodOptions;

  /** A local layer in front of a remote pod. */
  constructor(local: Pod, remote: Pod, options?: CachePodOptions);
  /** Layers ordered from the closest (fastest) to the remote (the truth); at least two. */
  constructor(layers: readonly Pod[], options?: CachePodOptions);
  constructor(
    first: Pod | readonly Pod[],
    second?: Pod | CachePodOptions,
    third?: CachePodOptions,
  ) {
    if (Array.isArray(first)) {
      const layers = first as readonly Pod[];
      if (layers.length < 2) {
        throw new RangeError(
          `CachePod needs at least two layers (a local one and a remote one), got ${layers.length}`,
        );
      }
      this.options = (second as CachePodOptions | undefined) ?? {};
      this.local = layers[0] as Pod;
      this.remote =
        layers.length === 2 ? (layers[1] as Pod) : new CachePod(layers.slice(1), this.options);
    } else {
      if (second === undefined || !isPod(second)) {
        throw new TypeError('CachePod(local, remote): the remote pod is missing');
      }
      this.local = first as Pod;
      this.remote = second;
      this.options = third ?? {};
    }
    const l = this.local.capabilities;
    const r = this.remote.capabilities;
    this.capabilities = {
      // Write-once is decided by the remote, which is written first.
      conditionalWrite: r.conditionalWrite,
      // A reader may get either layer's copy, so both must be atomic.
      atomicWrite: l.atomicWrite && r.atomicWrite,
      // A move touches two layers one after the other.
      atomicMove: false,
      persistent: r.persistent,
      // Local evictions only cost a new remote read; files vanish only if the remote evicts.
      evicts: r.evicts,
    };
    const sweeps = [this.local, this.remote].flatMap((pod) =>
      pod.sweep ? [pod.sweep.bind(pod)] : [],
    );
    if (sweeps.length > 0) {
      this.sweep = async (options) => {
        checkPath(options.path ?? '');
        let removed = 0;
        for (const sweep of sweeps) removed += await sweep(options);
        return removed;
      };
    }
  }

  /** Every layer, from the closest to the remote. */
  get layers(): Pod[] {
    return [this.local, ...(this.remote instanceof CachePod ? this.remote.layers : [this.remote])];
  }

  ls(path = '', options?: ListOptions): Promise<string[]> {
    return this.remote.ls(path, options);
  }

  walk(path = '', options?: WalkOptions): AsyncIterable<string> {
    return this.remote.walk(path, options);
  }

  isFile(path: string, options?: ReadOptions): Promise<boolean> {
    return this.remote.isFile(path, options);
  }

  async read(path: string, options: ReadOptions = {}): Promise<Uint8Array> {
    checkPath(path, { allowRoot: false });
    try {
      return await this.local.read(path, options);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
    const data = await this.remote.read(path, options);
    await this.fill(path, data, options.signal);
    return data;
  }

  async readMany(
    paths: readonly string[],
    options: ReadManyOptions = {},
  ): Promise<(Uint8Array | undefined)[]> {
    for (const p of paths) checkPath(p, { allowRoot: false });
    const found = await this.local.readMany(paths, { missingOk: true, signal: options.signal });
    const misses: number[] = [];
    found.forEach((data, i) => {
      if (data === undefined) misses.push(i);
    });
    if (misses.length === 0) return found;
    const missPaths = misses.map((i) => paths[i] as string);
    const fetched = await this.remote.readMany(missPaths, options);
    await mapLimit(
      misses,
      this.options.fillConcurrency ?? 8,
      async (index, k) => {
        const data = fetched[k];
        found[index] = data;
        if (data !== undefined) await this.fill(paths[index] as string, data, options.signal);
      },
      options.signal,
    );
    return found;
  }

  async write(path: string, data: Uint8Array, options: WriteOptions = {}): Promise<number> {
    checkPath(path, { allowRoot: false });
    const written = await this.remote.write(path, data, options);
    // Skipped on the remote (the file exists there): the local copy, if any,
    // already matches it, since the file is write-once.
    if (written === 0) return 0;
    try {
      await this.local.write(path, data, { force: true, signal: options.signal });
    } catch (err) {
      // An older local copy must not outlive a forced write.
      await this.evict([path]);
      this.options.onCacheError?.(err, path);
    }
    return written;
  }

  async rm(path: string, options: RemoveOptions = {}): Promise<void> {
    checkPath(path, { allowRoot: options.recursive === true });
    try {
      await this.remote.rm(path, options);
    } catch (err) {
      // Another client removed it: a local copy is stale, clear it on the way.
      if (err instanceof NotFoundError) await this.dropLocal(path, options.signal).catch(() => {});
      throw err;
    }
    await this.dropLocal(path, options.signal);
  }

  async rmMany(paths: readonly string[], options: { signal?: AbortSignal } = {}): Promise<void> {
    for (const p of paths) checkPath(p, { allowRoot: false });
    await this.remote.rmMany(paths, options);
    await this.evict(paths);
  }

  async mv(from: string, to: string, options: MoveOptions = {}): Promise<void> {
    checkPath(from, { allowRoot: false });
    checkPath(to, { allowRoot: false });
    await this.remote.mv(from, to, options);
    if (from === to) return;
    // Dropping both local copies is always right, whatever the local layer
    // held; the moved file is fetched again on its next read.
    await this.evict([from, to]);
  }

  cd(path: string): Pod {
    checkPath(path);
    if (path === '') return this;
    return new CachePod(this.local.cd(path), this.remote.cd(path), this.options);
  }

  /** Copies a file just read from the remote into the local layer; failures only cost a future miss. */
  private async fill(path: string, data: Uint8Array, signal: AbortSignal | undefined) {
    try {
      // Without force: a concurrent write through this cache may already have
      // put a newer copy there.
      await this.local.write(path, data, { signal });
    } catch (err) {
      this.options.onCacheError?.(err, path);
    }
  }

  /** Removes a local file or folder; when that fails the cache could serve stale files. */
  private async dropLocal(path: string, signal: AbortSignal | undefined): Promise<void> {
    try {
      await this.local.rm(path, { recursive: true, missingOk: true, signal });
    } catch (err) {
      throw staleError(path, err);
    }
  }

  /** Removes local copies; when that fails the cache could serve stale files, so it is an error. */
  private async evict(paths: readonly string[]): Promise<void> {
    try {
      await this.local.rmMany(paths);
    } catch (err) {
      throw staleError(paths.join(', '), err);
    }
  }
}

function isPod(value: unknown): value is Pod {
  return typeof (value as Pod | undefined)?.read === 'function';
}

function staleError(path: string, cause: unknown): PodOperationError {
  return new PodOperationError(
    path,
    `'${path}' was changed on the remote but its copy in the local cache layer could not be removed: clear the cache before reading it again`,
    { cause },
  );
}
