import { Command } from 'commander';
import { type App, examples } from '../app.js';
import { findCollection } from '../labels.js';

export function mergeCommand(app: App): Command {
  const command = new Command('merge')
    .summary('join the divergent heads of a collection')
    .description(
      'Join the divergent heads of a collection (after concurrent writes or a pull) into one revision; without a label, merge the registry and every collection.',
    )
    .argument('[collection]', 'the collection label (or a unique prefix)')
    .action(async (label: string | undefined) => {
      const repo = await app.context().repo();
      if (label === undefined) await repo.merge();
      else await (await findCollection(repo, label)).merge();
    });
  return examples(command, [
    'lakota merge temperature',
    'lakota -r repo_A pull repo_B && lakota -r repo_A merge temperature',
  ]);
}
