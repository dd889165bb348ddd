import { Command } from 'commander';
import { type App, examples } from '../app.js';
import { type CommitFlags, commitOptions, withCommitFlags } from '../commit-options.js';
import { findWholeCollection } from '../labels.js';
import { resolveRevision } from '../revision-ref.js';

export function rollbackCommand(app: App): Command {
  const command = new Command('rollback')
    .summary('make a past snapshot of a collection current again')
    .description(
      'Make a past snapshot of a collection the current state again, as a new snapshot on top of the others: nothing is erased, so a rollback can itself be rolled back. Every series of the collection goes back to that snapshot.',
    )
    .argument('<label>', 'the collection (or a unique prefix)')
    .argument('<rev>', 'the snapshot: an id, a unique prefix or a tag (see lakota log)');
  withCommitFlags(command).action(async (label: string, ref: string, flags: CommitFlags) => {
    const ctx = app.context();
    const collection = await findWholeCollection(await ctx.repo(), label, 'rollback');
    const target = await resolveRevision(collection, ref);
    await collection.history.rollback(target.child, commitOptions(flags, ctx.io.env));
  });
  return examples(command, [
    'lakota log temperature    # find the last good snapshot',
    'lakota rollback temperature 1b49944eecf-5f3c0a1d -m "undo the import with shifted dates"',
    'lakota rollback temperature q2-report',
  ]);
}
