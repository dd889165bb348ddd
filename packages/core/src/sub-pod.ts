import { NotFoundError, PodOperationError } from './errors.js';
import { checkPath, joinPath } from './path.js';
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

/**
 * A pod confined to a folder of another pod (what `cd()` returns). Paths are
 * checked here, so a sub-pod can never reach outside its folder, and paths in
 * its results and errors are relative to it.
 */
export class SubPod implements Pod {
  readonly protocol: string;
  readonly capabilities;
  /**
   * Sweeps this sub-pod's folder only, never the whole parent: a sub-pod
   * never reaches outside its folder, and a sibling folder may hold another
   * repository whose writes take longer than this one's grace period.
   * Defined only when the parent has `sweep`.
   */
  declare readonly sweep?: (options: SweepOptions) => Promise<number>;

  constructor(
    readonly parent: Pod,
    readonly prefix: string,
  ) {
    checkPath(prefix, { allowRoot: false });
    this.protocol = parent.protocol;
    this.capabilities = parent.capabilities;
    const sweep = parent.sweep?.bind(parent);
    if (sweep) {
      this.sweep = (options) =>
        this.call(() => sweep({ ...options, path: this.full(options.path ?? '') }));
    }
  }

  private full(path: string, allowRoot = true): string {
    return joinPath(this.prefix, checkPath(path, { allowRoot }));
  }

  private relative(err: unknown): unknown {
    if (err instanceof NotFoundError && err.path.startsWith(`${this.prefix}/`)) {
      return new NotFoundError(err.path.slice(this.prefix.length + 1), { cause: err });
    }
    if (err instanceof PodOperationError && err.path.startsWith(`${this.prefix}/`)) {
      const path = err.path.slice(this.prefix.length + 1);
      return new PodOperationError(path, err.message.replaceAll(err.path, path), { cause: err });
    }
    return err;
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw this.relative(err);
    }
  }

  async ls(path = '', options: ListOptions = {}) {
    // The sub-pod's own root exists even before its folder is created.
    const opts = path === '' ? { ...options, missingOk: true } : options;
    return this.call(() => this.parent.ls(this.full(path), opts));
  }
  async read(path: string, options?: ReadOptions) {
    return this.call(() => this.parent.read(this.full(path, false), options));
  }
  // Bulk forms map their paths inside call(): an invalid one must reject the
  // promise, not throw before a promise exists.
  readMany(paths: readonly string[], options?: ReadManyOptions) {
    return this.call(() =>
      this.parent.readMany(
        paths.map((p) => this.full(p, false)),
        options,
      ),
    );
  }
  async write(path: string, data: Uint8Array, options?: WriteOptions) {
    return this.call(() => this.parent.write(this.full(path, false), data, options));
  }
  async isFile(path: string, options?: ReadOptions) {
    return this.call(() => this.parent.isFile(this.full(path, false), options));
  }
  rm(path: string, options: RemoveOptions = {}) {
    const opts = path === '' ? { ...options, missingOk: true } : options;
    return this.call(() => this.parent.rm(this.full(path, options.recursive === true), opts));
  }
  rmMany(paths: readonly string[], options?: { signal?: AbortSignal }) {
    return this.call(() =>
      this.parent.rmMany(
        paths.map((p) => this.full(p, false)),
        options,
      ),
    );
  }
  async mv(from: string, to: string, options?: MoveOptions) {
    return this.call(() => this.parent.mv(this.full(from, false), this.full(to, false), options));
  }
  async *walk(path = '', options?: WalkOptions): AsyncIterable<string> {
    const cut = this.prefix.length + 1;
    for await (const p of this.parent.walk(this.full(path), options)) yield p.slice(cut);
  }
  cd(path: string): Pod {
    checkPath(path);
    return path === '' ? this : new SubPod(this.parent, joinPath(this.prefix, path));
  }
}
