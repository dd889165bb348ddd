import { createHash } from 'node:crypto';
import { crc32cBase64 } from './crc32c.js';
import { GcsError, invalid, notFoundBucket, notFoundObject } from './gcs-error.js';
import { compareCodePoints } from './list-objects.js';
import { checkPreconditions, type Preconditions } from './preconditions.js';

/** Metadata a client may set on an object (the writable fields of the resource). */
export interface WritableMetadata {
  contentType?: string;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
  customTime?: string;
  storageClass?: string;
  metadata?: Record<string, string | null>;
}

/** One live object: its bytes, checksums and generation numbers. */
export interface StoredObject {
  bucket: string;
  name: string;
  data: Buffer;
  generation: number;
  metageneration: number;
  md5Hash: string | undefined;
  crc32c: string;
  componentCount: number | undefined;
  timeCreated: string;
  updated: string;
  meta: WritableMetadata;
}

export interface StoredBucket {
  name: string;
  timeCreated: string;
  metageneration: number;
  objects: Map<string, StoredObject>;
  /** Names in code point order (= UTF-8 byte order, as GCS lists); rebuilt lazily. */
  sorted: string[] | undefined;
}

const WRITABLE_KEYS: readonly (keyof WritableMetadata)[] = [
  'contentType',
  'contentEncoding',
  'contentDisposition',
  'contentLanguage',
  'cacheControl',
  'customTime',
  'storageClass',
  'metadata',
];

/** Picks the writable fields out of a client-sent resource, ignoring the rest as GCS does. */
export function pickWritable(resource: unknown): WritableMetadata {
  const out: WritableMetadata = {};
  if (resource === null || typeof resource !== 'object') return out;
  const src = resource as Record<string, unknown>;
  for (const key of WRITABLE_KEYS) {
    const value = src[key];
    if (value === undefined || value === null) continue;
    if (key === 'metadata') {
      if (typeof value !== 'object') throw invalid('metadata must be an object of strings');
      out.metadata = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [
          k,
          v === null ? null : String(v),
        ]),
      );
    } else {
      out[key] = String(value) as never;
    }
  }
  return out;
}

/** Merges metadata as a PATCH does: `null` in custom metadata removes a key. */
export function mergeMetadata(base: WritableMetadata, patch: WritableMetadata): WritableMetadata {
  const merged: WritableMetadata = { ...base, ...patch };
  if (patch.metadata !== undefined) {
    const custom: Record<string, string | null> = { ...base.metadata };
    for (const [k, v] of Object.entries(patch.metadata)) {
      if (v === null) delete custom[k];
      else custom[k] = v;
    }
    merged.metadata = custom;
  }
  return merged;
}

/** Checks an object name against the rules GCS enforces. */
export function checkObjectName(name: string): void {
  if (name === '') throw new GcsError(400, 'required', 'Required parameter: object name');
  if (Buffer.byteLength(name, 'utf8') > 1024) {
    throw invalid('The object name is longer than 1024 bytes when UTF-8 encoded.');
  }
  if (/[\r\n]/.test(name)) {
    throw invalid('Object names cannot contain carriage return or line feed characters.');
  }
  if (name === '.' || name === '..') throw invalid(`Object name '${name}' is not allowed.`);
  if (name.startsWith('.well-known/acme-challenge/')) {
    throw invalid("Object names cannot start with '.well-known/acme-challenge/'.");
  }
}

/** Checks a bucket name against the (non-domain) GCS naming rules. */
export function checkBucketName(name: string): void {
  if (!/^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/.test(name) || name.includes('..')) {
    throw invalid(`Invalid bucket name: '${name}'`);
  }
}

/**
 * All buckets and their live objects, in memory. Object versioning is not
 * modelled: a new generation replaces the previous one.
 */
export class ObjectStore {
  readonly buckets = new Map<string, StoredBucket>();
  private lastGeneration = 0;

