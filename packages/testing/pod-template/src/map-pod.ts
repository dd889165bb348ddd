import { BasePod, NotFoundError, type PodCapabilities, type PodEntry } from '@lakota/core';

/**
 * A pod over one flat JavaScript Map from path to bytes, laid out the way an
 * object store is: there are no folders, only keys sharing a prefix. So a
 * folder exists exactly while it holds a file, with nothing to create or prune.
 *
 * BasePod has already validated every path it hands to these methods, and
 * handles `missingOk`, sorting, bulk calls, `walk` and `cd`.
 */
export class MapPod extends BasePod {
  readonly protocol = 'map';
  // Every method below runs without an `await` in the middle, so no other
  // call can interleave: a check-then-set is atomic.
  readonly capabilities: PodCapabilities = {
    conditionalWrite: true,
    atomicWrite: true,
    atomicMove: true,
    persistent: false,
    evicts: false,
  };
  private readonly files = new Map<string, Uint8Array>();

  protected async listEntries(path: string): Promise<PodEntry[] | undefined> {
    const prefix = path === '' ? '' : `${path}/`;
    const seen = new Map<string, PodEntry>();
    for (const key of this.files.keys()) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      const slash = rest.indexOf('/');
      const entry =
        slash < 0 ? { name: rest, folder: false } : { name: rest.slice(0, slash), folder: true };
      seen.set(`${entry.folder ? 'd' : 'f'}${entry.name}`, entry);
    }
    return seen.size === 0 ? undefined : [...seen.values()];
  }

  protected async readFile(path: string): Promise<Uint8Array> {
    const data = this.files.get(path);
    if (data === undefined) throw new NotFoundError(path);
    // A copy, so the caller cannot change what is stored.
    return data.slice();
  }

  protected async writeFile(path: string, data: Uint8Array, force: boolean): Promise<boolean> {
    if (!force && this.files.has(path)) return false;
    this.files.set(path, data.slice());
    return true;
  }

  protected async removeFile(path: string): Promise<boolean> {
    return this.files.delete(path);
  }

  protected async removeFolder(path: string): Promise<boolean> {
    const prefix = path === '' ? '' : `${path}/`;
    let removed = false;
    for (const key of [...this.files.keys()]) {
      if (key.startsWith(prefix)) removed = this.files.delete(key) || removed;
    }
    return removed;
  }

  protected async moveFile(from: string, to: string): Promise<void> {
    const data = this.files.get(from);
    if (data === undefined) throw new NotFoundError(from);
    this.files.set(to, data);
    this.files.delete(from);
  }

  protected async fileExists(path: string): Promise<boolean> {
    return this.files.has(path);
  }
}
