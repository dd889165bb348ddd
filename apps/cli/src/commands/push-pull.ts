import { Command } from 'commander';
import { type App, examples } from '../app.js';

type Direction = 'push' | 'pull';

/** `push` and `pull` differ only in direction. */
export function syncCommand(app: App, direction: Direction): Command {
  const command = new Command(direction)
    .summary(
      direction === 'push'
        ? 'push collections to another repository'
        : 'pull collections from another repository',
    )
    .description(
      direction === 'push'
        ? 'Push collections (all by default) to a remote repository: copy the segments and revisions it lacks. Diverging writes become heads there; merge them.'
        : 'Pull collections (all by default) from a remote repository: copy the segments and revisions this one lacks. Diverging writes become heads here; merge them.',
    )
    .argument('<remote>', 'URI of the other repository (a folder, s3://…, http://…)')
    .argument('[collections...]', `collections to ${direction} (all if none is given)`)
    .option(
      '-s, --shallow',
      `${direction} only the last revision of each collection, not the history`,
    )
    .action(async (remote: string, labels: string[], options: { shallow?: boolean }) => {
      const ctx = app.context();
      const repo = await ctx.repo();
      const other = await ctx.openRepo([remote]);
      const progress = ctx.progress(direction);
      const sync = {
        ...(labels.length ? { labels } : {}),
        ...(options.shallow ? { shallow: true } : {}),
        onProgress: (done: number, total: number) => progress.update(done, total),
      };
      try {
        if (direction === 'push') await repo.push(other, sync);
        else await repo.pull(other, sync);
      } finally {
        progress.stop();
      }
    });
  return examples(
    command,
    direction === 'push'
      ? ['lakota push backup-folder', 'lakota -r repo_A push repo_B temperature --shallow']
      : [
          'lakota pull s3://bucket/repo',
          'lakota -r repo_A pull repo_B && lakota -r repo_A merge temperature',
        ],
  );
}
