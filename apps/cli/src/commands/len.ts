import { Command, Option } from 'commander';
import { type App, examples } from '../app.js';
import { STR } from '../expr/vector.js';
import { findCollection, findSeries } from '../labels.js';
import { createWriter } from '../output/create-writer.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../output/rows-writer.js';

export function lenCommand(app: App): Command {
  const command = new Command('length')
    .summary('print the number of rows of a series or collection')
    .alias('len')
    .description('Print the number of rows of a series, or of all the series of a collection.')
    .argument('<label>', 'collection/series or collection (unique prefixes accepted)')
    .addOption(
      new Option('-f, --format <format>', 'output format (default: the number alone)').choices(
        OUTPUT_FORMATS,
      ),
    )
    .action(async (label: string, options: { format?: OutputFormat }) => {
      const ctx = app.context();
      const repo = await ctx.repo();
      let total = 0;
      let name: string;
      if (label.includes('/')) {
        const series = await findSeries(repo, label);
        total = await series.length();
        name = `${series.collection.label}/${series.label}`;
      } else {
        const collection = await findCollection(repo, label);
        for (const s of await collection.ls()) total += await collection.series(s).length();
        name = collection.label;
      }
      const format = options.format ?? (ctx.options.pretty ? 'table' : undefined);
      // As in Python Lakota, the plain output is the number alone, easy to use in a script.
      if (format === undefined) {
        await ctx.out.line(String(total));
        return;
      }
      const writer = createWriter(format, ctx.out);
      await writer.write({
        names: ['label', 'length'],
        columns: [
          { dt: STR, values: [name] },
          { dt: 'int64', values: BigInt64Array.of(BigInt(total)) },
        ],
        length: 1,
      });
      await writer.end();
    });
  return examples(command, ['lakota len temperature/Brussels', 'lakota len temperature']);
}
