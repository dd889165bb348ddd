import { Frame, type SeriesDiff } from '@lakota/core';
import { Command, Option } from 'commander';
import { type App, examples } from '../app.js';
import { intVector, STR, textVector, type Vector } from '../expr/vector.js';
import { findTarget } from '../labels.js';
import { createWriter } from '../output/create-writer.js';
import { indexFormatter } from '../output/index-format.js';
import { OUTPUT_FORMATS, type OutputFormat, type RowsWriter } from '../output/rows-writer.js';
import { pageOfFrame } from '../page.js';
import { resolveRevision } from '../revision-ref.js';

interface DiffOptions {
  rows?: boolean;
  format?: OutputFormat;
}

const CHANGES = ['added', 'removed', 'changed'] as const;

export function diffCommand(app: App): Command {
  const command = new Command('diff')
    .summary('show what changed between two snapshots')
    .description(
      'Show what changed in the series of a collection between two snapshots (REV2 defaults to the current one): per series, the index ranges whose rows were added, removed or changed, with row counts. --rows prints the rows themselves after a change column (changed rows as they are in REV2), and a series column for a whole collection.',
    )
    .argument('<label>', 'collection, or collection/series (unique prefixes accepted)')
    .argument('<rev1>', 'the earlier snapshot: an id, a unique prefix or a tag (see lakota log)')
    .argument('[rev2]', 'the later snapshot (default: the current one)')
    .option('--rows', 'print the added, removed and changed rows rather than their ranges')
    .addOption(
      new Option('-f, --format <format>', 'output format (default csv, table with -P)').choices(
        OUTPUT_FORMATS,
      ),
    )
    .action(async (label: string, rev1: string, rev2: string | undefined, options: DiffOptions) => {
      const ctx = app.context();
      const { collection, series } = await findTarget(await ctx.repo(), label, { past: true });
      const from = await resolveRevision(collection, rev1);
      const to = rev2 === undefined ? undefined : await resolveRevision(collection, rev2);
      const diffs = (
        await collection.history.diff(from.child, to?.child, { rows: Boolean(options.rows) })
      ).filter((d) => series === undefined || d.series === series);
      const writer = createWriter(ctx.format(options.format), ctx.out);
      if (options.rows) {
        await writeRows(writer, diffs, collection.schema.names, series === undefined, () =>
          Frame.empty(collection.schema),
        );
      } else {
        await writeRanges(writer, diffs, indexFormatter(collection.schema));
      }
      await writer.end();
    });
  return examples(command, [
    'lakota diff temperature q1-report q2-report',
    'lakota diff temperature/Brussels 1b49944eecf      # against the current snapshot',
    'lakota diff temperature/Brussels q1-report --rows | grep ^changed',
  ]);
}

/** One line per range: series, change, first and last index, rows. */
async function writeRanges(
  writer: RowsWriter,
  diffs: readonly SeriesDiff[],
  index: (values: readonly unknown[]) => string,
): Promise<void> {
  const cells: string[][] = [[], [], [], []];
  const rows: number[] = [];
  for (const d of diffs) {
    for (const change of CHANGES) {
      for (const range of d[change]) {
        for (const [k, v] of [d.series, change, index(range.start), index(range.stop)].entries()) {
          (cells[k] as string[]).push(v);
        }
        rows.push(range.rows);
      }
    }
  }
  await writer.write({
    names: ['series', 'change', 'start', 'stop', 'rows'],
    columns: [...cells.map(textVector), intVector(rows)],
    length: rows.length,
  });
}

/** The rows themselves, each after its change (and its series for a whole collection). */
async function writeRows(
  writer: RowsWriter,
  diffs: readonly SeriesDiff[],
  names: readonly string[],
  withSeries: boolean,
  empty: () => Frame,
): Promise<void> {
  const one = (value: string): Vector => ({ dt: STR, values: [value], scalar: true });
  const lead = withSeries ? ['change', 'series'] : ['change'];
  const page = (change: string, label: string, frame: Frame) => ({
    names: [...lead, ...names],
    columns: [
      one(change),
      ...(withSeries ? [one(label)] : []),
      ...pageOfFrame(frame, names).columns,
    ],
    length: frame.length,
  });
  let written = false;
  for (const d of diffs) {
    if (!d.frames) continue;
    for (const change of CHANGES) {
      const frame = d.frames[change];
      if (frame.length === 0) continue;
      await writer.write(page(change, d.series, frame));
      written = true;
    }
  }
  // The header still says what the columns are when nothing changed.
  if (!written) await writer.write(page('', '', empty()));
}
