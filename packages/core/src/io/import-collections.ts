import { InvalidInputError } from '../engine-errors.js';
import { NotFoundError, throwIfAborted } from '../errors.js';
import { checkLabel } from '../label.js';
import type { Pod } from '../pod.js';
import type { Repo } from '../repo.js';
import type { Schema } from '../schema.js';
import { type FileFormat, formatCodec, seriesFile } from './file-format.js';
import type { IoOptions, IoSummary } from './io-options.js';
import { decodeSchemaFile, SCHEMA_FILE } from './schema-file.js';

export type ImportOptions = IoOptions;

interface SeriesFile {
  /** Path inside the collection's folder, e.g. `temperature.csv`. */
  path: string;
  label: string;
  format: FileFormat;
}

interface CollectionPlan {
  label: string;
  folder: Pod;
  schema: Schema;
  /** True when the collection does not exist yet and comes from `_schema.json`. */
  create: boolean;
  files: SeriesFile[];
}

/** Names starting with `_` are Lakota's own files (`_schema.json`); with `.`, hidden files. */
const skipped = (name: string) => name.startsWith('_') || name.startsWith('.');

async function listSeriesFiles(
  folder: Pod,
  collection: string,
  signal?: AbortSignal,
): Promise<SeriesFile[]> {
  const files: SeriesFile[] = [];
  const seen = new Map<string, string>();
  // Walking (not just listing) brings back series whose label holds a '/', which the export wrote in subfolders.
  for await (const path of folder.walk('', signal ? { signal } : {})) {
    if (path.split('/').some(skipped)) continue;
    const { label, format } = seriesFile(`${collection}/${path}`);
    const series = label.slice(collection.length + 1);
    const twin = seen.get(series);
    if (twin) {
      throw new InvalidInputError(
        `'${collection}/${twin}' and '${collection}/${path}' both hold series '${series}': keep one of them`,
      );
    }
    seen.set(series, path);
    files.push({ path, label: series, format });
  }
  return files;
}

async function planCollection(
  repo: Repo,
  src: Pod,
  label: string,
  signal?: AbortSignal,
): Promise<CollectionPlan> {
  const folder = src.cd(label);
  let files: SeriesFile[];
  try {
    // walk() finds nothing in a missing folder; ls() says it is missing.
    await src.ls(label, signal ? { signal } : {});
    files = await listSeriesFiles(folder, label, signal);
  } catch (err) {
    if (err instanceof NotFoundError) {
      throw new NotFoundError(label, {
        message: `No folder '${label}' to import in the source: list it to see which collections it holds`,
        cause: err,
      });
    }
    throw err;
  }
  if (await repo.hasCollection(label)) {
    // As in Python Lakota, an existing collection keeps its schema; files must fit it.
    return { label, folder, schema: (await repo.collection(label)).schema, create: false, files };
  }
  let bytes: Uint8Array;
  try {
    bytes = await folder.read(SCHEMA_FILE, signal ? { signal } : {});
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    throw new InvalidInputError(
      `Cannot import '${label}': the repository has no such collection and '${label}/${SCHEMA_FILE}' is missing; create the collection first or add its schema file`,
      { cause: err },
    );
  }
  return {
    label,
    folder,
    schema: decodeSchemaFile(bytes, `${label}/${SCHEMA_FILE}`),
    create: true,
    files,
  };
}

/**
 * Imports collections from a folder tree written by `exportCollections`
 * (or by Python Lakota): missing collections are created from their
 * `_schema.json`, and all the series of a collection are written in one
 * revision. Every file is read and checked before anything is written, so a
 * bad file (wrong header, unreadable cell, unknown extension) leaves the
 * repository as it was. Files and folders whose name starts with `_` or `.`
 * are skipped; files without rows write nothing.
 */
export async function importCollections(
  repo: Repo,
  src: Pod,
  options: ImportOptions = {},
): Promise<IoSummary> {
  const { signal } = options;
  let labels = options.collections?.length ? [...new Set(options.collections)] : undefined;
  if (!labels) {
    labels = [];
    for (const name of await src.ls('', signal ? { signal } : {})) {
      if (!skipped(name) && !(await src.isFile(name))) labels.push(name);
    }
  }
  const plans: CollectionPlan[] = [];
  for (const label of labels) {
    checkLabel(label, 'collection');
    plans.push(await planCollection(repo, src, label, signal));
  }
  const total = plans.reduce((n, p) => n + p.files.length, 0);

  // Pass 1: read and check everything. Files are read again in pass 2
  // rather than kept, so memory holds one file at a time.
  let done = 0;
  for (const plan of plans) {
    for (const f of plan.files) {
      throwIfAborted(signal);
      const file = `${plan.label}/${f.path}`;
      checkLabel(f.label, 'series');
      await formatCodec(f.format).decode(
        await plan.folder.read(f.path, signal ? { signal } : {}),
        plan.schema,
        file,
      );
      options.onProgress?.({ phase: 'check', collection: plan.label, file, done: ++done, total });
    }
  }

  // Pass 2: one revision per collection.
  const summary: IoSummary = { collections: labels, series: 0, rows: 0 };
  done = 0;
  for (const plan of plans) {
    const collection = await repo.createCollection(plan.schema, plan.label);
    try {
      await collection.multi(
        async (batch) => {
          for (const f of plan.files) {
            throwIfAborted(signal);
            const file = `${plan.label}/${f.path}`;
            const bytes = await plan.folder.read(f.path, signal ? { signal } : {});
            const frame = await formatCodec(f.format).decode(bytes, plan.schema, file);
            if (frame.length) {
              await batch.series(f.label).write(frame, signal ? { signal } : {});
              summary.series++;
              summary.rows += frame.length;
            }
            options.onProgress?.({
              phase: 'write',
              collection: plan.label,
              file,
              done: ++done,
              total,
            });
          }
        },
        signal ? { signal } : {},
      );
    } catch (err) {
      // A collection this import created must not stay behind empty.
      if (plan.create) await repo.deleteCollection(plan.label).catch(() => undefined);
      throw err;
    }
  }
  return summary;
}
