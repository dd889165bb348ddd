import { setTimeout as sleep } from 'node:timers/promises';
import {
  joinPath,
  type ListOptions,
  type MoveOptions,
  type Pod,
  type ReadManyOptions,
  type ReadOptions,
  type RemoveOptions,
  type WalkOptions,
  type WriteOptions,
} from '@lakota/core';
import type { RequestSpan } from './critical-path.js';

/**
 * Wraps a pod as if it were across a network: every request waits
 * `latencyMs` before it reaches the inner pod, and is recorded with its start
 * and end so the benchmark can count the round trips an operation waits for
 * in sequence (`criticalPath`). Bulk calls are one request per path, sent
 * together, as HTTP backends do.
 */
export class LatencyPod implements Pod {
  readonly protocol: string;
  readonly capabilities: Pod['capabilities'];

  constructor(
    readonly inner: Pod,
    readonly latencyMs: number,
    /** Shared with the sub-pods `cd()` makes, so one operation's requests land in one list. */
    readonly spans: RequestSpan[] = [],
    private readonly prefix = '',
  ) {
    this.protocol = inner.protocol;
    this.capabilities = inner.capabilities;
  }

  private async request<T>(kind: string, path: string, call: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      await sleep(this.latencyMs);
      return await call();
    } finally {
      this.spans.push({ kind, path: joinPath(this.prefix, path), start, end: performance.now() });
    }
  }

  ls(path = '', options?: ListOptions): Promise<string[]> {
    return this.request('list', path, () => this.inner.ls(path, options));
  }

  read(path: string, options?: ReadOptions): Promise<Uint8Array> {
    return this.request('read', path, () => this.inner.read(path, options));
  }

  readMany(
    paths: readonly string[],
    options?: ReadManyOptions,
  ): Promise<(Uint8Array | undefined)[]> {
    return Promise.all(
      paths.map((p) =>
        this.request('read', p, async () => (await this.inner.readMany([p], options))[0]),
      ),
    );
  }

  write(path: string, data: Uint8Array, options?: WriteOptions): Promise<number> {
    return this.request('write', path, () => this.inner.write(path, data, options));
  }

  isFile(path: string, options?: ReadOptions): Promise<boolean> {
    return this.request('stat', path, () => this.inner.isFile(path, options));
  }

  rm(path: string, options?: RemoveOptions): Promise<void> {
    return this.request('remove', path, () => this.inner.rm(path, options));
  }

  async rmMany(paths: readonly string[], options?: { signal?: AbortSignal }): Promise<void> {
    await Promise.all(
      paths.map((p) => this.request('remove', p, () => this.inner.rmMany([p], options))),
    );
  }

  mv(from: string, to: string, options?: MoveOptions): Promise<void> {
    return this.request('move', from, () => this.inner.mv(from, to, options));
  }

  /** One listing request, then the inner pod's walk (benchmarks do not walk on their critical path). */
  async *walk(path = '', options?: WalkOptions): AsyncIterable<string> {
    await this.request('list', path, async () => undefined);
    yield* this.inner.walk(path, options);
  }

  cd(path: string): Pod {
    return new LatencyPod(
      this.inner.cd(path),
      this.latencyMs,
      this.spans,
      joinPath(this.prefix, path),
    );
  }
}
