import type { Dirent } from 'node:fs';
import {
  link,
  lstat,
  mkdir,
  open,
  readdir,
  readFile,
  realpath,
  rename,
  rm,
  rmdir,
  stat,
  unlink,
} from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  BasePod,
  checkPath,
  InvalidPathError,
  mapLimit,
  NotFoundError,
  PermissionError,
  type PodCapabilities,
  type PodEntry,
  PodOperationError,
  type SweepOptions,
  splitPath,
  TransientError,
  throwIfAborted,
} from '@lakota/core';
import { isInside } from './confinement.js';
import { errnoCode, isMissing, toPodError } from './fs-errors.js';
import { isTempName, TEMP_PREFIX, tempName } from './temp-name.js';

export interface FsPodOptions {
  /** The folder holding the pod's files; created on the first write. */
  root: string;
  /**
   * Flush each file to the disk before publishing it, so it survives a power
   * loss and not only a process crash. Slower; off by default.
   */
  fsync?: boolean;
}

/**
 * How many times a write or a move starts over when another process removes
 * the folder it is writing into (pruning an emptied folder, `rm -r`).
 */
const ATTEMPTS = 10;

/**
 * A pod over a local folder.
 *
 * A write goes to a hidden temp file beside its target and is then published
 * under its name: by `link()` for a write-once write, which fails if the name
 * exists, even when another process wins the race; by `rename()` for a forced
 * one. Readers thus see a whole file or none. Folders exist while they hold
 * files: removing a folder's last file removes the folder.
 *
 * Every path is resolved with `realpath` before use and must stay below the
 * root's own real path, so a symbolic link leading out of the root is refused
 * with a `PermissionError` rather than followed.
 */
export class FsPod extends BasePod {
  readonly protocol = 'file';
  readonly capabilities: PodCapabilities = {
    conditionalWrite: true,
    atomicWrite: true,
    atomicMove: true,
    persistent: true,
    evicts: false,
  };
  /** Absolute path of the root folder, as given (not resolved through links). */
  readonly root: string;
  readonly fsync: boolean;
  /** The root's realpath, cached once the root exists: confinement checks compare against it. */
  private realRoot: string | undefined;

  constructor(rootOrOptions: string | FsPodOptions) {
    super();
    const options = typeof rootOrOptions === 'string' ? { root: rootOrOptions } : rootOrOptions;
    if (typeof options?.root !== 'string' || options.root === '') {
      throw new TypeError('FsPod needs the path of its root folder, e.g. new FsPod("./repo")');
    }
    this.root = resolve(options.root);
    this.fsync = options.fsync ?? false;
  }

  private abs(rel: string): string {
    return rel === '' ? this.root : `${this.root}/${rel}`;
  }

  private async rootReal(): Promise<string> {
    if (this.realRoot !== undefined) return this.realRoot;
    try {
      const real = await realpath(this.root);
      // A mistyped root that names a file must not read as an empty repository.
      if (!(await stat(real)).isDirectory()) {
        throw new PodOperationError(
          '',
          `The root of this folder pod, '${this.root}', is a file, not a folder: give the path of the repository's folder instead (a folder that does not exist yet is created on the first write)`,
        );
      }
      this.realRoot = real;
      return this.realRoot;
    } catch (err) {
      if (err instanceof PodOperationError) throw err;
      if (errnoCode(err) === 'ENOTDIR') {
        throw new PodOperationError(
          '',
          `The root of this folder pod, '${this.root}', cannot be a folder: a file stands in its path. Give the path of the repository's folder instead`,
          { cause: err },
        );
      }
      // Not created yet: nothing below it can exist either.
      if (errnoCode(err) === 'ENOENT') return this.root;
      throw toPodError(err, '', 'open the root folder of');
    }
  }

  /**
   * Called when a path below the root is missing (ENOENT, ENOTDIR): when the
   * root itself is a file, every path below it is "missing" with ENOTDIR, so
   * the root is checked, once, and a file refused rather than read as an
   * empty repository. Once the root is known to be a folder this costs
   * nothing, so hot reads pay no extra system call.
   */
  private async checkRootOnMiss(): Promise<void> {
    if (this.realRoot === undefined) await this.rootReal();
  }

  /**
   * The real path of `rel`, or undefined when it does not exist. Throws a
   * PermissionError when a symbolic link takes it out of the root.
   */
  private async resolveInside(rel: string, action: string): Promise<string | undefined> {
    if (rel === '') return this.rootReal();
    let real: string;
    try {
      real = await realpath(this.abs(rel));
    } catch (err) {
      if (isMissing(err)) {
        await this.checkRootOnMiss();
        return undefined;
      }
      throw toPodError(err, rel, action);
    }
    if (!isInside(real, await this.rootReal())) {
      throw new PermissionError(rel, {
        message: `Cannot ${action} '${rel}': a symbolic link leads it out of the pod's folder ${this.root} (to ${real}). The folder pod never follows links out of its root; remove the link or open a pod on the target.`,
      });
    }
    return real;
  }

