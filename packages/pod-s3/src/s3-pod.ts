import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  type S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import {
  BasePod,
  checkPath,
  mapLimit,
  type PodCapabilities,
  type PodEntry,
  throwIfAborted,
} from '@lakota/core';
import { multipartUpload } from './multipart-upload.js';
import { createS3Client } from './s3-client.js';
import { isNotFound, isPreconditionFailed, toPodError } from './s3-errors.js';
import { parseS3Uri } from './s3-uri.js';

/** DeleteObjects takes at most this many keys per request. */
const DELETE_BATCH = 1000;
const MiB = 1024 * 1024;

export interface S3PodOptions {
  bucket: string;
  /** Folder inside the bucket that is the pod's root ('' or omitted for the whole bucket). */
  prefix?: string;
  /**
   * A client of your own (shared between pods, custom middleware, …). Give it
   * `requestChecksumCalculation: 'WHEN_REQUIRED'` when it talks to an
   * S3-compatible server. The pod never destroys a client it did not create.
   */
  client?: S3Client;
  /** Configuration for the client the pod creates (region, credentials, profile, maxAttempts, …). */
  clientConfig?: S3ClientConfig;
  /** Endpoint of an S3-compatible server (MinIO, Ceph, R2, …); turns on path-style addressing. */
  endpoint?: string;
  /** False disables TLS certificate checks (self-signed test servers only). */
  verify?: boolean;
  /**
   * Use `If-None-Match: *` on writes so that, of two writers racing on a new
   * path, exactly one lands (AWS S3 supports it since August 2024). Defaults to
   * true on AWS and false with a custom `endpoint`, because many S3-compatible
   * servers ignore the header and would let the last writer win silently.
   * Turn it on for a server that honours it.
   */
  conditionalWrite?: boolean;
  /** Requests kept in flight by bulk operations and multipart uploads (default 16). */
  parallelism?: number;
  /** Bodies larger than this are uploaded in parts (default 8 MiB). */
  multipartThreshold?: number;
  /** Size of each part of a multipart upload (default 8 MiB, at least 5 MiB on AWS). */
  partSize?: number;
  /** Keys asked for per listing request (default and maximum 1,000). */
  listPageSize?: number;
}

/**
 * A pod on an S3 bucket (or an S3-compatible server), under an optional
 * prefix. Folders are key prefixes, listed with the '/' delimiter, so they
 * exist only while they hold files. Writes are write-once; see
 * `conditionalWrite` for what holds under concurrent writers.
 */
export class S3Pod extends BasePod {
  readonly protocol = 's3';
  readonly capabilities: PodCapabilities;
  readonly bucket: string;
  readonly prefix: string;
  readonly client: S3Client;
  readonly multipartThreshold: number;
  readonly partSize: number;
  readonly listPageSize: number;
  private readonly ownsClient: boolean;

  constructor(options: S3PodOptions) {
    super();
    if (!options.bucket) throw new TypeError('S3Pod needs a bucket name');
    this.bucket = options.bucket;
    this.prefix = checkPath((options.prefix ?? '').replace(/^\/+|\/+$/g, ''));
    this.ownsClient = options.client === undefined;
    this.client =
      options.client ??
      createS3Client(options.clientConfig, { endpoint: options.endpoint, verify: options.verify });
    const custom = options.client
      ? options.client.config.isCustomEndpoint === true
      : options.endpoint !== undefined || options.clientConfig?.endpoint !== undefined;
    this.parallelism = positive(options.parallelism ?? 16, 'parallelism');
    this.partSize = positive(options.partSize ?? 8 * MiB, 'partSize');
    this.multipartThreshold = positive(options.multipartThreshold ?? 8 * MiB, 'multipartThreshold');
    this.listPageSize = Math.min(1000, positive(options.listPageSize ?? 1000, 'listPageSize'));
    this.capabilities = {
      conditionalWrite: options.conditionalWrite ?? !custom,
      atomicWrite: true,
      atomicMove: false,
      persistent: true,
      evicts: false,
    };
  }

