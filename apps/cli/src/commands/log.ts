import type { Snapshot } from '@lakota/core';
import { Command, Option } from 'commander';
import { type App, examples } from '../app.js';
import { positiveNumber } from '../arg-parsers.js';
import { intVector, textVector } from '../expr/vector.js';
import { findTarget } from '../labels.js';
import { createWriter } from '../output/create-writer.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../output/rows-writer.js';
import { shortId } from '../revision-ref.js';

interface LogOptions {
  limit?: number;
  full?: boolean;
  format?: OutputFormat;
}

const NAMES = [
  'id',
  'timestamp',
  'operation',
  'author',
  'message',
  'series',
  'rows',
  'tags',
  'current',
];

export function logCommand(app: App): Command {
  const command = new Command('log')
    .summary('show the snapshots of a collection, newest first')
    .description(
      'Show the snapshots of a collection, newest first: id, time (UTC), operation, author, message, series touched, rows written and tags; * marks the current one, the state reads see. With collection/series, only the snapshots that touched that series. An id, a unique prefix of it, or a tag names a snapshot in read --at, diff, tag and rollback.',
    )
    .argument('<label>', 'collection, or collection/series (unique prefixes accepted)')
    .option('-n, --limit <n>', 'only the n newest snapshots', positiveNumber)
    .option('--full', 'print whole revision ids (epoch and 40-hex digest)')
    .addOption(
      new Option('-f, --format <format>', 'output format (default csv, table with -P)').choices(
        OUTPUT_FORMATS,
      ),
    )
    .action(async (label: string, options: LogOptions) => {
      await log(app, label, options);
    });
  return examples(command, [
    'lakota -P log temperature',
    'lakota log temperature/Brussels -n 5',
    'lakota log temperature --format json --full',
  ]);
}

async function log(app: App, label: string, options: LogOptions): Promise<void> {
  const ctx = app.context();
  const { collection, series } = await findTarget(await ctx.repo(), label, { past: true });
  // Log order walks the tree of revisions; people read history by time.
  let snapshots = (await collection.history.snapshots())
    .filter((s) => series === undefined || s.series.includes(series))
    .reverse()
    .sort((a, b) => b.timestamp.getTime() - a.timestamp.getTime());
  if (options.limit !== undefined) snapshots = snapshots.slice(0, options.limit);
  const format = ctx.format(options.format);
  if (format === 'json') {
    await ctx.out.line(JSON.stringify(snapshots.map(toJson), null, 2));
    return;
  }
  const id = options.full ? (s: Snapshot) => s.id : (s: Snapshot) => shortId(s.id);
  // A table row is one line: a message's line breaks would break the alignment.
  const message =
    format === 'table'
      ? (s: Snapshot) => (s.message ?? '').replace(/\s*\n\s*/g, ' ')
      : (s: Snapshot) => s.message ?? '';
  const writer = createWriter(format, ctx.out);
  await writer.write({
    names: NAMES,
    columns: [
      textVector(snapshots.map(id)),
      textVector(snapshots.map((s) => s.timestamp.toISOString())),
      textVector(snapshots.map((s) => s.operation)),
      textVector(snapshots.map((s) => s.author ?? '')),
      textVector(snapshots.map(message)),
      textVector(snapshots.map((s) => s.series.join(', '))),
      intVector(snapshots.map((s) => s.rowsWritten)),
      textVector(snapshots.map((s) => s.tags.join(', '))),
      textVector(snapshots.map((s) => (s.current ? '*' : ''))),
    ],
    length: snapshots.length,
  });
  await writer.end();
}

/** A snapshot for JSON readers: whole ids, lists as arrays, absent author or message as null. */
function toJson(s: Snapshot) {
  return {
    id: s.id,
    digest: s.digest,
    timestamp: s.timestamp.toISOString(),
    parents: s.parents,
    operation: s.operation,
    author: s.author ?? null,
    message: s.message ?? null,
    series: s.series,
    rows: s.rowsWritten,
    tags: s.tags,
    current: s.current,
  };
}
