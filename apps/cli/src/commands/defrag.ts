import type { Collection } from '@lakota/core';
import { Command } from 'commander';
import { type App, examples } from '../app.js';
import { type CommitFlags, commitOptions, withCommitFlags } from '../commit-options.js';
import { findCollection } from '../labels.js';

export function defragCommand(app: App): Command {
  const command = new Command('defrag')
    .summary('rewrite small segments into large ones')
    .description(
      'Rewrite series made of many small segments into a few large ones (one new revision per collection). Without labels, defrag the registry.',
    )
    .argument('[collections...]', 'collection labels (or unique prefixes)')
    .option('-a, --all', 'defrag every collection and the registry');
  withCommitFlags(command).action(
    async (labels: string[], options: CommitFlags & { all?: boolean }) => {
      const ctx = app.context();
      const repo = await ctx.repo();
      const commit = commitOptions(options, ctx.io.env);
      const targets: Collection[] = [];
      const names = options.all ? await repo.ls() : labels;
      for (const label of names) targets.push(await findCollection(repo, label));
      if (options.all || labels.length === 0) targets.push(repo.registry);
      const progress = ctx.progress('defrag');
      try {
        for (const [k, c] of targets.entries()) {
          progress.update(k, targets.length);
          await c.defrag(undefined, commit);
        }
        progress.update(targets.length, targets.length);
      } finally {
        progress.stop();
      }
    },
  );
  return examples(command, [
    'lakota defrag temperature',
    'lakota defrag --all -m "weekly compaction"',
  ]);
}
