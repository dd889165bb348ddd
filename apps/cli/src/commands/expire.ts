import { Command } from 'commander';
import { type App, examples } from '../app.js';
import { positiveNumber } from '../arg-parsers.js';
import { checkTime } from '../date-argument.js';
import { findWholeCollection } from '../labels.js';

interface ExpireOptions {
  olderThan?: string;
  keep?: number;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function expireCommand(app: App): Command {
  const command = new Command('expire')
    .summary('remove old snapshots of a collection')
    .description(
      'Remove the snapshots of a collection older than a date and/or beyond the newest N (both must hold when both are given). The current snapshot, unmerged heads and tagged snapshots are always kept. Their data stays in storage until lakota gc reclaims it.',
    )
    .argument('<label>', 'the collection (or a unique prefix)')
    .option('--older-than <date>', 'remove snapshots made before this time (UTC)')
    .option('--keep <n>', 'keep the newest n snapshots', positiveNumber)
    .action(async (label: string, options: ExpireOptions) => {
      if (options.olderThan === undefined && options.keep === undefined) {
        command.error('give --older-than DATE, --keep N, or both: which snapshots should go?', {
          exitCode: 2,
        });
      }
      if (options.olderThan !== undefined) checkTime(options.olderThan, '--older-than');
      const ctx = app.context();
      const collection = await findWholeCollection(await ctx.repo(), label, 'expire');
      const { removed, kept } = await collection.history.expire({
        ...(options.olderThan !== undefined ? { olderThan: options.olderThan } : {}),
        ...(options.keep !== undefined ? { keep: options.keep } : {}),
      });
      await ctx.out.line(`${plural(removed, 'snapshot')} removed, ${kept} kept`);
      if (removed > 0) {
        await ctx.out.line('Run lakota gc to reclaim the space of data no kept snapshot reads.');
      }
    });
  return examples(command, [
    'lakota expire temperature --older-than 2024-01-01',
    'lakota expire temperature --keep 10',
    'lakota expire temperature --older-than 2024-01-01 --keep 10 && lakota gc',
  ]);
}
