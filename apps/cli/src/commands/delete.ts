import { Command } from 'commander';
import { type App, examples } from '../app.js';
import { type CommitFlags, commitOptions, withCommitFlags } from '../commit-options.js';
import { findCollection, findSeries } from '../labels.js';

export function deleteCommand(app: App): Command {
  const command = new Command('delete')
    .summary('delete a series or a collection')
    .alias('del')
    .description(
      'Delete a series (collection/series) or a whole collection. The data stays in older revisions until they are trimmed and garbage-collected.',
    )
    .argument('<label>', 'collection or collection/series (unique prefixes accepted)');
  withCommitFlags(command).action(async (label: string, flags: CommitFlags) => {
    const ctx = app.context();
    const repo = await ctx.repo();
    let deleted: string;
    if (label.includes('/')) {
      const series = await findSeries(repo, label);
      await series.collection.drop([series.label], commitOptions(flags, ctx.io.env));
      deleted = `series '${series.collection.label}/${series.label}'`;
    } else {
      if (flags.message !== undefined || flags.author !== undefined) {
        // Repo.deleteCollection records no revision of its own to hold them.
        command.error(
          `-m/--author are recorded when deleting a series; deleting the collection '${label}' records neither: run it without them`,
          { exitCode: 2 },
        );
      }
      const collection = await findCollection(repo, label);
      await repo.deleteCollection(collection.label);
      deleted = `collection '${collection.label}'`;
    }
    // A prefix picked the target: say which one, since deleting is not undone by retyping.
    if (!deleted.includes(`'${label}'`)) ctx.io.stderr.write(`Deleted ${deleted}\n`);
  });
  return examples(command, [
    'lakota delete temperature/Brussels',
    'lakota delete temperature/Brussels -m "duplicate of Bruxelles"',
    'lakota delete temperature',
  ]);
}