  /** Generations are microsecond timestamps on GCS; kept strictly increasing here. */
  private nextGeneration(): number {
    this.lastGeneration = Math.max(this.lastGeneration + 1, Date.now() * 1000);
    return this.lastGeneration;
  }

  createBucket(name: string): StoredBucket {
    checkBucketName(name);
    if (this.buckets.has(name)) {
      throw new GcsError(
        409,
        'conflict',
        'Your previous request to create the named bucket succeeded and you already own it.',
      );
    }
    const bucket: StoredBucket = {
      name,
      timeCreated: new Date().toISOString(),
      metageneration: 1,
      objects: new Map(),
      sorted: undefined,
    };
    this.buckets.set(name, bucket);
    return bucket;
  }

  bucket(name: string): StoredBucket {
    const bucket = this.buckets.get(name);
    if (!bucket) throw notFoundBucket();
    return bucket;
  }

  deleteBucket(name: string): void {
    const bucket = this.bucket(name);
    if (bucket.objects.size > 0) {
      throw new GcsError(409, 'conflict', 'The bucket you tried to delete is not empty.');
    }
    this.buckets.delete(name);
  }

  /** The live object, or a 404 naming it. */
  get(bucketName: string, name: string, generation?: number): StoredObject {
    const found = this.bucket(bucketName).objects.get(name);
    if (!found || (generation !== undefined && found.generation !== generation)) {
      throw notFoundObject(bucketName, name);
    }
    return found;
  }

  peek(bucketName: string, name: string): StoredObject | undefined {
    return this.bucket(bucketName).objects.get(name);
  }

  /**
   * Stores a new generation of an object once its preconditions hold. The
   * check and the replacement happen in one synchronous step, so two racing
   * `ifGenerationMatch=0` writers can never both succeed.
   */
  put(
    bucketName: string,
    name: string,
    data: Buffer,
    meta: WritableMetadata,
    pre: Preconditions,
    options: { md5?: boolean; componentCount?: number } = {},
  ): StoredObject {
    checkObjectName(name);
    const bucket = this.bucket(bucketName);
    checkPreconditions(bucket.objects.get(name), pre);
    const now = new Date().toISOString();
    const stored: StoredObject = {
      bucket: bucketName,
      name,
      data,
      generation: this.nextGeneration(),
      metageneration: 1,
      // Composite objects have no MD5 on GCS, only a CRC32C.
      md5Hash: options.md5 === false ? undefined : createHash('md5').update(data).digest('base64'),
      crc32c: crc32cBase64(data),
      componentCount: options.componentCount,
      timeCreated: now,
      updated: now,
      meta: { contentType: 'application/octet-stream', ...meta },
    };
    if (!bucket.objects.has(name)) bucket.sorted = undefined;
    bucket.objects.set(name, stored);
    return stored;
  }

  /** Applies a metadata patch (or a full replacement) and bumps the metageneration. */
  update(
    bucketName: string,
    name: string,
    meta: WritableMetadata,
    pre: Preconditions,
    replace: boolean,
  ): StoredObject {
    const current = this.get(bucketName, name);
    checkPreconditions(current, pre);
    current.meta = replace
      ? { contentType: 'application/octet-stream', ...meta }
      : mergeMetadata(current.meta, meta);
    current.metageneration += 1;
    current.updated = new Date().toISOString();
    return current;
  }

  delete(bucketName: string, name: string, pre: Preconditions, generation?: number): void {
    const current = this.get(bucketName, name, generation);
    checkPreconditions(current, pre);
    const bucket = this.bucket(bucketName);
    bucket.objects.delete(name);
    bucket.sorted = undefined;
  }

  /** Object names of a bucket in listing order. */
  sortedNames(bucketName: string): string[] {
    const bucket = this.bucket(bucketName);
    bucket.sorted ??= [...bucket.objects.keys()].sort(compareCodePoints);
    return bucket.sorted;
  }

  clear(): void {
    this.buckets.clear();
  }
}
