import { Frame, type Series } from '@lakota/core';
import { Command, Option } from 'commander';
import { type App, examples } from '../app.js';
import { closedValue, collect, positiveNumber, wholeNumber } from '../arg-parsers.js';
import { checkDateBound, checkTime } from '../date-argument.js';
import { type ColumnSpec, columnsRead, parseColumnSpecs } from '../expr/column-spec.js';
import { GroupBy } from '../expr/group-by.js';
import { Mask } from '../expr/mask.js';
import { Projection } from '../expr/projection.js';
import { findSeries } from '../labels.js';
import { createWriter } from '../output/create-writer.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../output/rows-writer.js';
import { type Page, pageOfFrame, slicePage } from '../page.js';
import { resolveRevision } from '../revision-ref.js';
import { UsageError } from '../usage-error.js';

/** Rows per page when --paginate is not given: output streams, memory stays flat. */
export const DEFAULT_PAGE_ROWS = 100_000;

interface ReadOptions {
  limit?: number;
  offset?: number;
  paginate?: number;
  tail?: number;
  before?: string;
  at?: string;
  mask?: string;
  greaterThan?: string[];
  lessThan?: string[];
  closed: 'l' | 'r' | 'b' | 'n';
  format?: OutputFormat;
}

/** A bound from repeated --gt/--lt values: one value, or a tuple for a multi-column index. */
function bound(values: string[] | undefined): unknown {
  if (!values || values.length === 0) return undefined;
  return values.length === 1 ? values[0] : values;
}

async function* tailPages(
  series: Series,
  n: number,
  step: number,
  query: object,
): AsyncGenerator<Frame> {
  const frame = await series.tail(n, query);
  for (let start = 0; start < frame.length; start += step) yield frame.slice(start, start + step);
}

export function readCommand(app: App): Command {
  const command = new Command('read')
    .summary('print a series as CSV (or JSON, or a table)')
    .description(
      'Print a series (or columns of it, or expressions over them) as CSV. Column arguments that start with "(" are expressions; with an aggregate (min max sum mean count first last quantile) the other columns are group-by keys.',
    )
    .argument('<label>', 'collection/series (unique prefixes accepted)')
    .argument('[columns...]', 'columns or expressions to print (all columns by default)')
    .option('-l, --limit <n>', 'print at most n rows', wholeNumber)
    .option('-o, --offset <n>', 'skip the first n rows', wholeNumber)
    .option('-p, --paginate <n>', 'read and print n rows at a time', positiveNumber)
    .option(
      '-t, --tail <n>',
      'only the last n rows (--limit and --offset then apply to those)',
      positiveNumber,
    )
    .option('-B, --before <date>', 'read the series as it was before this time (UTC)')
    .option(
      '--at <revision>',
      'read the series as of a snapshot: an id, a unique prefix or a tag (see lakota log)',
    )
    .option(
      '-m, --mask <expr>',
      'keep the rows where the expression is true, e.g. "(< self.value 42)"',
    )
    .option(
      '--gt, --greater-than <value>',
      'start of the index range (repeat for a multi-column index)',
      collect,
    )
    .option(
      '--lt, --less-than <value>',
      'end of the index range (repeat for a multi-column index)',
      collect,
    )
    .addOption(
      new Option(
        '-c, --closed <ends>',
        'which ends of --gt/--lt are included: LEFT, RIGHT, BOTH, NONE (or l, r, b, n)',
      )
        .argParser(closedValue)
        .default('l', 'LEFT'),
    )
    .addOption(
      new Option('-f, --format <format>', 'output format (default csv, table with -P)').choices(
        OUTPUT_FORMATS,
      ),
    )
    .action(async (label: string, columns: string[], options: ReadOptions) => {
      await read(app, label, columns, options);
    });
  return examples(command, [
    'lakota read temperature/Brussels',
    'lakota read temperature/Brussels --limit 10 --offset 10',
    'lakota read temperature/Brussels --gt 2020-06-23 --lt 2020-06-26 --closed BOTH',
    'lakota read temperature/Brussels --before 2021-01-01T12:00:00',
    'lakota read temperature/Brussels --at q2-report         # a tag, see lakota tag',
    'lakota read temperature/Brussels --mask "(< self.value 28)"',
    `lakota read temperature/Brussels "(floor self.timestamp 'month')" "(max self.value)"`,
    `lakota read temperature/Brussels "(as (mean self.value) 'average')"`,
  ]);
}

async function read(
  app: App,
  label: string,
  columns: string[],
  options: ReadOptions,
): Promise<void> {
  const ctx = app.context();
  const repo = await ctx.repo();
  const series = await findSeries(repo, label);
  const schema = series.schema;
  const known = schema.names;
  const specs: ColumnSpec[] = columns.length
    ? parseColumnSpecs(columns, known)
    : known.map((n) => ({ text: n, column: n, aggregate: false }));
  const mask = options.mask === undefined ? undefined : new Mask(options.mask, known);
  let select = columnsRead(specs, mask ? [mask.expression] : [], known);
  // Rows are located through the index, so reading it costs nothing more; `(count)` alone needs some column.
  if (select.length === 0) select = [schema.index[0]!.name];
  const aggregate = specs.some((s) => s.aggregate);
  if (options.before !== undefined) checkTime(options.before, '--before');
  for (const [option, values] of [
    ['--gt', options.greaterThan],
    ['--lt', options.lessThan],
  ] as const) {
    if (values && values.length > schema.index.length) {
      throw new UsageError(
        `${option} is given ${values.length} times but the index has ${schema.index.length} column(s) (${schema.index.map((c) => c.name).join(', ')})`,
      );
    }
    (values ?? []).forEach((v, k) => {
      const col = schema.index[k]!;
      if (col.kind === 'datetime') checkDateBound(v, option, col.name);
    });
  }
  // Resolved here so that a wrong reference is told in the command line's terms.
  const at =
    options.at === undefined
      ? undefined
      : (await resolveRevision(series.collection, options.at)).child;
  const empty = pageOfFrame(Frame.empty(schema, select), select);

  // Type errors in expressions show before anything is read or printed.
  const probe = mask ? mask.apply(empty) : empty;
  if (aggregate) new GroupBy(specs).feed(probe);
  else new Projection(specs).apply(probe);

  const query = {
    start: bound(options.greaterThan),
    stop: bound(options.lessThan),
    closed: options.closed,
    select,
    ...(options.before !== undefined ? { before: options.before } : {}),
    ...(at !== undefined ? { at } : {}),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ...(options.offset !== undefined ? { offset: options.offset } : {}),
  };
  const step = options.paginate ?? DEFAULT_PAGE_ROWS;
  const frames =
    options.tail !== undefined
      ? tailPages(series, options.tail, step, query)
      : series.paginate(step, query);
  const writer = createWriter(ctx.format(options.format), ctx.out, {
    perPage: options.paginate !== undefined,
  });
  const groupBy = aggregate ? new GroupBy(specs) : undefined;
  const projection = new Projection(specs);
  let fed = false;
  const take = async (page: Page) => {
    fed = true;
    const kept = mask ? mask.apply(page) : page;
    if (groupBy) groupBy.feed(kept);
    else await writer.write(projection.apply(kept));
  };
  for await (const frame of frames) await take(pageOfFrame(frame, select));
  if (!fed) await take(empty);
  if (groupBy) {
    const result = groupBy.finish();
    // Grouped output is small (one row per group) but may still come out in pages.
    for (let s = 0; s < Math.max(result.length, 1); s += step)
      await writer.write(slicePage(result, s, s + step));
  }
  await writer.end();
}
