import {
  checkPath,
  type LakotaError,
  type ListOptions,
  type MoveOptions,
  mapLimit,
  NotFoundError,
  type Pod,
  type PodCapabilities,
  type ReadManyOptions,
  type ReadOptions,
  type RemoveOptions,
  SubPod,
  TransientError,
  throwIfAborted,
  type WalkOptions,
  type WriteOptions,
} from '@lakota/core';
import { readFrames } from './frame-reader.js';
import { jsonLines } from './json-lines.js';
import {
  errorFromFetch,
  errorFromResponse,
  errorFromWire,
  type WireError,
} from './response-error.js';

export interface HttpPodOptions {
  /** URL of one mount of a Lakota server, e.g. `http://127.0.0.1:8080/prices`. */
  url: string | URL;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** The fetch to use (a proxy-aware one, a mock); the global fetch of Node by default. */
  fetch?: typeof globalThis.fetch;
  /** Extra headers sent with every request. */
  headers?: Readonly<Record<string, string>>;
  /**
   * What the served pod guarantees. Unknown to the client until asked, so the
   * defaults promise nothing beyond persistence; `HttpPod.connect()` takes
   * them from the server.
   */
  capabilities?: Partial<PodCapabilities>;
  /** Paths per `read-many` and `rm-many` request (default 100). */
  batchSize?: number;
  /** Requests in flight for bulk operations (default 4). */
  parallelism?: number;
}

const CONSERVATIVE: PodCapabilities = {
  conditionalWrite: false,
  atomicWrite: false,
  atomicMove: false,
  persistent: true,
  evicts: false,
};

/** What `GET <mount>/info` answers. */
export interface ServerInfo {
  lakota: number;
  protocol: string;
  capabilities: PodCapabilities;
  readOnly: boolean;
  maxBodyBytes: number;
}

/**
 * A pod served by `lakota serve` / @lakota/server, over HTTP. Paths are
 * checked here before any request, and the server's answers come back as the
 * core's typed errors: 404 as `NotFoundError`, 401/403 as `PermissionError`,
 * 5xx and network failures as a retryable `TransientError`.
 *
 * It has no `sweep` (the optional Pod method that removes the leftovers of
 * interrupted writes): the server's protocol has no such action, and the
 * served pod's temp files are the server's to reclaim, e.g. by a gc run on
 * the server's own repository. `Repo.gc()` over HTTP therefore sweeps nothing.
 */
export class HttpPod implements Pod {
  readonly protocol = 'http';
  readonly capabilities: PodCapabilities;
  /** The mount's URL, always ending with '/'. */
  readonly url: string;
  private readonly fetchFn: typeof globalThis.fetch;
  private readonly headers: Record<string, string>;
  private readonly batchSize: number;
  private readonly parallelism: number;