  /**
   * A pod from an `s3://` URI: `s3:///bucket/prefix`, `s3://bucket/prefix` or
   * `s3://host:port/bucket/prefix`, with an optional query
   * `?key=&secret=&token=&profile=&region=&endpoint=&verify=&conditional_write=`.
   * `options` add to (and win over) what the URI says.
   */
  static fromUri(uri: string, options: Partial<S3PodOptions> = {}): S3Pod {
    const loc = parseS3Uri(uri);
    const clientConfig: S3ClientConfig = {};
    if (loc.region) clientConfig.region = loc.region;
    if (loc.credentials) clientConfig.credentials = loc.credentials;
    if (loc.profile) clientConfig.profile = loc.profile;
    const merged: S3PodOptions = {
      bucket: loc.bucket,
      prefix: loc.prefix,
      verify: loc.verify,
      ...options,
      clientConfig: { ...clientConfig, ...options.clientConfig },
    };
    if (loc.endpoint && options.endpoint === undefined) merged.endpoint = loc.endpoint;
    if (loc.conditionalWrite !== undefined && options.conditionalWrite === undefined) {
      merged.conditionalWrite = loc.conditionalWrite;
    }
    return new S3Pod(merged);
  }

  /** The pod as an `s3://` URI, without credentials. */
  get uri(): string {
    return `s3:///${this.bucket}${this.prefix ? `/${this.prefix}` : ''}`;
  }

  /** Closes the sockets of the client the pod created; a client passed in is left open. */
  destroy(): void {
    if (this.ownsClient) this.client.destroy();
  }

  private key(path: string): string {
    return this.prefix === '' ? path : path === '' ? this.prefix : `${this.prefix}/${path}`;
  }

  private folderPrefix(path: string): string {
    const key = this.key(path);
    return key === '' ? '' : `${key}/`;
  }

  private fail(err: unknown, path: string, what: string, signal?: AbortSignal): never {
    throw toPodError(err, path, what, `s3://${this.bucket}`, signal);
  }

