import type { Collection } from '@lakota/core';
import { Command } from 'commander';
import { type App, examples } from '../app.js';
import { checkTime } from '../date-argument.js';
import { findCollection } from '../labels.js';

export function trimCommand(app: App): Command {
  const command = new Command('trim')
    .summary('remove old revisions')
    .description(
      'Remove old revisions from the changelog of collections (without labels, of the registry). Heads are always kept, so no unmerged write is lost; run gc next to reclaim the segments no revision references anymore.',
    )
    .argument('[collections...]', 'collection labels (or unique prefixes)')
    .option(
      '-b, --before <date>',
      'remove revisions older than this time (UTC; default: 20 minutes ago)',
    )
    .option('-a, --all', 'trim every collection and the registry')
    .action(async (labels: string[], options: { before?: string; all?: boolean }) => {
      if (options.before !== undefined) checkTime(options.before, '--before');
      const repo = await app.context().repo();
      const targets: Collection[] = [];
      for (const label of options.all ? await repo.ls() : labels)
        targets.push(await findCollection(repo, label));
      if (options.all || labels.length === 0) targets.push(repo.registry);
      for (const c of targets) await c.trim(options.before);
    });
  return examples(command, ['lakota trim temperature', 'lakota trim --all --before 2021-01-01']);
}
