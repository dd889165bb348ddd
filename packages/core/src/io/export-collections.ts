import type { Collection } from '../collection.js';
import { throwIfAborted } from '../errors.js';
import type { Pod } from '../pod.js';
import type { Repo } from '../repo.js';
import { type FileFormat, formatCodec } from './file-format.js';
import type { IoOptions, IoSummary } from './io-options.js';
import { encodeSchemaFile, SCHEMA_FILE } from './schema-file.js';

export interface ExportOptions extends IoOptions {
  /** File format of the series: `csv` (default, as Python Lakota) or `parquet`. */
  format?: FileFormat;
}

/**
 * Writes collections (all by default) to a pod as Python Lakota's
 * `export_collections` does: per collection a folder `<label>/` holding
 * `_schema.json` (the stored schema form) and one `<series>.csv` or
 * `<series>.parquet` per series, with the series' current values. Existing
 * files are overwritten.
 */
export async function exportCollections(
  repo: Repo,
  dest: Pod,
  options: ExportOptions = {},
): Promise<IoSummary> {
  const format = options.format ?? 'csv';
  const codec = formatCodec(format);
  const labels = options.collections?.length ? [...new Set(options.collections)] : await repo.ls();
  // Resolve every collection first, so an unknown label fails before anything is written.
  const plan: { collection: Collection; series: string[] }[] = [];
  for (const label of labels) {
    throwIfAborted(options.signal);
    const collection = await repo.collection(label);
    plan.push({ collection, series: await collection.ls() });
  }
  const total = plan.reduce((n, p) => n + p.series.length, 0);
  const summary: IoSummary = { collections: labels, series: 0, rows: 0 };
  for (const { collection, series } of plan) {
    const folder = dest.cd(collection.label);
    await folder.write(SCHEMA_FILE, encodeSchemaFile(collection.schema), {
      force: true,
      signal: options.signal,
    });
    for (const label of series) {
      throwIfAborted(options.signal);
      const file = `${label}.${format}`;
      const frame = await collection
        .series(label)
        .read(options.signal ? { signal: options.signal } : {});
      await folder.write(file, await codec.encode(frame, `${collection.label}/${file}`), {
        force: true,
        signal: options.signal,
      });
      summary.series++;
      summary.rows += frame.length;
      options.onProgress?.({
        phase: 'export',
        collection: collection.label,
        file: `${collection.label}/${file}`,
        done: summary.series,
        total,
      });
    }
  }
  return summary;
}
