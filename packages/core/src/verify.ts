import { decodeArray, sha1Hex } from './codecs/index.js';
import { Collection } from './collection.js';
import type { ColumnArray } from './column-array.js';
import { Commit } from './commit.js';
import { mapLimit } from './concurrency.js';
import { NotFoundError } from './errors.js';
import { EMPTY_DIGEST, hashedPath } from './hashed-path.js';
import { resolveQuery } from './query.js';
import type { CollectionMeta, Repo } from './repo.js';
import type { Revision } from './revision.js';
import { Schema, type SchemaColumn } from './schema.js';
import { segmentDigestMatches } from './segment-digest.js';

/** What is wrong with a damaged file. */
export type DamageKind =
  /** A revision file whose bytes do not hash to the digest in its name. */
  | 'revision-digest'
  /** A revision file listed but not readable. */
  | 'revision-unreadable'
  /** A revision file with the right digest that does not decode with the collection's schema. */
  | 'revision-undecodable'
  /** No collection list could be read from the registry: its collections were not checked. */
  | 'registry-unreadable'
  /** A collection whose registry entry cannot be used (e.g. its schema does not parse). */
  | 'collection-unreadable'
  /** A segment file some revision needs is gone. */
  | 'segment-missing'
  /** A segment file that cannot be read. */
  | 'segment-unreadable'
  /** A segment file that does not decode with its column's codecs. */
  | 'segment-undecodable'
  /** A segment file holding another number of values than the commits say. */
  | 'segment-length'
  /** A segment file whose values do not hash to its digest. */
  | 'segment-digest'
  /** An array embedded in a commit that does not decode, or has the wrong length. */
  | 'embedded';

export interface Damage {
  kind: DamageKind;
  /** The damaged file, relative to the repository root. */
  path: string;
  /** The collection it belongs to (`__registry__` for the registry). */
  collection: string;
  /** Child ids of the revisions whose reads it breaks (at most 20 listed). */
  revisions: string[];
  message: string;
}

export interface VerifyReport {
  /** True when nothing is damaged. */
  ok: boolean;
  /** Collections checked (the registry not counted). */
  collections: number;
  /** Revision files checked, registry included. */
  revisions: number;
  /** Segment files checked. */
  segments: number;
  /** Embedded arrays checked. */
  embedded: number;
  damaged: Damage[];
  /**
   * Segment files read only in their soft-deleted form (`name.<hextime>`):
   * readable, and the next gc renames them back; listed because a gc run
   * more than its timeout later would have removed them.
   */
  softDeleted: string[];
}

export interface VerifyProgress {
  phase: 'revisions' | 'segments';
  done: number;
  total: number;
}

export interface VerifyOptions {
  /** Called as files are checked. */
  onProgress?: (progress: VerifyProgress) => void;
  signal?: AbortSignal;
  /** Files read at once (default 8). */
  concurrency?: number;
}

const MAX_LISTED_REVISIONS = 20;
/** Revision files decoded before their arrays are noted (and the commits dropped). */
const REVISION_WAVE = 64;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.compare(a, b) === 0;
}
const REGISTRY_LABEL = '__registry__';

interface ArrayCheck {
  digest: string;
  column: SchemaColumn;
  length: number;
  collection: string;
  /** Child ids of the first revisions that read it (as many as a damage lists). */
  revisions: Set<string>;
  /** Some commit references it without embedding it, so a segment file must exist. */
  needsFile: boolean;
}

function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Checks a whole repository: every revision file of the registry and of
 * every collection (its SHA-1 and that it decodes), and every array any
 * revision references, embedded or in a segment file (present, decodable,
 * of the length the commit says, and matching its digest). Returns what is
 * damaged instead of throwing, so one bad file does not hide the others.
 * Reads go straight to the pod, past the engine's caches.
 */
