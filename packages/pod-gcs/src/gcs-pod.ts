import type {
  Bucket,
  File,
  GetFilesOptions,
  GetFilesResponse,
  Storage,
  StorageOptions,
} from '@google-cloud/storage';
import {
  AbortError,
  BasePod,
  checkPath,
  mapLimit,
  type PodCapabilities,
  type PodEntry,
  throwIfAborted,
} from '@lakota/core';
import { isNotFound, isPreconditionFailed, toPodError } from './gcs-errors.js';
import { createStorage } from './gcs-storage.js';
import { parseGcsUri } from './gcs-uri.js';
import { RequestLimiter } from './request-limiter.js';
import { DEFAULT_RETRY, type RetryPolicy, withRetries } from './retry.js';

const MiB = 1024 * 1024;
/** The most `objects.list` returns per page. */
const PAGE_SIZE = 1000;

export interface GcsPodOptions {
  bucket: string;
  /** Folder inside the bucket that is the pod's root ('' or omitted for the whole bucket). */
  prefix?: string;
  /**
   * A client of your own, shared between pods or configured in ways the
   * options below do not cover. It keeps its own retry settings.
   */
  storage?: Storage;
  /** Options of the client the pod creates (credentials, keyFilename, projectId, …). */
  storageOptions?: StorageOptions;
  /**
   * A JSON API server other than Google's (an emulator, `http://127.0.0.1:4443`);
   * no credentials are sent to it. `STORAGE_EMULATOR_HOST` has the same effect.
   */
  apiEndpoint?: string;
  /** Requests kept in flight by bulk operations (readMany, rmMany, recursive rm); default 16. */
  parallelism?: number;
  /** Requests this pod keeps in flight at most, all callers together; default 64. */
  maxRequests?: number;
  /**
   * Files larger than this go up in a resumable upload (two requests or more);
   * smaller ones in a single multipart request. Default 8 MiB.
   */
  resumableThreshold?: number;
  /** How transient failures are retried; default 4 retries from 250 ms, doubling up to 8 s. */
  retry?: Partial<RetryPolicy>;
  /**
   * Move with the JSON API's `objects.move` (the SDK's `moveFileAtomic`): one
   * atomic request instead of copy + delete. Off by default; turn it on for a
   * bucket that supports the operation.
   */
  atomicMove?: boolean;
}

/**
 * A pod on a Google Cloud Storage bucket, under an optional prefix. Folders
 * are name prefixes listed with the '/' delimiter, so they exist only while
 * they hold files. Writes are write-once through `ifGenerationMatch=0`, which
 * GCS checks atomically: of racing writers of a new path exactly one lands.
 */
export class GcsPod extends BasePod {
  readonly protocol = 'gcs';
  readonly capabilities: PodCapabilities;
  readonly bucketName: string;
  readonly prefix: string;
  readonly storage: Storage;
  readonly resumableThreshold: number;
  readonly retry: RetryPolicy;
  private readonly bucket: Bucket;
  private readonly limiter: RequestLimiter;
  private readonly atomicMove: boolean;

  constructor(options: GcsPodOptions) {
    super();
    if (!options?.bucket) throw new TypeError('GcsPod needs a bucket name');
    this.bucketName = options.bucket;
    this.prefix = checkPath((options.prefix ?? '').replace(/^\/+|\/+$/g, ''));
    this.storage =
      options.storage ??
      createStorage({ apiEndpoint: options.apiEndpoint, storageOptions: options.storageOptions });
    this.bucket = this.storage.bucket(this.bucketName);
    this.parallelism = positive(options.parallelism ?? 16, 'parallelism');
    this.limiter = new RequestLimiter(positive(options.maxRequests ?? 64, 'maxRequests'));
    this.resumableThreshold = positive(options.resumableThreshold ?? 8 * MiB, 'resumableThreshold');
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    if (!(this.retry.retries >= 0)) {
      throw new RangeError(`retry.retries must be >= 0, got ${this.retry.retries}`);
    }
    this.atomicMove = options.atomicMove ?? false;
    this.capabilities = {
      conditionalWrite: true,
      atomicWrite: true,
      atomicMove: this.atomicMove,
      persistent: true,
      evicts: false,
    };
  }

  /**
   * A pod from `gs://bucket/prefix` (or `gcs://`), with an optional query
   * `?endpoint=&project=&key_file=`. `options` add to (and win over) what the
   * URI says.
   */
  static fromUri(uri: string, options: Partial<GcsPodOptions> = {}): GcsPod {
    const loc = parseGcsUri(uri);
    const storageOptions: StorageOptions = {};
    if (loc.projectId) storageOptions.projectId = loc.projectId;
    if (loc.keyFilename) storageOptions.keyFilename = loc.keyFilename;
    return new GcsPod({
      bucket: loc.bucket,
      prefix: loc.prefix,
      apiEndpoint: loc.apiEndpoint,
      ...options,
      storageOptions: { ...storageOptions, ...options.storageOptions },
    });
  }

  /** `gs://bucket/prefix` of this pod. */
  get uri(): string {
    return `gs://${this.bucketName}/${this.prefix}`;
  }

  /** The object name of a pod path. */
  private key(path: string): string {
    return this.prefix === '' ? path : path === '' ? this.prefix : `${this.prefix}/${path}`;
  }

