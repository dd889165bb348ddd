import type { ContainerClient } from '@azure/storage-blob';
import {
  BasePod,
  checkPath,
  mapLimit,
  type PodCapabilities,
  type PodEntry,
  throwIfAborted,
} from '@lakota/core';
import { type AzureConnection, createContainerClient } from './azure-client.js';
import { isAlreadyExists, isBlobMissing, toPodError } from './azure-errors.js';
import { parseAzureUri } from './azure-uri.js';

const MiB = 1024 * 1024;
/** Sub-requests allowed in one blob batch. */
const BATCH_LIMIT = 256;

export interface AzurePodOptions extends AzureConnection {
  /** Folder inside the container that is the pod's root ('' or omitted for the whole container). */
  prefix?: string;
  /** Requests kept in flight by bulk operations and block uploads (default 16). */
  parallelism?: number;
  /** Bodies up to this size are sent in one request; larger ones as blocks (default 16 MiB). */
  singleShotLimit?: number;
  /** Block size for larger bodies (default 8 MiB). */
  blockSize?: number;
  /** Entries asked for per listing request (default and maximum 5,000). */
  listPageSize?: number;
}

/**
 * A pod on an Azure Blob Storage container, under an optional prefix.
 * Folders are name prefixes listed with the '/' delimiter, so they exist only
 * while they hold blobs. Writes are write-once with `If-None-Match: *`, which
 * Azure enforces, so racing writers of a new path cannot both land.
 */
export class AzurePod extends BasePod {
  readonly protocol = 'azure';
  readonly capabilities: PodCapabilities = {
    conditionalWrite: true,
    atomicWrite: true,
    atomicMove: false,
    persistent: true,
    evicts: false,
  };
  readonly container: string;
  readonly prefix: string;
  readonly containerClient: ContainerClient;
  readonly singleShotLimit: number;
  readonly blockSize: number;
  readonly listPageSize: number;
  private batchDeletes = true;

  constructor(options: AzurePodOptions) {
    super();
    this.containerClient = createContainerClient(options);
    this.container = this.containerClient.containerName;
    this.prefix = checkPath((options.prefix ?? '').replace(/^\/+|\/+$/g, ''));
    this.parallelism = positive(options.parallelism ?? 16, 'parallelism');
    this.singleShotLimit = positive(options.singleShotLimit ?? 16 * MiB, 'singleShotLimit');
    this.blockSize = positive(options.blockSize ?? 8 * MiB, 'blockSize');
    this.listPageSize = Math.min(5000, positive(options.listPageSize ?? 5000, 'listPageSize'));
  }

  /**
   * A pod from `az://container/prefix?account=&key=&sas=&endpoint=`, with
   * credentials from the environment when the URI has none (see
   * `parseAzureUri`). `options` add to (and win over) what the URI says.
   */
  static fromUri(uri: string, options: Partial<AzurePodOptions> = {}): AzurePod {
    const location = parseAzureUri(uri);
    return new AzurePod({ ...location, ...options });
  }

  /** The pod as an `az://` URI, without credentials. */
  get uri(): string {
    return `az://${this.container}${this.prefix ? `/${this.prefix}` : ''}`;
  }

  private name(path: string): string {
    return this.prefix === '' ? path : path === '' ? this.prefix : `${this.prefix}/${path}`;
  }

  private folderPrefix(path: string): string {
    const name = this.name(path);
    return name === '' ? '' : `${name}/`;
  }

  private blob(path: string) {
    return this.containerClient.getBlockBlobClient(this.name(path));
  }

  private fail(err: unknown, path: string, what: string, signal?: AbortSignal): never {
    throw toPodError(err, path, what, `container '${this.container}'`, signal);
  }

  protected async listEntries(path: string, signal?: AbortSignal): Promise<PodEntry[] | undefined> {
    const prefix = this.folderPrefix(path);
    const entries: PodEntry[] = [];
    let seen = false;
    try {
      const pages = this.containerClient
        .listBlobsByHierarchy('/', { prefix, abortSignal: signal })
        .byPage({ maxPageSize: this.listPageSize });
      for await (const page of pages) {
        for (const p of page.segment.blobPrefixes ?? []) {
          seen = true;
          const name = p.name.slice(prefix.length, -1);
          if (name) entries.push({ name, folder: true });
        }
        for (const b of page.segment.blobItems) {
          seen = true;
          // A blob named like the folder itself ('dir/') is a marker some tools create, not a file in it.
          const name = b.name.slice(prefix.length);
          if (name) entries.push({ name, folder: false });
        }
      }
    } catch (err) {
      this.fail(err, path, 'Listing', signal);
    }
    return seen ? entries : undefined;
  }

  protected async readFile(path: string, signal?: AbortSignal): Promise<Uint8Array> {
    try {
      const res = await this.blob(path).download(0, undefined, {
        abortSignal: signal,
        // The SDK resumes a body interrupted mid-way from where it stopped.
        maxRetryRequests: 3,
      });
      const body = res.readableStreamBody;
      if (!body) return new Uint8Array(0);
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(chunk as Buffer);
      const data = Buffer.concat(chunks);
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    } catch (err) {
      this.fail(err, path, 'Reading', signal);
    }
  }

  protected async fileExists(path: string, signal?: AbortSignal): Promise<boolean> {
    try {
      return await this.blob(path).exists({ abortSignal: signal });
    } catch (err) {
      this.fail(err, path, 'Checking', signal);
    }
  }

