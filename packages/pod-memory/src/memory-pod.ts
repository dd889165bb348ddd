import {
  BasePod,
  NotFoundError,
  type PodCapabilities,
  type PodEntry,
  PodOperationError,
} from '@lakota/core';

export interface MemoryPodOptions {
  /**
   * Upper bound, in bytes, on the content held. Past it the least recently
   * used files are evicted (they disappear), like Python Lakota's
   * `memory://?lru_size=N`. Meant for cache layers.
   */
  lruSize?: number;
}

interface Folder {
  children: Map<string, Folder | Uint8Array>;
}

const isFolder = (n: Folder | Uint8Array | undefined): n is Folder =>
  n !== undefined && !(n instanceof Uint8Array);

/**
 * A pod held in the process's memory: a tree of folders, so listing a folder
 * costs its own size only. Data is copied in and out, so callers can never
 * change stored bytes by mutating a buffer.
 */
export class MemoryPod extends BasePod {
  readonly protocol = 'memory';
  readonly capabilities: PodCapabilities;
  readonly lruSize: number | undefined;
  private readonly root: Folder = { children: new Map() };
  /** Recency order of file paths (a Map iterates in insertion order), only kept when bounded. */
  private readonly recency = new Map<string, number>();
  private held = 0;

  constructor(options: MemoryPodOptions = {}) {
    super();
    if (options.lruSize !== undefined && !(options.lruSize >= 0)) {
      throw new RangeError(`lruSize must be a number of bytes >= 0, got ${options.lruSize}`);
    }
    this.lruSize = options.lruSize;
    this.capabilities = {
      conditionalWrite: true,
      atomicWrite: true,
      atomicMove: true,
      persistent: false,
      evicts: this.lruSize !== undefined,
    };
  }

  /** Bytes of file content currently held. */
  get size(): number {
    return this.held;
  }

  private folderAt(path: string, create: boolean): Folder | undefined {
    let node: Folder = this.root;
    if (path === '') return node;
    for (const seg of path.split('/')) {
      let next = node.children.get(seg);
      if (next === undefined) {
        if (!create) return undefined;
        next = { children: new Map() };
        node.children.set(seg, next);
      } else if (!isFolder(next)) {
        if (!create) return undefined;
        throw new PodOperationError(path, `Cannot create folder '${path}': '${seg}' is a file`);
      }
      node = next;
    }
    return node;
  }

  private parentOf(path: string, create: boolean): [Folder | undefined, string] {
    const i = path.lastIndexOf('/');
    const dir = i < 0 ? '' : path.slice(0, i);
    return [this.folderAt(dir, create), path.slice(i + 1)];
  }

  private touch(path: string, size: number): void {
    if (this.lruSize === undefined) return;
    this.recency.delete(path);
    this.recency.set(path, size);
  }

  private evict(): void {
    if (this.lruSize === undefined) return;
    for (const path of this.recency.keys()) {
      if (this.held <= this.lruSize) break;
      this.dropFile(path);
    }
  }

  private dropFile(path: string): boolean {
    const [dir, name] = this.parentOf(path, false);
    const node = dir?.children.get(name);
    if (!dir || node === undefined || isFolder(node)) return false;
    dir.children.delete(name);
    this.held -= node.byteLength;
    this.recency.delete(path);
    this.pruneEmpty(path);
    return true;
  }

  /** Folders exist only while they hold files, as on object stores. */
  private pruneEmpty(path: string): void {
    const segs = path.split('/');
    for (let n = segs.length - 1; n > 0; n--) {
      const dirPath = segs.slice(0, n).join('/');
      const dir = this.folderAt(dirPath, false);
      if (!dir || dir.children.size > 0) return;
      const [parent, name] = this.parentOf(dirPath, false);
      parent?.children.delete(name);
    }
  }

  protected async listEntries(path: string): Promise<PodEntry[] | undefined> {
    const dir = this.folderAt(path, false);
    if (!dir) return undefined;
    return [...dir.children].map(([name, node]) => ({ name, folder: isFolder(node) }));
  }

  protected async readFile(path: string): Promise<Uint8Array> {
    const [dir, name] = this.parentOf(path, false);
    const node = dir?.children.get(name);
    if (node === undefined || isFolder(node)) throw new NotFoundError(path);
    this.touch(path, node.byteLength);
    return node.slice();
  }

  protected async writeFile(path: string, data: Uint8Array, force: boolean): Promise<boolean> {
    const [dir, name] = this.parentOf(path, true);
    if (!dir) throw new PodOperationError(path, `Cannot write '${path}'`);
    const old = dir.children.get(name);
    if (isFolder(old)) {
      throw new PodOperationError(path, `Cannot write '${path}': it is a folder`);
    }
    if (old !== undefined && !force) return false;
    if (old !== undefined) this.held -= old.byteLength;
    const copy = data.slice();
    dir.children.set(name, copy);
    this.held += copy.byteLength;
    this.touch(path, copy.byteLength);
    this.evict();
    return true;
  }

  protected async fileExists(path: string): Promise<boolean> {
    const [dir, name] = this.parentOf(path, false);
    const node = dir?.children.get(name);
    return node !== undefined && !isFolder(node);
  }

  protected async removeFile(path: string): Promise<boolean> {
    return this.dropFile(path);
  }

  protected async removeFolder(path: string): Promise<boolean> {
    const dir = this.folderAt(path, false);
    if (!dir) return false;
    const drop = (node: Folder, prefix: string) => {
      for (const [name, child] of node.children) {
        const p = prefix === '' ? name : `${prefix}/${name}`;
        if (isFolder(child)) drop(child, p);
        else {
          this.held -= child.byteLength;
          this.recency.delete(p);
        }
      }
    };
    drop(dir, path);
    if (path === '') {
      this.root.children.clear();
      return true;
    }
    const [parent, name] = this.parentOf(path, false);
    parent?.children.delete(name);
    this.pruneEmpty(path);
    return true;
  }

  protected async moveFile(from: string, to: string): Promise<void> {
    const [dir, name] = this.parentOf(from, false);
    const node = dir?.children.get(name);
    if (!dir || node === undefined) throw new NotFoundError(from);
    if (isFolder(node)) {
      throw new PodOperationError(
        from,
        `Cannot move '${from}': it is a folder, and mv moves files.`,
      );
    }
    const [toDir, toName] = this.parentOf(to, true);
    if (!toDir) throw new PodOperationError(to, `Cannot move '${from}' to '${to}'`);
    const old = toDir.children.get(toName);
    if (isFolder(old)) {
      throw new PodOperationError(to, `Cannot move '${from}' onto '${to}': it is a folder.`);
    }
    // The bytes change place, not size: no copy, and nothing to evict. The
    // destination is attached before the source is detached, so pruning the
    // source's emptied folders can never take the destination's with it.
    if (old !== undefined) this.held -= old.byteLength;
    toDir.children.set(toName, node);
    this.recency.delete(from);
    this.touch(to, node.byteLength);
    dir.children.delete(name);
    this.pruneEmpty(from);
  }
}