export async function verifyRepo(repo: Repo, options: VerifyOptions = {}): Promise<VerifyReport> {
  const { signal, onProgress } = options;
  const concurrency = options.concurrency ?? 8;
  const report: VerifyReport = {
    ok: true,
    collections: 0,
    revisions: 0,
    segments: 0,
    embedded: 0,
    damaged: [],
    softDeleted: [],
  };
  const damage = (d: Omit<Damage, 'revisions'> & { revisions?: Iterable<string> }) => {
    report.damaged.push({
      ...d,
      revisions: [...(d.revisions ?? [])].slice(0, MAX_LISTED_REVISIONS),
    });
  };

  const collections = await listCollections(repo, damage);
  report.collections = collections.length;
  // Every changelog is listed first, so progress has a total.
  const logs: [Collection, string, Revision[]][] = [];
  for (const c of [repo.registry, ...collections]) {
    const log = await c.changelog.log();
    logs.push([
      c,
      c === repo.registry ? REGISTRY_LABEL : c.label,
      [...new Map(log.map((r) => [r.path, r])).values()],
    ]);
  }
  const totalRevisions = logs.reduce((n, [, , revs]) => n + revs.length, 0);

  const arrays = new Map<string, ArrayCheck>();
  // The distinct copies of each embedded array seen so far: every later
  // commit carries a copy, so most are equal to one already checked, which a
  // byte comparison tells much faster than hashing each copy.
  const embeddedCopies = new Map<string, Uint8Array[]>();
  for (const [collection, label, revs] of logs) {
    // A wave of revisions at a time, in log order: a repository's commits
    // together can be gigabytes once decoded.
    for (let at = 0; at < revs.length; at += REVISION_WAVE) {
      const wave = revs.slice(at, at + REVISION_WAVE);
      const commits = await mapLimit(
        wave,
        concurrency,
        (rev) => checkRevision(collection, label, rev, totalRevisions),
        signal,
      );
      wave.forEach((rev, i) => {
        const ci = commits[i];
        if (ci) collectArrays(collection, label, rev, ci);
      });
    }
  }
  const files = [...arrays.values()].filter((c) => c.needsFile);
  let doneSegments = 0;
  await mapLimit(
    files,
    concurrency,
    async (check) => {
      await checkSegment(check);
      onProgress?.({ phase: 'segments', done: ++doneSegments, total: files.length });
    },
    signal,
  );
  report.ok = report.damaged.length === 0;
  return report;

  /** Notes the arrays a commit's rows read, and checks the embedded copies not seen yet. */
  function collectArrays(collection: Collection, label: string, rev: Revision, ci: Commit): void {
    for (const row of ci.rows) {
      if (row.length === 0) continue;
      collection.schema.columns.forEach((column, k) => {
        const digest = row.digests[k] as string;
        if (digest === EMPTY_DIGEST) return;
        const key = `${digest}:${column.dt}:${column.codecs.join(',')}`;
        let check = arrays.get(key);
        if (!check) {
          check = {
            digest,
            column,
            length: row.length,
            collection: label,
            revisions: new Set(),
            needsFile: false,
          };
          arrays.set(key, check);
        }
        if (check.revisions.size < MAX_LISTED_REVISIONS) check.revisions.add(rev.child);
        const embedded = ci.embedded.get(digest);
        if (!embedded) {
          check.needsFile = true;
          return;
        }
        const copies = embeddedCopies.get(key) ?? [];
        if (copies.some((c) => sameBytes(c, embedded))) return;
        copies.push(embedded);
        embeddedCopies.set(key, copies);
        checkEmbedded(embedded, check, `${collection.path}/${rev.path}`);
      });
    }
  }

  /** Reads a revision file and decodes it; undefined (and a damage) when that fails. */
  async function checkRevision(
    collection: Collection,
    label: string,
    rev: Revision,
    total: number,
  ): Promise<Commit | undefined> {
    const path = `${collection.path}/${rev.path}`;
    const where = { path, collection: label, revisions: [rev.child] };
    try {
      let bytes: Uint8Array;
      try {
        bytes = await collection.changelog.pod.read(rev.path);
      } catch (err) {
        // Listed, then removed by a trim running meanwhile: gone, not damaged.
        if (err instanceof NotFoundError) return undefined;
        damage({
          kind: 'revision-unreadable',
          ...where,
          message: `Revision file '${path}' cannot be read: ${describeError(err)}`,
        });
        return undefined;
      }
      const actual = sha1Hex(bytes);
      if (actual !== rev.digest) {
        damage({
          kind: 'revision-digest',
          ...where,
          message: `Revision file '${path}' is corrupted: its SHA-1 is ${actual}, its name says ${rev.digest}`,
        });
        return undefined;
      }
      try {
        return Commit.decode(collection.schema, bytes);
      } catch (err) {
        damage({
          kind: 'revision-undecodable',
          ...where,
          message: `Revision file '${path}' does not decode: ${describeError(err)}`,
        });
        return undefined;
      }
    } finally {
      report.revisions++;
      onProgress?.({ phase: 'revisions', done: report.revisions, total });
    }
  }

  function checkEmbedded(bytes: Uint8Array, check: ArrayCheck, revisionPath: string): void {
    report.embedded++;
    try {
      const values = decodeArray(bytes, check.column.dt, check.column.codecs);
      if (values.length !== check.length) {
        throw new Error(`it holds ${values.length} values where the commit says ${check.length}`);
      }
    } catch (err) {
      damage({
        kind: 'embedded',
        path: revisionPath,
        collection: check.collection,
        revisions: check.revisions,
        message: `Array ${check.digest} (column '${check.column.name}') embedded in '${revisionPath}' is damaged: ${describeError(err)}`,
      });
    }
  }

  async function checkSegment(check: ArrayCheck): Promise<void> {
    const path = hashedPath(check.digest);
    const where = { collection: check.collection, revisions: check.revisions };
    const what = `column '${check.column.name}' of '${check.collection}'`;
    let bytes: Uint8Array;
    let found = path;
    try {
      try {
        bytes = await repo.pod.read(path, signal ? { signal } : {});
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
        // gc's first pass renames unreferenced files to `name.<hextime>`; reads still find them.
        const names = await repo.pod.ls(path.slice(0, 5), { missingOk: true });
        const soft = names.find((n) => n.startsWith(`${path.slice(6)}.`));
        if (!soft) {
          damage({
            kind: 'segment-missing',
            path,
            ...where,
            message: `Segment file '${path}' (${what}) is missing`,
          });
          return;
        }
        found = `${path.slice(0, 5)}/${soft}`;
        report.softDeleted.push(found);
        bytes = await repo.pod.read(found, signal ? { signal } : {});
      }
    } catch (err) {
      damage({
        kind: 'segment-unreadable',
        path,
        ...where,
        message: `Segment file '${path}' (${what}) cannot be read: ${describeError(err)}`,
      });
      return;
    }
    report.segments++;
    let values: ColumnArray;
    try {
      values = decodeArray(bytes, check.column.dt, check.column.codecs);
    } catch (err) {
      damage({
        kind: 'segment-undecodable',
        path: found,
        ...where,
        message: `Segment file '${found}' (${what}) does not decode: ${describeError(err)}`,
      });
      return;
    }
    if (values.length !== check.length) {
      damage({
        kind: 'segment-length',
        path: found,
        ...where,
        message: `Segment file '${found}' (${what}) holds ${values.length} values where the commits say ${check.length}`,
      });
      return;
    }
    if (!segmentDigestMatches(check.digest, bytes, values, check.column)) {
      const hint =
        check.column.kind === 'datetime'
          ? " (unless Python Lakota wrote it from datetimes finer than the column's unit, whose digest cannot be checked)"
          : '';
      damage({
        kind: 'segment-digest',
        path: found,
        ...where,
        message: `Segment file '${found}' (${what}) is corrupted: its values do not match its digest${hint}`,
      });
    }
  }
}

