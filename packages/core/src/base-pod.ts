import { mapLimit } from './concurrency.js';
import { NotFoundError, PodOperationError, throwIfAborted } from './errors.js';
import { checkPath, compareCodePoints, joinPath } from './path.js';
import type {
  ListOptions,
  MoveOptions,
  Pod,
  PodCapabilities,
  ReadManyOptions,
  ReadOptions,
  RemoveOptions,
  WalkOptions,
  WriteOptions,
} from './pod.js';
import { SubPod } from './sub-pod.js';

/** One entry of a folder listing. */
export interface PodEntry {
  name: string;
  /** True for a folder (a common prefix on object stores). */
  folder: boolean;
}

/**
 * A base class for backends: it validates every path before any I/O, handles
 * `missingOk`, sorting, bulk forms and walking, so a backend implements a few
 * primitives over already-checked paths. Paths handed to the primitives are
 * clean and relative to the pod's root ('' is the root).
 */
export abstract class BasePod implements Pod {
  abstract readonly protocol: string;
  abstract readonly capabilities: PodCapabilities;
  /** How many requests the default bulk forms keep in flight. */
  protected parallelism = 16;

  /** Entries directly inside a folder, or `undefined` when the folder does not exist. */
  protected abstract listEntries(
    path: string,
    signal?: AbortSignal,
  ): Promise<PodEntry[] | undefined>;
  /** A file's bytes; throws `NotFoundError` when missing. */
  protected abstract readFile(path: string, signal?: AbortSignal): Promise<Uint8Array>;
  /** Writes a file (creating parents); returns false when skipped because it exists and `force` is off. */
  protected abstract writeFile(
    path: string,
    data: Uint8Array,
    force: boolean,
    signal?: AbortSignal,
  ): Promise<boolean>;
  /** Removes a file; returns false when it did not exist. */
  protected abstract removeFile(path: string, signal?: AbortSignal): Promise<boolean>;
  /** Removes a folder and its content; returns false when it did not exist. */
  protected abstract removeFolder(path: string, signal?: AbortSignal): Promise<boolean>;
  /** Renames a file, replacing the destination; throws `NotFoundError` when the source is missing. */
  protected abstract moveFile(from: string, to: string, signal?: AbortSignal): Promise<void>;
  /** True when `path` is an existing file. */
  protected abstract fileExists(path: string, signal?: AbortSignal): Promise<boolean>;

  async ls(path = '', options: ListOptions = {}): Promise<string[]> {
    checkPath(path);
    throwIfAborted(options.signal);
    const entries = await this.listEntries(path, options.signal);
    if (entries === undefined) {
      // The root always exists, even before the first write.
      if (options.missingOk || path === '') return [];
      throw new NotFoundError(path, { message: `No such folder: '${path}'` });
    }
    return [...new Set(entries.map((e) => e.name))].sort(compareCodePoints);
  }

  async read(path: string, options: ReadOptions = {}): Promise<Uint8Array> {
    checkPath(path, { allowRoot: false });
    throwIfAborted(options.signal);
    return this.readFile(path, options.signal);
  }

  async readMany(
    paths: readonly string[],
    options: ReadManyOptions = {},
  ): Promise<(Uint8Array | undefined)[]> {
    for (const p of paths) checkPath(p, { allowRoot: false });
    return mapLimit(
      paths,
      this.parallelism,
      async (p) => {
        try {
          return await this.readFile(p, options.signal);
        } catch (err) {
          if (options.missingOk && err instanceof NotFoundError) return undefined;
          throw err;
        }
      },
      options.signal,
    );
  }

  async write(path: string, data: Uint8Array, options: WriteOptions = {}): Promise<number> {
    checkPath(path, { allowRoot: false });
    if (!(data instanceof Uint8Array)) {
      throw new TypeError(`write('${path}'): data must be a Uint8Array, got ${typeof data}`);
    }
    throwIfAborted(options.signal);
    const written = await this.writeFile(path, data, options.force ?? false, options.signal);
    return written ? data.byteLength : 0;
  }

  async isFile(path: string, options: ReadOptions = {}): Promise<boolean> {
    checkPath(path, { allowRoot: false });
    throwIfAborted(options.signal);
    return this.fileExists(path, options.signal);
  }

  async rm(path: string, options: RemoveOptions = {}): Promise<void> {
    checkPath(path, { allowRoot: options.recursive === true });
    throwIfAborted(options.signal);
    if (options.recursive) {
      const removedFile = path !== '' && (await this.removeFile(path, options.signal));
      const removedFolder = await this.removeFolder(path, options.signal);
      if (removedFile || removedFolder || options.missingOk || path === '') return;
      throw new NotFoundError(path);
    }
    if (await this.removeFile(path, options.signal)) return;
    if ((await this.listEntries(path, options.signal)) !== undefined) {
      throw new PodOperationError(
        path,
        `'${path}' is a folder: pass { recursive: true } to remove it with its content`,
      );
    }
    if (!options.missingOk) throw new NotFoundError(path);
  }

  async rmMany(paths: readonly string[], options: { signal?: AbortSignal } = {}): Promise<void> {
    for (const p of paths) checkPath(p, { allowRoot: false });
    await mapLimit(
      paths,
      this.parallelism,
      (p) => this.removeFile(p, options.signal),
      options.signal,
    );
  }

  async mv(from: string, to: string, options: MoveOptions = {}): Promise<void> {
    checkPath(from, { allowRoot: false });
    checkPath(to, { allowRoot: false });
    throwIfAborted(options.signal);
    if (from === to) {
      if (!(await this.fileExists(from, options.signal))) throw new NotFoundError(from);
      return;
    }
    await this.moveFile(from, to, options.signal);
  }

  async *walk(path = '', options: WalkOptions = {}): AsyncIterable<string> {
    checkPath(path);
    const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
    yield* this.walkFrom(path, maxDepth, options.signal);
  }

  private async *walkFrom(
    path: string,
    depth: number,
    signal: AbortSignal | undefined,
  ): AsyncIterable<string> {
    if (depth < 1) return;
    throwIfAborted(signal);
    const entries = (await this.listEntries(path, signal)) ?? [];
    entries.sort(
      (a, b) => compareCodePoints(a.name, b.name) || Number(a.folder) - Number(b.folder),
    );
    for (const entry of entries) {
      const child = joinPath(path, entry.name);
      if (entry.folder) yield* this.walkFrom(child, depth - 1, signal);
      else yield child;
    }
  }

  cd(path: string): Pod {
    checkPath(path);
    return path === '' ? this : new SubPod(this, path);
  }
}