  /**
   * Creates the folder `dirRel` with its parents. `mkdir -p` would follow a
   * link in the part of the path that exists, so that part is resolved and
   * checked first. A folder removed concurrently is left to the caller's retry.
   */
  private async makeFolder(dirRel: string, forPath: string): Promise<void> {
    let existing = splitPath(dirRel)[0];
    while (existing !== '' && (await this.resolveInside(existing, 'write')) === undefined) {
      existing = splitPath(existing)[0];
    }
    try {
      await mkdir(this.abs(dirRel), { recursive: true });
    } catch (err) {
      const code = errnoCode(err);
      if (code === 'ENOENT') return;
      if (code === 'ENOTDIR' || code === 'EEXIST') {
        throw new PodOperationError(
          forPath,
          `Cannot write '${forPath}': a file stands where a folder of its path should be ('${dirRel}' or above).`,
          { cause: err },
        );
      }
      throw toPodError(err, forPath, 'write');
    }
  }

  /** Removes `dir` and its parents while they are empty, stopping at the root. */
  private async prune(dir: string): Promise<void> {
    const root = await this.rootReal();
    let current = dir;
    while (current !== root && isInside(current, root)) {
      try {
        await rmdir(current);
      } catch {
        // Not empty (or already gone, or a writer's temp file is in it): stop.
        return;
      }
      current = dirname(current);
    }
  }

  protected async listEntries(path: string): Promise<PodEntry[] | undefined> {
    const dir = await this.resolveInside(path, 'list');
    if (dir === undefined) return undefined;
    let dirents: Dirent[];
    try {
      dirents = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw toPodError(err, path, 'list');
    }
    const entries: PodEntry[] = [];
    for (const d of dirents) {
      if (isTempName(d.name)) continue;
      if (d.isDirectory()) entries.push({ name: d.name, folder: true });
      else if (d.isFile()) entries.push({ name: d.name, folder: false });
      else {
        const kind = await this.kindOf(`${dir}/${d.name}`);
        if (kind !== undefined) entries.push({ name: d.name, folder: kind === 'folder' });
      }
    }
    return entries;
  }

  /**
   * What a link (or an entry of a file system that reports no types) is.
   * Links leading out of the root, dangling links, sockets and the like are
   * not part of the pod: undefined, so listings and walks skip them.
   */
  private async kindOf(abs: string): Promise<'file' | 'folder' | undefined> {
    try {
      const real = await realpath(abs);
      if (!isInside(real, await this.rootReal())) return undefined;
      const st = await stat(real);
      return st.isDirectory() ? 'folder' : st.isFile() ? 'file' : undefined;
    } catch {
      return undefined;
    }
  }

  protected async readFile(path: string, signal?: AbortSignal): Promise<Uint8Array> {
    const real = await this.resolveInside(path, 'read');
    if (real === undefined) throw new NotFoundError(path);
    try {
      const buf = await readFile(real, signal ? { signal } : undefined);
      // A plain Uint8Array view: Buffer's slice() shares memory where Uint8Array's copies.
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (err) {
      if (errnoCode(err) === 'EISDIR') {
        throw new NotFoundError(path, {
          cause: err,
          message: `No such file: '${path}' is a folder`,
        });
      }
      throw toPodError(err, path, 'read');
    }
  }

  protected async writeFile(
    path: string,
    data: Uint8Array,
    force: boolean,
    signal?: AbortSignal,
  ): Promise<boolean> {
    const [dirRel, name] = splitPath(path);
    if (isTempName(name)) {
      throw new InvalidPathError(
        path,
        `names starting with '${TEMP_PREFIX}' are reserved for the folder pod's temp files`,
      );
    }
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const dir = await this.resolveInside(dirRel, 'write');
      const outcome =
        dir === undefined ? undefined : await this.publish(dir, name, data, force, path, signal);
      if (outcome !== undefined) return outcome;
      await this.makeFolder(dirRel, path);
    }
    throw new TransientError(
      `Cannot write '${path}': its folder was removed by another writer ${ATTEMPTS} times in a row. Retry.`,
    );
  }

