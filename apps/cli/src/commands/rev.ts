import type { Revision } from '@lakota/core';
import { Command, Option } from 'commander';
import { type App, examples } from '../app.js';
import { count } from '../arg-parsers.js';
import { STR, type Vector } from '../expr/vector.js';
import { findTarget } from '../labels.js';
import { createWriter } from '../output/create-writer.js';
import { indexFormatter } from '../output/index-format.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../output/rows-writer.js';
import { renderTable } from '../output/table-writer.js';

/** A revision's time as Python's `str(datetime)` prints it (in UTC here). */
export function pythonDate(date: Date): string {
  const iso = date.toISOString();
  const ms = date.getUTCMilliseconds();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${ms ? `.${String(ms * 1000).padStart(6, '0')}` : ''}`;
}

interface CommitRowLike {
  label: string;
  start: readonly unknown[];
  stop: readonly unknown[];
  digests: readonly string[];
  length: number;
  closed: string;
}

interface RevOptions {
  extended: number;
  format?: OutputFormat;
}

export function revCommand(app: App): Command {
  const command = new Command('rev')
    .summary('show the revisions of a collection')
    .description(
      'Show the revisions of a collection (of the registry without a label), oldest first; * marks the leaves. -e adds the rows of each commit, -ee their digests.',
    )
    .argument('[label]', 'collection, or collection/series to show only its rows with -e')
    .option('-e, --extended', 'show commit rows (twice: also segment digests)', count, 0)
    .addOption(
      new Option('-f, --format <format>', 'csv, json or table instead of the text listing').choices(
        OUTPUT_FORMATS,
      ),
    )
    .action(async (label: string | undefined, options: RevOptions) => {
      await rev(app, label, options);
    });
  return examples(command, [
    'lakota rev temperature',
    'lakota rev temperature/Brussels -ee',
    'lakota rev --format json',
  ]);
}

async function rev(app: App, label: string | undefined, options: RevOptions): Promise<void> {
  const ctx = app.context();
  const repo = await ctx.repo();
  const { collection, series: only } =
    label === undefined ? { collection: repo.registry } : await findTarget(repo, label);

  const bound = indexFormatter(collection.schema);
  const log = await collection.changelog.log();
  const entries: { rev: Revision; rows: CommitRowLike[]; total: number }[] = [];
  for (const r of log) {
    const ci = await collection.readCommit(r);
    const rows = ci.rows as readonly CommitRowLike[];
    entries.push({
      rev: r,
      rows: rows.filter((row) => only === undefined || row.label === only),
      total: rows.reduce((s, row) => s + row.length, 0),
    });
  }

  const format = options.format ?? (ctx.options.pretty ? 'table' : undefined);
  if (format === undefined) {
    for (const { rev: r, rows, total } of entries) {
      await ctx.out.write(
        `\nRevision: ${r.path}${r.isLeaf ? '*' : ''}\nDate: ${pythonDate(r.date)}\nTotal length: ${total}\n\n`,
      );
      if (!options.extended) continue;
      const headers = ['label', 'start', 'stop', 'length', 'closed'];
      if (options.extended > 1) headers.push('digests');
      const cells = rows.map((row) => {
        const line = [row.label, bound(row.start), bound(row.stop), String(row.length), row.closed];
        if (options.extended > 1) line.push(row.digests.join(' / '));
        return line;
      });
      await ctx.out.write(
        `${renderTable(
          headers,
          cells,
          headers.map((h) => h === 'length'),
        )}\n`,
      );
    }
    return;
  }

  if (format === 'json') {
    const items = entries.map(({ rev: r, rows, total }) => ({
      revision: r.path,
      parent: r.parent,
      child: r.child,
      date: r.date.toISOString(),
      leaf: r.isLeaf,
      length: total,
      ...(options.extended
        ? {
            rows: rows.map((row) => ({
              label: row.label,
              start: bound(row.start),
              stop: bound(row.stop),
              length: row.length,
              closed: row.closed,
              ...(options.extended > 1 ? { digests: [...row.digests] } : {}),
            })),
          }
        : {}),
    }));
    await ctx.out.line(JSON.stringify(items, null, 2));
    return;
  }

  // CSV and tables: one line per revision, or per commit row with -e.
  const names = ['revision', 'date', 'leaf', 'length'];
  const cols: string[][] = [[], [], [], []];
  const push = (values: string[]) => {
    for (const [k, v] of values.entries()) (cols[k] as string[]).push(v);
  };
  if (options.extended) {
    names.push('label', 'start', 'stop', 'rows', 'closed');
    if (options.extended > 1) names.push('digests');
    for (let k = 4; k < names.length; k++) cols.push([]);
  }
  for (const { rev: r, rows, total } of entries) {
    const head = [r.path, r.date.toISOString(), r.isLeaf ? 'True' : 'False', String(total)];
    if (!options.extended) push(head);
    for (const row of options.extended ? rows : []) {
      const line = [
        ...head,
        row.label,
        bound(row.start),
        bound(row.stop),
        String(row.length),
        row.closed,
      ];
      if (options.extended > 1) line.push(row.digests.join(' '));
      push(line);
    }
  }
  const writer = createWriter(format, ctx.out);
  const columns: Vector[] = cols.map((values, k) =>
    names[k] === 'length' || names[k] === 'rows'
      ? { dt: 'int64', values: BigInt64Array.from(values, (v) => BigInt(v)) }
      : names[k] === 'leaf'
        ? { dt: 'bool', values: Uint8Array.from(values, (v) => (v === 'True' ? 1 : 0)) }
        : { dt: STR, values },
  );
  await writer.write({ names, columns, length: cols[0]?.length ?? 0 });
  await writer.end();
}
