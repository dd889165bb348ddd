import { Command } from 'commander';
import { type App, examples } from '../app.js';

export function gcCommand(app: App): Command {
  const command = new Command('gc')
    .summary('garbage-collect unreferenced segments')
    .description(
      'Garbage-collect the repository in two phases: segments no revision references are set aside, and removed by a later gc once older than the grace period (10 minutes), unless referenced again meanwhile. Temp files that writers killed mid-write left behind are removed once older than the grace period too.',
    )
    .action(async () => {
      const ctx = app.context();
      const repo = await ctx.repo();
      // The engine reports no progress for gc: count storage operations instead.
      const progress = ctx.progress('gc');
      const timer = setInterval(() => progress.update(ctx.operations), 100);
      try {
        const result = await repo.gc();
        progress.stop();
        await ctx.out.line(`${result.deleted} segments deleted`);
        if (ctx.options.verbose > 0) {
          ctx.io.stderr.write(
            `${result.softDeleted} segments set aside, ${result.restored} restored, ${result.swept} temp files of interrupted writes removed\n`,
          );
        }
      } finally {
        clearInterval(timer);
        progress.stop();
      }
    });
  return examples(command, ['lakota gc', 'lakota trim --all && lakota gc']);
}