  protected async writeFile(
    path: string,
    data: Uint8Array,
    force: boolean,
    signal?: AbortSignal,
  ): Promise<boolean> {
    try {
      // With `If-None-Match: *` Azure refuses to replace an existing blob, in
      // one request and atomically, so no existence check is needed first.
      await this.blob(path).uploadData(data, {
        abortSignal: signal,
        conditions: force ? undefined : { ifNoneMatch: '*' },
        maxSingleShotSize: this.singleShotLimit,
        blockSize: this.blockSize,
        concurrency: this.parallelism,
      });
      return true;
    } catch (err) {
      if (!force && isAlreadyExists(err)) return false;
      this.fail(err, path, 'Writing', signal);
    }
  }

  protected async removeFile(path: string, signal?: AbortSignal): Promise<boolean> {
    try {
      const res = await this.blob(path).deleteIfExists({ abortSignal: signal });
      return res.succeeded;
    } catch (err) {
      this.fail(err, path, 'Removing', signal);
    }
  }

  protected async removeFolder(path: string, signal?: AbortSignal): Promise<boolean> {
    const prefix = this.folderPrefix(path);
    let found = false;
    try {
      const pages = this.containerClient
        .listBlobsFlat({ prefix, abortSignal: signal })
        .byPage({ maxPageSize: this.listPageSize });
      for await (const page of pages) {
        const names = page.segment.blobItems.map((b) => b.name);
        found ||= names.length > 0;
        await this.deleteBlobs(names, signal);
      }
    } catch (err) {
      this.fail(err, path, 'Removing', signal);
    }
    return found;
  }

  override async rmMany(
    paths: readonly string[],
    options: { signal?: AbortSignal } = {},
  ): Promise<void> {
    for (const p of paths) checkPath(p, { allowRoot: false });
    throwIfAborted(options.signal);
    await this.deleteBlobs(
      [...new Set(paths)].map((p) => this.name(p)),
      options.signal,
    );
  }

  /**
   * Deletes blobs by full name, missing ones included, 256 per batch request
   * (the service's limit). When the service or the credential refuses batches
   * (a service SAS, an emulator without them), the pod deletes blob by blob
   * from then on.
   */
  private async deleteBlobs(names: string[], signal?: AbortSignal): Promise<void> {
    const chunks: string[][] = [];
    for (let i = 0; i < names.length; i += BATCH_LIMIT)
      chunks.push(names.slice(i, i + BATCH_LIMIT));
    await mapLimit(
      chunks,
      Math.max(1, Math.floor(this.parallelism / 4)),
      async (chunk) => {
        if (this.batchDeletes && chunk.length > 1 && (await this.deleteBatch(chunk, signal)))
          return;
        await mapLimit(
          chunk,
          this.parallelism,
          async (name) => {
            try {
              await this.containerClient.deleteBlob(name, { abortSignal: signal });
            } catch (err) {
              if (!isBlobMissing(err)) this.fail(err, this.relative(name), 'Removing', signal);
            }
          },
          signal,
        );
      },
      signal,
    );
  }

  /** One batch of deletes; false when the service refused the batch as a whole. */
  private async deleteBatch(names: string[], signal?: AbortSignal): Promise<boolean> {
    const clients = names.map((n) => this.containerClient.getBlobClient(n));
    let subResponses: { status: number; errorCode?: string; _request: { url: string } }[];
    try {
      const res = await this.containerClient
        .getBlobBatchClient()
        .deleteBlobs(clients, { abortSignal: signal });
      subResponses = res.subResponses;
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (signal?.aborted || status === undefined || status >= 500) {
        this.fail(err, this.relative(names[0] ?? ''), 'Removing', signal);
      }
      this.batchDeletes = false;
      return false;
    }
    const byUrl = new Map(clients.map((c, i) => [c.url, names[i] ?? '']));
    const failed = subResponses.find(
      (r) => r.status >= 300 && !isBlobMissing({ statusCode: r.status, code: r.errorCode }),
    );
    if (failed) {
      const name = byUrl.get(failed._request.url) ?? names[0] ?? '';
      const err = Object.assign(new Error(`batch delete of '${name}' failed`), {
        statusCode: failed.status,
        code: failed.errorCode,
      });
      this.fail(err, this.relative(name), 'Removing', signal);
    }
    return true;
  }

  /** The pod-relative path of a full blob name. */
  private relative(name: string): string {
    return this.prefix === '' ? name : name.slice(this.prefix.length + 1);
  }

  protected async moveFile(from: string, to: string, signal?: AbortSignal): Promise<void> {
    const source = this.blob(from);
    try {
      // A copy inside one account is done by the service, usually at once;
      // the poller covers the case where it is still pending.
      const poller = await this.blob(to).beginCopyFromURL(source.url, {
        abortSignal: signal,
        intervalInMs: 250,
      });
      await poller.pollUntilDone();
    } catch (err) {
      this.fail(err, from, 'Moving', signal);
    }
    try {
      await source.deleteIfExists({ abortSignal: signal });
    } catch (err) {
      this.fail(err, from, 'Moving', signal);
    }
  }
}

function positive(n: number, name: string): number {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new RangeError(`AzurePod: ${name} must be a positive integer, got ${n}`);
  }
  return n;
}
