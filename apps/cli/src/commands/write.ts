import { quoteExcerpt, type SchemaColumn } from '@lakota/core';
import { Command } from 'commander';
import { CsvError, parse } from 'csv-parse';
import { type App, examples } from '../app.js';
import { type CommitFlags, commitOptions, withCommitFlags } from '../commit-options.js';
import { CsvColumn } from '../csv-column.js';
import { findSeries } from '../labels.js';
import { strictUtf8 } from '../strict-utf8.js';
import { UsageError } from '../usage-error.js';

/** A header name as given (it may be anything), cut short when long. */
const q = (name: string) => quoteExcerpt(name, { quote: "'" });
/** Names shown at most in a list of wrong header names. */
const LISTED = 5;

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, LISTED).map(q).join(', ');
  return names.length > LISTED ? `${shown} and ${names.length - LISTED} more` : shown;
}

/**
 * csv-parse's message, with the field it quotes (an opening quote inside a
 * field) cut short like the others: a field can be megabytes long.
 */
function csvMessage(err: CsvError): string {
  const at = err.message.indexOf(VALUE_IS);
  if (at < 0) return err.message;
  try {
    const value = JSON.parse(err.message.slice(at + VALUE_IS.length - 1)) as string;
    return `${err.message.slice(0, at + VALUE_IS.length - 1)}${quoteExcerpt(value)}`;
  } catch {
    return err.message;
  }
}
const VALUE_IS = ', value is "';

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

export function writeCommand(app: App): Command {
  const command = new Command('write')
    .summary('write CSV from stdin into a series')
    .description(
      "Write CSV from stdin into a series (created if needed). The first line names the columns; every column of the collection's schema is needed. The rows replace the series between their first and last index values.",
    )
    .argument('<label>', 'collection/series (the collection must exist)');
  withCommitFlags(command).action(async (label: string, flags: CommitFlags) => {
    await write(app, label, flags);
  });
  return examples(command, [
    'cat input.csv | lakota write temperature/Brussels',
    'cat fixed.csv | lakota write temperature/Brussels -m "sensor 4 recalibrated" --author ana',
    'lakota read temperature/Brussels | lakota -r other-repo write temperature/Brussels',
  ]);
}

async function write(app: App, label: string, flags: CommitFlags): Promise<void> {
  const ctx = app.context();
  const repo = await ctx.repo();
  const series = await findSeries(repo, label, { create: true });
  const schema = series.schema;
  const utf8 = strictUtf8('The CSV on stdin');
  const parser = ctx.io.stdin
    .pipe(utf8)
    .pipe(parse({ bom: true, info: true, skip_empty_lines: true }));
  // A decoding failure is reported through the parser the loop reads.
  utf8.on('error', (err) => parser.destroy(err));
  let columns: CsvColumn[] | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<ParsedRecord>) {
      if (!columns) {
        columns = header(
          record.map((h) => h.trim()),
          schema.names,
          (n) => schema.column(n),
        );
        continue;
      }
      for (let k = 0; k < columns.length; k++)
        (columns[k] as CsvColumn).push(record[k] as string, info.lines);
    }
  } catch (err) {
    if (err instanceof CsvError) {
      throw new UsageError(`Malformed CSV on stdin: ${csvMessage(err)}`, { cause: err });
    }
    throw err;
  } finally {
    parser.destroy();
  }
  if (!columns) {
    throw new UsageError(
      `Nothing on stdin: write reads CSV with a header line first (${schema.names.join(',')})`,
    );
  }
  if ((columns[0] as CsvColumn).length === 0) {
    throw new UsageError('No rows after the CSV header: nothing to write');
  }
  await series.write(
    Object.fromEntries(columns.map((c) => [c.name, c.values()])),
    commitOptions(flags, ctx.io.env),
  );
}

/** Checks the header against the schema and prepares one converter per column. */
function header(
  names: string[],
  known: string[],
  columnOf: (name: string) => SchemaColumn,
): CsvColumn[] {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new UsageError(`Column ${q(n)} appears twice in the CSV header`);
    seen.add(n);
  }
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length) {
    throw new UsageError(
      `Unknown column${unknown.length > 1 ? 's' : ''} ${listNames(unknown)} in the CSV header: the collection has ${known.join(', ')}`,
    );
  }
  const missing = known.filter((n) => !seen.has(n));
  if (missing.length) {
    throw new UsageError(
      `The CSV header lacks ${missing.map((m) => `'${m}'`).join(', ')}: give every column of the collection (${known.join(',')})`,
    );
  }
  return names.map((n) => new CsvColumn(columnOf(n)));
}