  /** The name prefix under which a folder's objects live ('' for the bucket's root). */
  private folderPrefix(path: string): string {
    const key = this.key(path);
    return key === '' ? '' : `${key}/`;
  }

  private file(path: string): File {
    return this.bucket.file(this.key(path));
  }

  /**
   * One SDK call, inside the pod's request bound, retried while it fails
   * transiently, its final failure turned into a pod error naming `path`.
   */
  private async call<T>(
    action: string,
    path: string,
    signal: AbortSignal | undefined,
    fn: () => Promise<T>,
  ): Promise<T> {
    try {
      return await withRetries(() => this.limiter.run(fn, signal), this.retry, signal);
    } catch (err) {
      throw toPodError(err, {
        path,
        action,
        bucket: this.bucketName,
        uri: `gs://${this.bucketName}/${this.key(path)}`,
      });
    }
  }

  /** Every page of a listing, following `nextPageToken`. */
  private async listPages(
    action: string,
    path: string,
    query: GetFilesOptions,
    signal: AbortSignal | undefined,
    onPage: (files: File[], prefixes: string[]) => Promise<void> | void,
  ): Promise<void> {
    let next: GetFilesOptions | null = { ...query, autoPaginate: false, maxResults: PAGE_SIZE };
    while (next) {
      throwIfAborted(signal);
      const page: GetFilesOptions = next;
      const [files, nextQuery, response]: GetFilesResponse = await this.call(
        action,
        path,
        signal,
        () => this.bucket.getFiles(page),
      );
      await onPage(files, (response as { prefixes?: string[] } | undefined)?.prefixes ?? []);
      next = (nextQuery as GetFilesOptions | null) ?? null;
    }
  }

  protected async listEntries(path: string, signal?: AbortSignal): Promise<PodEntry[] | undefined> {
    const prefix = this.folderPrefix(path);
    const entries: PodEntry[] = [];
    await this.listPages('list', path, { prefix, delimiter: '/' }, signal, (files, prefixes) => {
      for (const f of files) {
        const name = f.name.slice(prefix.length);
        // A zero-byte "folder/" placeholder (as the Cloud Console makes) is no file of ours.
        if (name !== '') entries.push({ name, folder: false });
      }
      for (const p of prefixes) {
        const name = p.slice(prefix.length, -1);
        // 'a//b' gives the prefix 'a//': an empty segment no pod path can name.
        if (name !== '') entries.push({ name, folder: true });
      }
    });
    return entries.length > 0 ? entries : undefined;
  }

  protected async readFile(path: string, signal?: AbortSignal): Promise<Uint8Array> {
    const chunks = await this.call('read', path, signal, () => this.download(path, signal));
    let size = 0;
    for (const c of chunks) size += c.byteLength;
    // One fresh buffer the caller owns alone (SDK buffers may sit in Node's shared pool).
    const out = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    return out;
  }

  /** Streams a download so that an abort stops it; the SDK checks its CRC32C. */
  private async download(path: string, signal?: AbortSignal): Promise<Buffer[]> {
    const stream = this.file(path).createReadStream();
    const onAbort = () => stream.destroy(new AbortError(undefined, { cause: signal?.reason }));
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return chunks;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  protected async writeFile(
    path: string,
    data: Uint8Array,
    force: boolean,
    signal?: AbortSignal,
  ): Promise<boolean> {
    // A Buffer over the same memory: the SDK sends exactly the bytes of the view.
    const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return this.call('write', path, signal, async () => {
      try {
        await this.file(path).save(body, {
          resumable: data.byteLength > this.resumableThreshold,
          contentType: 'application/octet-stream',
          // ifGenerationMatch=0: "only if no live object has that name", checked by GCS.
          ...(force ? {} : { preconditionOpts: { ifGenerationMatch: 0 } }),
        });
        return true;
      } catch (err) {
        if (!force && isPreconditionFailed(err)) return false;
        throw err;
      }
    });
  }

  protected async fileExists(path: string, signal?: AbortSignal): Promise<boolean> {
    const [exists] = await this.call('check', path, signal, () => this.file(path).exists());
    return exists;
  }

  protected async removeFile(path: string, signal?: AbortSignal): Promise<boolean> {
    return this.call('remove', path, signal, async () => {
      try {
        await this.file(path).delete();
        return true;
      } catch (err) {
        // Also what a retried delete sees when its first attempt did land.
        if (isNotFound(err)) return false;
        throw err;
      }
    });
  }

  protected async removeFolder(path: string, signal?: AbortSignal): Promise<boolean> {
    let found = false;
    await this.listPages(
      'list',
      path,
      { prefix: this.folderPrefix(path) },
      signal,
      async (files) => {
        if (files.length > 0) found = true;
        const paths = files.map((f) =>
          f.name.slice(this.prefix === '' ? 0 : this.prefix.length + 1),
        );
        await mapLimit(paths, this.parallelism, (p) => this.removeFile(p, signal), signal);
      },
    );
    return found;
  }

  protected async moveFile(from: string, to: string, signal?: AbortSignal): Promise<void> {
    const dest = this.file(to);
    if (this.atomicMove) {
      await this.call('move', from, signal, () => this.file(from).moveFileAtomic(dest));
      return;
    }
    await this.call('copy', from, signal, () => this.file(from).copy(dest));
    await this.removeFile(from, signal);
  }
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 1) {
    throw new RangeError(`${name} must be a number >= 1, got ${value}`);
  }
  return Math.floor(value);
}
