import { Command } from 'commander';
import { type App, examples } from '../app.js';
import { findCollection, findSeries } from '../labels.js';

export function deleteCommand(app: App): Command {
  const command = new Command('delete')
    .summary('delete a series or a collection')
    .alias('del')
    .description(
      'Delete a series (collection/series) or a whole collection. The data stays in older revisions until they are trimmed and garbage-collected.',
    )
    .argument('<label>', 'collection or collection/series (unique prefixes accepted)')
    .action(async (label: string) => {
      const ctx = app.context();
      const repo = await ctx.repo();
      let deleted: string;
      if (label.includes('/')) {
        const series = await findSeries(repo, label);
        await series.collection.delete(series.label);
        deleted = `series '${series.collection.label}/${series.label}'`;
      } else {
        const collection = await findCollection(repo, label);
        await repo.deleteCollection(collection.label);
        deleted = `collection '${collection.label}'`;
      }
      // A prefix picked the target: say which one, since deleting is not undone by retyping.
      if (!deleted.includes(`'${label}'`)) ctx.io.stderr.write(`Deleted ${deleted}\n`);
    });
  return examples(command, ['lakota delete temperature/Brussels', 'lakota delete temperature']);
}