  protected async listEntries(path: string, signal?: AbortSignal): Promise<PodEntry[] | undefined> {
    const prefix = this.folderPrefix(path);
    const entries: PodEntry[] = [];
    let seen = false;
    let token: string | undefined;
    do {
      let page: ListObjectsV2CommandOutput;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: prefix,
            Delimiter: '/',
            ContinuationToken: token,
            MaxKeys: this.listPageSize,
          }),
          { abortSignal: signal },
        );
      } catch (err) {
        this.fail(err, path, 'Listing', signal);
      }
      for (const p of page.CommonPrefixes ?? []) {
        const name = p.Prefix?.slice(prefix.length, -1);
        seen = true;
        if (name) entries.push({ name, folder: true });
      }
      for (const o of page.Contents ?? []) {
        // A key equal to the prefix is a "folder marker" made by some tools:
        // the folder exists but the marker is not a file in it.
        const name = o.Key?.slice(prefix.length);
        seen = true;
        if (name) entries.push({ name, folder: false });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return seen ? entries : undefined;
  }

  protected async readFile(path: string, signal?: AbortSignal): Promise<Uint8Array> {
    try {
      const res = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.key(path) }),
        {
          abortSignal: signal,
        },
      );
      if (!res.Body) return new Uint8Array(0);
      return await res.Body.transformToByteArray();
    } catch (err) {
      this.fail(err, path, 'Reading', signal);
    }
  }

  protected async fileExists(path: string, signal?: AbortSignal): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.key(path) }), {
        abortSignal: signal,
      });
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      this.fail(err, path, 'Checking', signal);
    }
  }

  protected async writeFile(
    path: string,
    data: Uint8Array,
    force: boolean,
    signal?: AbortSignal,
  ): Promise<boolean> {
    const conditional = !force && this.capabilities.conditionalWrite;
    // Without conditional writes, a HEAD first keeps write-once for sequential
    // writers; racing writers may both write (identical bytes for
    // content-addressed files, so the loser is harmless there).
    if (!force && !conditional && (await this.fileExists(path, signal))) return false;
    const key = this.key(path);
    try {
      if (data.byteLength > this.multipartThreshold) {
        await multipartUpload(this.client, {
          bucket: this.bucket,
          key,
          body: data,
          partSize: this.partSize,
          parallelism: this.parallelism,
          ifNoneMatch: conditional,
          signal,
        });
      } else {
        await this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: key,
            Body: data,
            ContentLength: data.byteLength,
            IfNoneMatch: conditional ? '*' : undefined,
          }),
          { abortSignal: signal },
        );
      }
      return true;
    } catch (err) {
      if (conditional && isPreconditionFailed(err)) return false;
      this.fail(err, path, 'Writing', signal);
    }
  }

  protected async removeFile(path: string, signal?: AbortSignal): Promise<boolean> {
    // DeleteObject succeeds on a missing key, so only a HEAD tells whether
    // there was a file to remove.
    if (!(await this.fileExists(path, signal))) return false;
    try {
      await this.client.send(
        new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(path) }),
        {
          abortSignal: signal,
        },
      );
      return true;
    } catch (err) {
      this.fail(err, path, 'Removing', signal);
    }
  }

  protected async removeFolder(path: string, signal?: AbortSignal): Promise<boolean> {
    const prefix = this.folderPrefix(path);
    let found = false;
    let token: string | undefined;
    // The next page is listed while the previous one is being deleted; the
    // continuation token marks a key position, so deleting listed keys does
    // not shift later pages. The deletion settles into a value (never a
    // rejected promise left waiting) so a failure is reported, not lost.
    let deleting: Promise<{ err: unknown } | undefined> | undefined;
    const settle = async () => {
      const outcome = await deleting;
      deleting = undefined;
      if (outcome) throw outcome.err;
    };
    try {
      do {
        let page: ListObjectsV2CommandOutput;
        try {
          page = await this.client.send(
            new ListObjectsV2Command({
              Bucket: this.bucket,
              Prefix: prefix,
              ContinuationToken: token,
              MaxKeys: this.listPageSize,
            }),
            { abortSignal: signal },
          );
        } catch (err) {
          this.fail(err, path, 'Listing', signal);
        }
        const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : []));
        found ||= keys.length > 0;
        await settle();
        if (keys.length > 0) {
          deleting = this.deleteKeys(keys, path, signal).then(
            () => undefined,
            (err: unknown) => ({ err }),
          );
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } finally {
      // Never leave a deletion running behind the caller.
      await deleting;
    }
    await settle();
    return found;
  }

  override async rmMany(
    paths: readonly string[],
    options: { signal?: AbortSignal } = {},
  ): Promise<void> {
    for (const p of paths) checkPath(p, { allowRoot: false });
    throwIfAborted(options.signal);
    const keys = [...new Set(paths.map((p) => this.key(p)))];
    const batches: string[][] = [];
    for (let i = 0; i < keys.length; i += DELETE_BATCH)
      batches.push(keys.slice(i, i + DELETE_BATCH));
    await mapLimit(
      batches,
      Math.max(1, Math.floor(this.parallelism / 4)),
      (batch) => this.deleteKeys(batch, '', options.signal),
      options.signal,
    );
  }

  /** Deletes up to 1,000 keys in one request; keys that do not exist are not an error. */
  private async deleteKeys(keys: string[], path: string, signal?: AbortSignal): Promise<void> {
    let errors: { Key?: string; Code?: string; Message?: string }[];
    try {
      const res = await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
        }),
        { abortSignal: signal },
      );
      errors = res.Errors ?? [];
    } catch (err) {
      this.fail(err, path, 'Removing', signal);
    }
    const first = errors.find((e) => e.Code !== 'NoSuchKey');
    if (first) {
      const rel = this.relative(first.Key ?? '') ?? path;
      const err = Object.assign(new Error(first.Message ?? first.Code), { Code: first.Code });
      this.fail(err, rel, `Removing (${errors.length} of ${keys.length} keys failed)`, signal);
    }
  }

  private relative(key: string): string | undefined {
    if (this.prefix === '') return key;
    return key.startsWith(`${this.prefix}/`) ? key.slice(this.prefix.length + 1) : undefined;
  }

  protected async moveFile(from: string, to: string, signal?: AbortSignal): Promise<void> {
    const source = `${this.bucket}/${this.key(from)}`.split('/').map(encodeURIComponent).join('/');
    try {
      await this.client.send(
        new CopyObjectCommand({ Bucket: this.bucket, Key: this.key(to), CopySource: source }),
        { abortSignal: signal },
      );
    } catch (err) {
      this.fail(err, from, 'Moving', signal);
    }
    try {
      await this.client.send(
        new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(from) }),
        {
          abortSignal: signal,
        },
      );
    } catch (err) {
      this.fail(err, from, 'Moving', signal);
    }
  }
}

function positive(n: number, name: string): number {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new RangeError(`S3Pod: ${name} must be a positive integer, got ${n}`);
  }
  return n;
}
