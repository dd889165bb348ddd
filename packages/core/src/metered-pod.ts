import { joinPath } from './path.js';
import type {
  ListOptions,
  MoveOptions,
  Pod,
  ReadManyOptions,
  ReadOptions,
  RemoveOptions,
  SweepOptions,
  WalkOptions,
  WriteOptions,
} from './pod.js';

export type OperationKind = 'list' | 'read' | 'write' | 'remove' | 'move' | 'stat';

export interface OperationRecord {
  kind: OperationKind;
  /** Path relative to the metered pod's root. */
  path: string;
  /** Bytes read or written (0 for the others). */
  bytes: number;
  /** Wall-clock duration in milliseconds. */
  ms: number;
  /** Set when the operation failed. */
  error?: unknown;
}

export interface OperationStats {
  count: number;
  bytes: number;
  errors: number;
}

/** Counters shared by a metered pod and every sub-pod `cd()` makes of it. */
export class PodMetrics {
  readonly byKind = new Map<OperationKind, OperationStats>();

  record(op: OperationRecord): void {
    let s = this.byKind.get(op.kind);
    if (!s) {
      s = { count: 0, bytes: 0, errors: 0 };
      this.byKind.set(op.kind, s);
    }
    s.count++;
    s.bytes += op.bytes;
    if (op.error !== undefined) s.errors++;
  }

  get(kind: OperationKind): OperationStats {
    return this.byKind.get(kind) ?? { count: 0, bytes: 0, errors: 0 };
  }

  /** Plain object with one entry per kind seen, for printing or JSON. */
  snapshot(): Record<string, OperationStats> {
    return Object.fromEntries([...this.byKind].map(([k, v]) => [k, { ...v }]));
  }

  reset(): void {
    this.byKind.clear();
  }
}

export interface MeteredPodOptions {
  /** Called after every operation, e.g. to log LIST/READ/WRITE/REMOVE lines (`lakota -v`). */
  onOperation?: (op: OperationRecord) => void;
  metrics?: PodMetrics;
}

/**
 * Wraps a pod, counting operations and bytes per kind, and optionally
 * reporting each operation. The CLI's `-v` and `--metrics` use it.
 */
export class MeteredPod implements Pod {
  readonly protocol: string;
  readonly capabilities;
  readonly metrics: PodMetrics;
  /** The inner pod's sweep, counted as one `remove` of the folder swept; absent when the inner pod has none. */
  declare readonly sweep?: (options: SweepOptions) => Promise<number>;
  private readonly onOperation: ((op: OperationRecord) => void) | undefined;

  constructor(
    readonly inner: Pod,
    options: MeteredPodOptions = {},
    private readonly prefix = '',
  ) {
    this.protocol = inner.protocol;
    this.capabilities = inner.capabilities;
    this.metrics = options.metrics ?? new PodMetrics();
    this.onOperation = options.onOperation;
    const sweep = inner.sweep?.bind(inner);
    if (sweep) {
      this.sweep = (opts) => this.track('remove', opts.path ?? '', () => sweep(opts));
    }
  }

  private async track<T>(
    kind: OperationKind,
    path: string,
    fn: () => Promise<T>,
    bytesOf: (result: T) => number = () => 0,
  ): Promise<T> {
    const t0 = performance.now();
    const fullPath = joinPath(this.prefix, path);
    try {
      const result = await fn();
      this.emit({ kind, path: fullPath, bytes: bytesOf(result), ms: performance.now() - t0 });
      return result;
    } catch (error) {
      this.emit({ kind, path: fullPath, bytes: 0, ms: performance.now() - t0, error });
      throw error;
    }
  }

  private emit(op: OperationRecord): void {
    this.metrics.record(op);
    this.onOperation?.(op);
  }

  ls(path = '', options?: ListOptions) {
    return this.track('list', path, () => this.inner.ls(path, options));
  }
  read(path: string, options?: ReadOptions) {
    return this.track(
      'read',
      path,
      () => this.inner.read(path, options),
      (b) => b.byteLength,
    );
  }
  async readMany(paths: readonly string[], options?: ReadManyOptions) {
    // One call, so the backend keeps its batching and its bound on requests
    // in flight; counted per file so that metrics do not depend on it.
    const t0 = performance.now();
    try {
      const results = await this.inner.readMany(paths, options);
      const ms = performance.now() - t0;
      paths.forEach((p, i) => {
        this.emit({
          kind: 'read',
          path: joinPath(this.prefix, p),
          bytes: results[i]?.byteLength ?? 0,
          ms,
        });
      });
      return results;
    } catch (error) {
      const ms = performance.now() - t0;
      for (const p of paths)
        this.emit({ kind: 'read', path: joinPath(this.prefix, p), bytes: 0, ms, error });
      throw error;
    }
  }
  write(path: string, data: Uint8Array, options?: WriteOptions) {
    return this.track(
      'write',
      path,
      () => this.inner.write(path, data, options),
      (n) => n,
    );
  }
  isFile(path: string, options?: ReadOptions) {
    return this.track('stat', path, () => this.inner.isFile(path, options));
  }
  rm(path: string, options?: RemoveOptions) {
    return this.track('remove', path, () => this.inner.rm(path, options));
  }
  rmMany(paths: readonly string[], options?: { signal?: AbortSignal }) {
    return this.track(
      'remove',
      paths.length === 1 ? (paths[0] as string) : `${paths.length} files`,
      () => this.inner.rmMany(paths, options),
    );
  }
  mv(from: string, to: string, options?: MoveOptions) {
    return this.track('move', `${from} -> ${to}`, () => this.inner.mv(from, to, options));
  }
  async *walk(path = '', options?: WalkOptions): AsyncIterable<string> {
    const t0 = performance.now();
    let failure: { error: unknown } | undefined;
    try {
      yield* this.inner.walk(path, options);
    } catch (error) {
      failure = { error };
      throw error;
    } finally {
      // Also reached when the caller stops iterating early.
      this.emit({
        kind: 'list',
        path: joinPath(this.prefix, path),
        bytes: 0,
        ms: performance.now() - t0,
        ...(failure ? { error: failure.error } : {}),
      });
    }
  }
  cd(path: string): Pod {
    return new MeteredPod(
      this.inner.cd(path),
      { metrics: this.metrics, ...(this.onOperation ? { onOperation: this.onOperation } : {}) },
      joinPath(this.prefix, path),
    );
  }
}