  /**
   * Writes `data` to a temp file in the real folder `dir`, then publishes it
   * as `name`. Returns whether it was written, or undefined when the folder
   * does not exist (any more).
   */
  private async publish(
    dir: string,
    name: string,
    data: Uint8Array,
    force: boolean,
    path: string,
    signal: AbortSignal | undefined,
  ): Promise<boolean | undefined> {
    const tmp = `${dir}/${tempName()}`;
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(tmp, 'wx');
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return undefined;
      if (errnoCode(err) === 'ENOTDIR') {
        throw new PodOperationError(
          path,
          `Cannot write '${path}': a file stands where a folder of its path should be.`,
          {
            cause: err,
          },
        );
      }
      throw toPodError(err, path, 'write');
    }
    let tmpExists = true;
    try {
      try {
        await handle.writeFile(data, signal ? { signal } : undefined);
        if (this.fsync) await handle.sync();
      } finally {
        await handle.close();
      }
      const target = `${dir}/${name}`;
      if (force) {
        await rename(tmp, target);
        tmpExists = false;
        return true;
      }
      try {
        await link(tmp, target);
        return true;
      } catch (err) {
        if (errnoCode(err) !== 'EEXIST') throw err;
        // Write-once found the name taken; a folder by that name is an error, not a skip.
        if ((await lstat(target).catch(() => undefined))?.isDirectory()) {
          throw new PodOperationError(path, `Cannot write '${path}': it is a folder.`, {
            cause: err,
          });
        }
        return false;
      }
    } catch (err) {
      const code = errnoCode(err);
      // The folder was removed under us, taking the temp file: start over.
      if (code === 'ENOENT') return undefined;
      if (code === 'EISDIR' || code === 'ENOTEMPTY' || code === 'EEXIST') {
        throw new PodOperationError(path, `Cannot write '${path}': it is a folder.`, {
          cause: err,
        });
      }
      await this.prune(dir);
      throw toPodError(err, path, 'write');
    } finally {
      if (tmpExists) await unlink(tmp).catch(() => {});
    }
  }

  protected async fileExists(path: string): Promise<boolean> {
    try {
      if (!(await stat(this.abs(path))).isFile()) return false;
    } catch (err) {
      if (isMissing(err)) {
        await this.checkRootOnMiss();
        return false;
      }
      throw toPodError(err, path, 'check');
    }
    // Only a file that exists can lie outside: the cheap stat comes first.
    return (await this.resolveInside(path, 'check')) !== undefined;
  }

  protected async removeFile(path: string): Promise<boolean> {
    const [dirRel, name] = splitPath(path);
    const dir = await this.resolveInside(dirRel, 'remove');
    if (dir === undefined) return false;
    const target = `${dir}/${name}`;
    try {
      await unlink(target);
    } catch (err) {
      const code = errnoCode(err);
      if (isMissing(err) || code === 'EISDIR') return false;
      // macOS answers EPERM, not EISDIR, for a folder.
      if (code === 'EPERM' && (await lstat(target).catch(() => undefined))?.isDirectory())
        return false;
      throw toPodError(err, path, 'remove');
    }
    await this.prune(dir);
    return true;
  }

  protected async removeFolder(path: string): Promise<boolean> {
    if (path === '') return this.emptyRoot();
    const [dirRel, name] = splitPath(path);
    const parent = await this.resolveInside(dirRel, 'remove');
    if (parent === undefined) return false;
    const target = `${parent}/${name}`;
    // lstat: a link is removed as a file by removeFile, never followed here.
    const st = await lstat(target).catch(() => undefined);
    if (!st?.isDirectory()) return false;
    try {
      await rm(target, { recursive: true, force: true, maxRetries: 3 });
    } catch (err) {
      throw toPodError(err, path, 'remove');
    }
    await this.prune(parent);
    return true;
  }

  /** Removes everything inside the root, keeping the root folder itself. */
  private async emptyRoot(): Promise<boolean> {
    let names: string[];
    try {
      names = await readdir(this.root);
    } catch (err) {
      if (isMissing(err)) {
        await this.checkRootOnMiss();
        return false;
      }
      throw toPodError(err, '', 'remove the content of');
    }
    try {
      await Promise.all(
        names.map((n) => rm(`${this.root}/${n}`, { recursive: true, force: true, maxRetries: 3 })),
      );
    } catch (err) {
      throw toPodError(err, '', 'remove the content of');
    }
    return true;
  }

  protected async moveFile(from: string, to: string): Promise<void> {
    const [toDir, toName] = splitPath(to);
    if (isTempName(toName)) {
      throw new InvalidPathError(
        to,
        `names starting with '${TEMP_PREFIX}' are reserved for the folder pod's temp files`,
      );
    }
    const [fromDir, fromName] = splitPath(from);
    const srcDir = await this.resolveInside(fromDir, 'move');
    if (srcDir === undefined) throw new NotFoundError(from);
    const src = `${srcDir}/${fromName}`;
    const srcStat = await lstat(src).catch((err) => {
      throw isMissing(err)
        ? new NotFoundError(from, { cause: err })
        : toPodError(err, from, 'move');
    });
    if (srcStat.isDirectory()) {
      throw new PodOperationError(
        from,
        `Cannot move '${from}': it is a folder, and mv moves files.`,
      );
    }
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const dstDir = await this.resolveInside(toDir, 'move');
      if (dstDir === undefined) {
        await this.makeFolder(toDir, to);
        continue;
      }
      try {
        await rename(src, `${dstDir}/${toName}`);
      } catch (err) {
        const code = errnoCode(err);
        if (code === 'ENOENT') {
          if (!(await lstat(src).catch(() => undefined)))
            throw new NotFoundError(from, { cause: err });
          continue;
        }
        if (code === 'EISDIR' || code === 'ENOTEMPTY' || code === 'EEXIST') {
          throw new PodOperationError(to, `Cannot move '${from}' onto '${to}': it is a folder.`, {
            cause: err,
          });
        }
        if (code === 'ENOTDIR') {
          throw new PodOperationError(
            to,
            `Cannot move '${from}' to '${to}': a file stands where a folder of its path should be.`,
            { cause: err },
          );
        }
        throw toPodError(err, from, 'move');
      }
      await this.prune(srcDir);
      return;
    }
    throw new TransientError(
      `Cannot move '${from}' to '${to}': the destination folder was removed by another writer ${ATTEMPTS} times in a row. Retry.`,
    );
  }

  /**
   * Removes the temp files of interrupted writes below `path` (a writer
   * killed between creating its temp file and publishing it) whose last
   * change is `olderThanMs` old or older, and the folders that leaves empty;
   * returns how many temp files it removed. A write in progress publishes
   * its temp file right after writing it, so that file stays younger than
   * any sensible age and is kept. Links are never followed, so nothing
   * outside the root is touched; files that vanish meanwhile (published, or
   * removed by another sweep) are skipped. Listed files are never touched.
   */
  async sweep(options: SweepOptions): Promise<number> {
    const { olderThanMs, signal } = options;
    const path = options.path ?? '';
    checkPath(path);
    if (typeof olderThanMs !== 'number' || !(olderThanMs >= 0)) {
      throw new RangeError(
        `FsPod.sweep: olderThanMs must be a number of milliseconds >= 0, got ${olderThanMs}`,
      );
    }
    throwIfAborted(signal);
    const start = await this.resolveInside(path, 'sweep');
    if (start === undefined) return 0;
    const cutoff = Date.now() - olderThanMs;
    let removed = 0;
    // Breadth first, a bounded number of folders at a time: a repository
    // holds up to 65,536 segment folders.
    let level = [start];
    while (level.length > 0) {
      const below = await mapLimit(
        level,
        this.parallelism,
        async (dir) => {
          const { folders, swept } = await this.sweepFolder(dir, cutoff, signal);
          removed += swept;
          return folders;
        },
        signal,
      );
      level = below.flat();
    }
    return removed;
  }

  /** Sweeps the temp files directly in the real folder `dir`; gives its sub-folders. */
  private async sweepFolder(
    dir: string,
    cutoff: number,
    signal: AbortSignal | undefined,
  ): Promise<{ folders: string[]; swept: number }> {
    throwIfAborted(signal);
    let dirents: Dirent[];
    try {
      dirents = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      // Removed meanwhile (pruned by a writer's rm), or `path` is a file.
      if (isMissing(err)) return { folders: [], swept: 0 };
      throw toPodError(err, this.relative(dir), 'sweep');
    }
    const folders: string[] = [];
    let swept = 0;
    for (const d of dirents) {
      const abs = `${dir}/${d.name}`;
      // Dirent types come from lstat: a link to a folder is not descended.
      if (d.isDirectory()) folders.push(abs);
      else if (d.isFile() && isTempName(d.name) && (await this.removeIfOlder(abs, cutoff))) swept++;
    }
    if (swept > 0) await this.prune(dir);
    return { folders, swept };
  }

  /** Removes the file `abs` if it last changed at `cutoff` or before; false when younger or gone. */
  private async removeIfOlder(abs: string, cutoff: number): Promise<boolean> {
    try {
      if ((await lstat(abs)).mtimeMs > cutoff) return false;
      await unlink(abs);
      return true;
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return false;
      throw toPodError(err, this.relative(abs), 'sweep');
    }
  }

  /** The pod-relative path of a real path below the root, for messages. */
  private relative(abs: string): string {
    const root = this.realRoot ?? this.root;
    return abs.startsWith(`${root}/`) ? abs.slice(root.length + 1) : '';
  }
}
