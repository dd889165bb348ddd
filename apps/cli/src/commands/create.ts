import { Command } from 'commander';
import { type App, examples } from '../app.js';

export function createCommand(app: App): Command {
  const command = new Command('create')
    .summary('create a collection')
    .description(
      'Create a collection. Each column is "name type", with * after the type for index columns; types: timestamp, date, int, float, str, O (or numpy dtypes). Creating it again with the same schema does nothing.',
    )
    .argument('<label>', 'the collection label')
    .argument('<columns...>', 'column definitions, e.g. "timestamp timestamp*" "value float"')
    .action(async (label: string, columns: string[]) => {
      const repo = await app.context().repo();
      await repo.createCollection(columns.join('\n'), label);
    });
  return examples(command, [
    'lakota create temperature "timestamp timestamp*" "value float"',
    'lakota create stock "timestamp timestamp*" "ticker str*" "close float" "volume int"',
  ]);
}
