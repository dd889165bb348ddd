import { Command } from 'commander';
import { type App, examples } from '../app.js';
import { type CommitFlags, commitOptions, withCommitFlags } from '../commit-options.js';
import { findCollection } from '../labels.js';

export function mergeCommand(app: App): Command {
  const command = new Command('merge')
    .summary('join the divergent heads of a collection')
    .description(
      'Join the divergent heads of a collection (after concurrent writes or a pull) into one revision; without a label, merge the registry and every collection.',
    )
    .argument('[collection]', 'the collection label (or a unique prefix)');
  withCommitFlags(command).action(async (label: string | undefined, flags: CommitFlags) => {
    const ctx = app.context();
    const repo = await ctx.repo();
    const options = commitOptions(flags, ctx.io.env);
    if (label !== undefined) {
      await (await findCollection(repo, label)).merge(options);
      return;
    }
    // What repo.merge() does, collection by collection, because it takes no message or author.
    await repo.registry.merge(options);
    for (const c of await repo.search()) await c.merge(options);
  });
  return examples(command, [
    'lakota merge temperature',
    'lakota merge temperature -m "join the nightly import with the manual fix"',
    'lakota -r repo_A pull repo_B && lakota -r repo_A merge temperature',
  ]);
}
