import { arrayDigest, decodeArray, encodeArray, isFixedSize } from './codecs/index.js';
import type { ColumnArray } from './column-array.js';
import type { Commit } from './commit.js';
import { IntegrityError } from './engine-errors.js';
import { NotFoundError } from './errors.js';
import { EMPTY_DIGEST, hashedPath } from './hashed-path.js';
import { LruCache } from './lru.js';
import type { Pod } from './pod.js';
import type { SchemaColumn } from './schema.js';
import { segmentDigestMatches } from './segment-digest.js';

/** Arrays whose encoded form is smaller than this live inside the commit (FORMAT.md §5.4). */
export const EMBED_MAX_SIZE = 1024;

export interface EncodedColumn {
  digest: string;
  bytes: Uint8Array;
  embedded: boolean;
}

/** Bounds of that reuse: the total kept, and the largest encoding worth keeping. */
const ENCODED_CACHE_BYTES = 8 * 1024 * 1024;
const ENCODED_MAX_BYTES = 1024 * 1024;
const NO_BYTES = new Uint8Array(0);

const byteCost = (a: ColumnArray) =>
  Array.isArray(a) ? a.length * 32 : (a as Float64Array).byteLength;

/**
 * Column arrays by digest: encoded and written once at the repository root,
 * embedded in commits when small, and read back through a decoded-array cache.
 */
export class SegmentStore {
  private readonly cache: LruCache<string, ColumnArray>;
  private readonly pending = new Map<string, Promise<ColumnArray>>();
  /** Recently encoded numeric arrays, by digest, dtype and codecs. */
  private readonly encoded = new LruCache<string, Uint8Array>(
    ENCODED_CACHE_BYTES,
    (b) => b.byteLength,
  );

  constructor(
    readonly pod: Pod,
    cacheBytes = 256 * 1024 * 1024,
    /** Check each segment read against the digest naming it (a flipped byte in plain data decodes fine). */
    readonly verify = true,
  ) {
    this.cache = new LruCache(cacheBytes, byteCost);
  }

  encode(values: ColumnArray, column: SchemaColumn): EncodedColumn {
    // A numeric array's digest hashes its raw values, so it is known before
    // encoding: an array written again (the same timestamps for many series)
    // reuses its encoded bytes instead of compressing them once more.
    let key: string | undefined;
    if (values.length > 0 && isFixedSize(column.dt)) {
      const digest = arrayDigest(values, column.dt, NO_BYTES);
      key = `${digest}:${column.dt}:${column.codecs.join(',')}`;
      const bytes = this.encoded.get(key);
      if (bytes) return { digest, bytes, embedded: bytes.byteLength < EMBED_MAX_SIZE };
    }
    const bytes = encodeArray(values, column.dt, column.codecs);
    const digest = values.length === 0 ? EMPTY_DIGEST : arrayDigest(values, column.dt, bytes);
    if (key && bytes.byteLength <= ENCODED_MAX_BYTES) this.encoded.set(key, bytes);
    return { digest, bytes, embedded: bytes.byteLength < EMBED_MAX_SIZE };
  }

  /** Writes the non-embedded arrays (write-once: content-addressed files never change). */
  async save(columns: readonly EncodedColumn[], signal?: AbortSignal): Promise<void> {
    await Promise.all(
      columns
        .filter((c) => !c.embedded)
        .map((c) => this.pod.write(hashedPath(c.digest), c.bytes, signal ? { signal } : {})),
    );
  }

  /** The encoded bytes of a digest: embedded in the commit, a segment file, or its soft-deleted form. */
  async bytes(digest: string, commit: Commit): Promise<Uint8Array> {
    if (digest === EMPTY_DIGEST) return new Uint8Array(0);
    const embedded = commit.embedded.get(digest);
    if (embedded) return embedded;
    const path = hashedPath(digest);
    try {
      return await this.pod.read(path);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      // gc's first pass renames unreferenced files to `name.<hextime>`.
      const folder = path.slice(0, 5);
      const name = path.slice(6);
      const names = await this.pod.ls(folder, { missingOk: true });
      const soft = names.find((n) => n.startsWith(`${name}.`));
      if (soft) {
        try {
          return await this.pod.read(`${folder}/${soft}`);
        } catch (again) {
          if (!(again instanceof NotFoundError)) throw again;
        }
      }
      // gc may have renamed the file back (it is referenced again) meanwhile.
      try {
        return await this.pod.read(path);
      } catch (again) {
        if (!(again instanceof NotFoundError)) throw again;
      }
      throw new IntegrityError(
        path,
        `Segment file '${path}' is missing: the repository is damaged (restore the file or pull it again from a remote)`,
        { cause: err },
      );
    }
  }

  /**
   * The decoded array of a digest, checked against its length. Concurrent
   * reads of one array share one request.
   */
  read(digest: string, column: SchemaColumn, commit: Commit, length: number): Promise<ColumnArray> {
    const key = `${digest}:${column.dt}`;
    const hit = this.cache.get(key);
    if (hit) return Promise.resolve(hit);
    let pending = this.pending.get(key);
    if (!pending) {
      pending = this.load(key, digest, column, commit, length).finally(() =>
        this.pending.delete(key),
      );
      this.pending.set(key, pending);
    }
    return pending;
  }

  private async load(
    key: string,
    digest: string,
    column: SchemaColumn,
    commit: Commit,
    length: number,
  ): Promise<ColumnArray> {
    const bytes = await this.bytes(digest, commit);
    let values: ColumnArray;
    try {
      values = decodeArray(bytes, column.dt, column.codecs);
    } catch (err) {
      const where = commit.embedded.has(digest)
        ? `embedded array ${digest}`
        : `segment file '${hashedPath(digest)}'`;
      throw new IntegrityError(
        hashedPath(digest),
        `Cannot decode ${where} of column '${column.name}': the file is corrupted`,
        { cause: err },
      );
    }
    if (values.length !== length) {
      throw new IntegrityError(
        hashedPath(digest),
        `Segment '${hashedPath(digest)}' of column '${column.name}' holds ${values.length} values where its commit says ${length}: the file is corrupted`,
      );
    }
    if (this.verify && !segmentDigestMatches(digest, bytes, values, column)) {
      throw new IntegrityError(
        hashedPath(digest),
        `Segment '${hashedPath(digest)}' of column '${column.name}' does not hold the values its name promises: the file is corrupted (restore it or pull it again). ` +
          'A datetime column written by Python from sub-second values cannot be checked: open the repository with { verifySegments: false } to read it',
      );
    }
    this.cache.set(key, values);
    return values;
  }
}