/**
 * The collections of a repository: from the registry's leaf, or, when that
 * cannot be read, from the latest registry revision that can (so a damaged
 * registry does not stop the other checks).
 */
async function listCollections(
  repo: Repo,
  damage: (d: Omit<Damage, 'revisions'>) => void,
): Promise<Collection[]> {
  let metas: Map<string, CollectionMeta> | undefined;
  try {
    metas = new Map(
      (await repo.search()).map((c) => [c.label, { path: c.path, schema: c.schema.toJSON() }]),
    );
  } catch (err) {
    const log = await repo.registry.changelog.log();
    for (let i = log.length - 1; i >= 0 && !metas; i--) {
      const rev = log[i] as Revision;
      try {
        metas = await registryEntriesAt(repo, await repo.registry.readCommit(rev));
      } catch {
        // Try an older one.
      }
    }
    damage({
      kind: 'registry-unreadable',
      path: repo.registry.path,
      collection: REGISTRY_LABEL,
      message: `The registry's current revision cannot be read (${describeError(err)}); ${metas ? 'collections were taken from its latest readable revision' : 'no revision of it can be read, so no collection was checked'}`,
    });
  }
  const out: Collection[] = [];
  for (const [label, meta] of metas ?? []) {
    try {
      out.push(new Collection(repo, label, Schema.fromJSON(meta.schema), meta.path));
    } catch (err) {
      damage({
        kind: 'collection-unreadable',
        path: repo.registry.path,
        collection: label,
        message: `Collection '${label}' has an unusable registry entry: ${describeError(err)}`,
      });
    }
  }
  return out;
}

/**
 * The registry's `collection` entries in one commit, read without the
 * registry's leaf (which `series.read({ at })` would need for tags).
 */
async function registryEntriesAt(repo: Repo, commit: Commit): Promise<Map<string, CollectionMeta>> {
  const schema = repo.registry.schema;
  const series = repo.registry.series('collection');
  const located = await series.locate(commit, resolveQuery(schema, {}));
  const meta = schema.columns[1] as SchemaColumn;
  const out = new Map<string, CollectionMeta>();
  for (const seg of located) {
    const labels = seg.index[0] as string[];
    const values = (await repo.segments.read(
      seg.row.digests[1] as string,
      meta,
      commit,
      seg.row.length,
    )) as unknown[];
    for (let i = seg.lo; i < seg.hi; i++) out.set(labels[i] as string, values[i] as CollectionMeta);
  }
  return out;
}

export { segmentDigestMatches };