  constructor(options: HttpPodOptions) {
    const url = new URL(String(options.url));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TypeError(`HttpPod needs an http:// or https:// URL, got '${String(options.url)}'`);
    }
    url.search = '';
    url.hash = '';
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    this.url = url.href;
    this.fetchFn = options.fetch ?? globalThis.fetch;
    this.headers = { ...options.headers };
    if (options.token !== undefined) this.headers.authorization = `Bearer ${options.token}`;
    this.capabilities = { ...CONSERVATIVE, ...options.capabilities };
    this.batchSize = Math.max(1, options.batchSize ?? 100);
    this.parallelism = Math.max(1, options.parallelism ?? 4);
  }

  /** Asks the server what it serves, and returns a pod with the served pod's capabilities. */
  static async connect(options: HttpPodOptions & { signal?: AbortSignal }): Promise<HttpPod> {
    const probe = new HttpPod(options);
    const info = await probe.info({ signal: options.signal });
    return new HttpPod({
      ...options,
      capabilities: { ...info.capabilities, ...options.capabilities },
    });
  }

  /** The server's description of this mount. */
  async info(options: ReadOptions = {}): Promise<ServerInfo> {
    const res = await this.request('GET', 'info', {}, '', options.signal);
    return (await this.json(res, 'info')) as ServerInfo;
  }

  async ls(path = '', options: ListOptions = {}): Promise<string[]> {
    checkPath(path);
    const query = { path, missing_ok: options.missingOk ? '1' : undefined };
    const res = await this.request('GET', 'ls', query, path, options.signal);
    return ((await this.json(res, path)) as { names: string[] }).names;
  }

  async read(path: string, options: ReadOptions = {}): Promise<Uint8Array> {
    checkPath(path, { allowRoot: false });
    const res = await this.request('GET', 'read', { path }, path, options.signal);
    return this.bytes(res, path);
  }

  async readMany(
    paths: readonly string[],
    options: ReadManyOptions = {},
  ): Promise<(Uint8Array | undefined)[]> {
    for (const p of paths) checkPath(p, { allowRoot: false });
    throwIfAborted(options.signal);
    const batches = chunk(paths, this.batchSize);
    const results = await mapLimit(
      batches,
      this.parallelism,
      async (batch) => {
        const body = JSON.stringify({ paths: batch });
        const res = await this.request('POST', 'read-many', {}, batch[0] ?? '', options.signal, {
          body,
          type: 'application/json',
        });
        return readFrames(await this.bytes(res, batch[0] ?? ''), batch, this.url);
      },
      options.signal,
    );
    const all = results.flat();
    if (!options.missingOk) {
      const missing = all.indexOf(undefined);
      if (missing >= 0) throw new NotFoundError(paths[missing] as string);
    }
    return all;
  }

  async write(path: string, data: Uint8Array, options: WriteOptions = {}): Promise<number> {
    checkPath(path, { allowRoot: false });
    if (!(data instanceof Uint8Array)) {
      throw new TypeError(`write('${path}'): data must be a Uint8Array, got ${typeof data}`);
    }
    const query = { path, force: options.force ? '1' : undefined };
    const res = await this.request('POST', 'write', query, path, options.signal, {
      body: data,
      type: 'application/octet-stream',
    });
    return ((await this.json(res, path)) as { written: number }).written;
  }

  async isFile(path: string, options: ReadOptions = {}): Promise<boolean> {
    checkPath(path, { allowRoot: false });
    const res = await this.request('GET', 'is-file', { path }, path, options.signal);
    return ((await this.json(res, path)) as { isFile: boolean }).isFile;
  }

  async rm(path: string, options: RemoveOptions = {}): Promise<void> {
    checkPath(path, { allowRoot: options.recursive === true });
    const query = {
      path,
      recursive: options.recursive ? '1' : undefined,
      missing_ok: options.missingOk ? '1' : undefined,
    };
    await this.drain(await this.request('POST', 'rm', query, path, options.signal));
  }

  async rmMany(paths: readonly string[], options: { signal?: AbortSignal } = {}): Promise<void> {
    for (const p of paths) checkPath(p, { allowRoot: false });
    throwIfAborted(options.signal);
    await mapLimit(
      chunk(paths, this.batchSize),
      this.parallelism,
      async (batch) => {
        const body = JSON.stringify({ paths: batch });
        const res = await this.request('POST', 'rm-many', {}, batch[0] ?? '', options.signal, {
          body,
          type: 'application/json',
        });
        await this.drain(res);
      },
      options.signal,
    );
  }

  async mv(from: string, to: string, options: MoveOptions = {}): Promise<void> {
    checkPath(from, { allowRoot: false });
    checkPath(to, { allowRoot: false });
    await this.drain(await this.request('POST', 'mv', { from, to }, from, options.signal));
  }

  async *walk(path = '', options: WalkOptions = {}): AsyncIterable<string> {
    checkPath(path);
    const query = {
      path,
      max_depth: options.maxDepth === undefined ? undefined : String(Math.max(0, options.maxDepth)),
    };
    const res = await this.request('GET', 'walk', query, path, options.signal);
    if (!res.body) throw new TransientError(`Empty walk response from ${this.url}`);
    try {
      for await (const line of jsonLines(res.body)) {
        if (typeof line === 'string') {
          yield line;
          continue;
        }
        const msg = line as { end?: boolean; error?: WireError };
        if (msg.end === true) return;
        if (msg.error) throw errorFromWire(msg.error, 500, path, this.url);
      }
    } catch (err) {
      throw this.bodyError(err, path);
    }
    throw new TransientError(`The walk listing from ${this.url} was cut before its end`);
  }

  cd(path: string): Pod {
    checkPath(path);
    return path === '' ? this : new SubPod(this, path);
  }

  toString(): string {
    return this.url;
  }

  private async request(
    method: 'GET' | 'POST',
    action: string,
    query: Record<string, string | undefined>,
    path: string,
    signal: AbortSignal | undefined,
    body?: { body: Uint8Array | string; type: string },
  ): Promise<Response> {
    throwIfAborted(signal);
    const url = new URL(action, this.url);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    const headers: Record<string, string> = { ...this.headers };
    if (body) headers['content-type'] = body.type;
    let res: Response | undefined;
    // Reads are retried when the connection fails (a reset under load); a
    // POST is not, since the server may have applied it.
    const attempts = method === 'GET' ? 3 : 1;
    for (let attempt = 1; res === undefined; attempt++) {
      try {
        res = await this.fetchFn(url, {
          method,
          headers,
          ...(body ? { body: body.body } : {}),
          ...(signal ? { signal } : {}),
        });
      } catch (err) {
        if (attempt >= attempts || signal?.aborted) throw errorFromFetch(err, url.href);
        await new Promise((r) => setTimeout(r, 20 * attempt));
      }
    }
    if (!res.ok) throw await errorFromResponse(res, path, url.href);
    return res;
  }

  private async json(res: Response, path: string): Promise<unknown> {
    try {
      return await res.json();
    } catch (err) {
      throw this.bodyError(err, path);
    }
  }

  private async bytes(res: Response, path: string): Promise<Uint8Array> {
    try {
      return new Uint8Array(await res.arrayBuffer());
    } catch (err) {
      throw this.bodyError(err, path);
    }
  }

  /** Consumes an empty answer so the connection can be reused. */
  private async drain(res: Response): Promise<void> {
    await res.arrayBuffer().catch(() => {});
  }

  /** A failure while receiving a body: the connection was cut (or aborted). */
  private bodyError(err: unknown, path: string): LakotaError {
    if ((err as LakotaError)?.code !== undefined && (err as LakotaError).retryable !== undefined) {
      return err as LakotaError;
    }
    if (err instanceof SyntaxError) {
      return new TransientError(
        `Malformed answer from ${this.url} about '${path}': is this a Lakota server?`,
        { cause: err },
      );
    }
    return errorFromFetch(err, this.url);
  }
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
