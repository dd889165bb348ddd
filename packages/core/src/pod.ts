/**
 * The Pod contract: what a storage backend implements. A pod knows bytes and
 * relative POSIX paths (`aa/bb/name`), never schemas or commits.
 */

/** What a backend can guarantee; declared by the pod, never guessed. */
export interface PodCapabilities {
  /**
   * Write-once holds under concurrent writers: when two writers race on the
   * same new path without `force`, exactly one write lands (e.g. `link()` on a
   * folder, `If-None-Match: *` on S3). Without it, the last writer may win.
   */
  readonly conditionalWrite: boolean;
  /** A reader sees a whole file or none, never a partial one. */
  readonly atomicWrite: boolean;
  /** `mv` is a single atomic operation (rename) rather than copy + delete. */
  readonly atomicMove: boolean;
  /** Data outlives the process (false for memory). */
  readonly persistent: boolean;
  /** Files may disappear on their own (a size-bounded cache evicts them). */
  readonly evicts: boolean;
}

export interface ListOptions {
  /** Return `[]` instead of throwing when the folder does not exist. */
  missingOk?: boolean;
  signal?: AbortSignal;
}

export interface ReadOptions {
  signal?: AbortSignal;
}

export interface ReadManyOptions extends ReadOptions {
  /** Give `undefined` for missing paths instead of throwing. */
  missingOk?: boolean;
}

export interface WriteOptions {
  /** Overwrite an existing file (writes are write-once otherwise). */
  force?: boolean;
  signal?: AbortSignal;
}

export interface RemoveOptions {
  /** Remove a folder and everything below it. */
  recursive?: boolean;
  /** Do nothing instead of throwing when the path does not exist. */
  missingOk?: boolean;
  signal?: AbortSignal;
}

export interface MoveOptions {
  signal?: AbortSignal;
}

export interface WalkOptions {
  /** 1 lists the folder's own files; undefined walks the whole tree. */
  maxDepth?: number;
  signal?: AbortSignal;
}

export interface SweepOptions {
  /**
   * Only leftovers at least this old are removed (milliseconds, by their
   * modification time). A younger one may belong to a write still in
   * progress: give at least the longest time a write may take.
   */
  olderThanMs: number;
  /** Sweep only below this folder (default: the whole pod). */
  path?: string;
  signal?: AbortSignal;
}

export interface Pod {
  /** Short backend name, as in URIs: `memory`, `file`, `s3`, `gcs`, `azure`, `http`, `cache`. */
  readonly protocol: string;
  readonly capabilities: PodCapabilities;

  /** Names (not paths) of the files and folders directly inside `path`, sorted by code point. */
  ls(path?: string, options?: ListOptions): Promise<string[]>;
  /** The whole content of a file; `NotFoundError` when it does not exist. */
  read(path: string, options?: ReadOptions): Promise<Uint8Array>;
  /** Reads several files; backends that can batch or parallelise do better than a loop. */
  readMany(
    paths: readonly string[],
    options?: ReadManyOptions,
  ): Promise<(Uint8Array | undefined)[]>;
  /**
   * Writes a file and its parent folders. Write-once: when the file exists and
   * `force` is not set, nothing is written. Returns the number of bytes written
   * (0 when skipped).
   */
  write(path: string, data: Uint8Array, options?: WriteOptions): Promise<number>;
  /** True when `path` is an existing file. */
  isFile(path: string, options?: ReadOptions): Promise<boolean>;
  /** Removes a file, or a folder with `recursive`. */
  rm(path: string, options?: RemoveOptions): Promise<void>;
  /** Removes several files; missing ones are ignored. */
  rmMany(paths: readonly string[], options?: { signal?: AbortSignal }): Promise<void>;
  /** Renames a file, replacing the destination if it exists. */
  mv(from: string, to: string, options?: MoveOptions): Promise<void>;
  /** Relative paths of the files below `path`, depth first in name order. */
  walk(path?: string, options?: WalkOptions): AsyncIterable<string>;
  /** A pod confined to the folder `path` of this one. */
  cd(path: string): Pod;
  /**
   * Removes the leftovers of interrupted writes (the temp files of a writer
   * killed mid-write) below `options.path` that are `olderThanMs` old or
   * older; returns how many were removed. Never removes a file that listings
   * show. `Repo.gc()` calls it with its grace period.
   *
   * Optional, and absent rather than a no-op where there is nothing to do:
   * stores whose uploads are atomic (memory, S3, GCS, Azure) leave no
   * leftovers a client could see or remove, and a client of a server
   * (`http`) cannot reach the server's files. Wrappers define it only when
   * the pod they wrap does, so `pod.sweep === undefined` says there is
   * nothing to sweep.
   */
  sweep?(options: SweepOptions): Promise<number>;
}

/**
 * The required methods of the Pod interface, to check that an object is a
 * pod. The optional `sweep` is not among them.
 */
export const POD_METHODS = [
  'ls',
  'read',
  'readMany',
  'write',
  'isFile',
  'rm',
  'rmMany',
  'mv',
  'walk',
  'cd',
] as const satisfies readonly (keyof Pod)[];
