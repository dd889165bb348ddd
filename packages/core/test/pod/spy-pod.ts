import { BasePod, type PodEntry } from '../../src/base-pod.js';
import { NotFoundError } from '../../src/errors.js';
import type { PodCapabilities } from '../../src/pod.js';

/**
 * A BasePod over a flat map that records every call to its primitives, to
 * check what BasePod sends a backend (and what it never sends). `extraEntries`
 * lets a test add raw listing entries, as a paged object store may repeat.
 */
export class SpyPod extends BasePod {
  readonly protocol = 'spy';
  readonly capabilities: PodCapabilities = {
    conditionalWrite: true,
    atomicWrite: true,
    atomicMove: true,
    persistent: false,
    evicts: false,
  };
  readonly calls: string[] = [];
  readonly files = new Map<string, Uint8Array>();
  extraEntries: PodEntry[] = [];

  protected async listEntries(path: string): Promise<PodEntry[] | undefined> {
    this.calls.push(`list ${path}`);
    const prefix = path === '' ? '' : `${path}/`;
    const entries: PodEntry[] = [];
    for (const key of this.files.keys()) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      const i = rest.indexOf('/');
      entries.push(
        i < 0 ? { name: rest, folder: false } : { name: rest.slice(0, i), folder: true },
      );
    }
    if (path === '') entries.push(...this.extraEntries);
    return entries.length ? entries : undefined;
  }
  protected async readFile(path: string): Promise<Uint8Array> {
    this.calls.push(`read ${path}`);
    const data = this.files.get(path);
    if (!data) throw new NotFoundError(path);
    return data.slice();
  }
  protected async writeFile(path: string, data: Uint8Array, force: boolean): Promise<boolean> {
    this.calls.push(`write ${path}${force ? ' force' : ''}`);
    if (!force && this.files.has(path)) return false;
    this.files.set(path, data.slice());
    return true;
  }
  protected async removeFile(path: string): Promise<boolean> {
    this.calls.push(`removeFile ${path}`);
    return this.files.delete(path);
  }
  protected async removeFolder(path: string): Promise<boolean> {
    this.calls.push(`removeFolder ${path}`);
    let removed = false;
    for (const key of [...this.files.keys()]) {
      if (path === '' || key.startsWith(`${path}/`)) removed = this.files.delete(key) || removed;
    }
    return removed;
  }
  protected async moveFile(from: string, to: string): Promise<void> {
    this.calls.push(`move ${from} ${to}`);
    const data = this.files.get(from);
    if (!data) throw new NotFoundError(from);
    this.files.set(to, data);
    this.files.delete(from);
  }
  protected async fileExists(path: string): Promise<boolean> {
    this.calls.push(`exists ${path}`);
    return this.files.has(path);
  }
}
