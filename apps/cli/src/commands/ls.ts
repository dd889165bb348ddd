import { Command, Option } from 'commander';
import { type App, examples } from '../app.js';
import { STR } from '../expr/vector.js';
import { findCollection } from '../labels.js';
import { createWriter } from '../output/create-writer.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../output/rows-writer.js';

export function lsCommand(app: App): Command {
  const command = new Command('ls')
    .summary('list collections, or the series of a collection')
    .description('List the collections of the repository, or the series of a collection.')
    .argument('[collection]', 'a collection label (or a unique prefix)')
    .addOption(
      new Option('-f, --format <format>', 'output format (default csv, table with -P)').choices(
        OUTPUT_FORMATS,
      ),
    )
    .action(async (label: string | undefined, options: { format?: OutputFormat }) => {
      const ctx = app.context();
      const repo = await ctx.repo();
      const [heading, labels] =
        label === undefined
          ? ['collection', await repo.ls()]
          : ['series', await (await findCollection(repo, label)).ls()];
      const writer = createWriter(ctx.format(options.format), ctx.out);
      await writer.write({
        names: [heading],
        columns: [{ dt: STR, values: labels }],
        length: labels.length,
      });
      await writer.end();
    });
  return examples(command, ['lakota ls', 'lakota ls temperature', 'lakota ls --format json']);
}
