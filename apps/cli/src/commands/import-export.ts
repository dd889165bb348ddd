import { exportCollections, type IoProgress, importCollections } from '@lakota/core';
import { Command, Option } from 'commander';
import { type App, examples } from '../app.js';
import { collect } from '../arg-parsers.js';

type Direction = 'import' | 'export';

/**
 * `import` and `export`: collections from or to a folder (any pod URI) of
 * `<collection>/_schema.json` plus one CSV or Parquet file per series, as
 * Python Lakota lays them out.
 */
export function transferCommand(app: App, direction: Direction): Command {
  const command = new Command(direction)
    .summary(
      direction === 'export'
        ? 'export collections to a folder of CSV or Parquet files'
        : 'import collections from a folder of CSV or Parquet files',
    )
    .description(
      direction === 'export'
        ? 'Export collections (all by default) to a folder: per collection a folder with _schema.json and one file per series holding its current values.'
        : "Import collections (all by default) from a folder written by export (or by Python Lakota's export). Every file is checked before anything is written.",
    )
    .argument(
      '<uri>',
      direction === 'export' ? 'where to write the export' : 'where to read collections from',
    )
    .option('-c, --collection <label>', `${direction} only this collection (repeatable)`, collect);
  if (direction === 'export') {
    command.addOption(
      new Option('-T, --file-type <type>', 'file type of the series')
        .choices(['csv', 'parquet'])
        .default('csv'),
    );
  }
  command.action(
    async (uri: string, options: { collection?: string[]; fileType?: 'csv' | 'parquet' }) => {
      const ctx = app.context();
      const repo = await ctx.repo();
      const pod = await ctx.openPod([uri]);
      const progress = ctx.progress(direction);
      const shared = {
        ...(options.collection?.length ? { collections: options.collection } : {}),
        onProgress: (p: IoProgress) => progress.update(p.done, p.total),
      };
      try {
        if (direction === 'export') {
          await exportCollections(repo, pod, { ...shared, format: options.fileType ?? 'csv' });
        } else {
          await importCollections(repo, pod, shared);
        }
      } finally {
        progress.stop();
      }
    },
  );
  return examples(
    command,
    direction === 'export'
      ? ['lakota export backup/', 'lakota export backup/ -c temperature -T parquet']
      : ['lakota import backup/', 'lakota -r new-repo import backup/ -c temperature'],
  );
}
