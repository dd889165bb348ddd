import type { Collection } from '@lakota/core';
import { Command, Option } from 'commander';
import { type App, examples } from '../app.js';
import type { Context } from '../context.js';
import { textVector } from '../expr/vector.js';
import { findWholeCollection } from '../labels.js';
import { createWriter } from '../output/create-writer.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../output/rows-writer.js';
import { resolveRevision, shortId } from '../revision-ref.js';

interface TagOptions {
  message?: string;
  full?: boolean;
  format?: OutputFormat;
}

export function tagCommand(app: App): Command {
  const command = new Command('tag')
    .summary('name a snapshot of a collection, or list the names')
    .description(
      'Name a snapshot of a collection (the current one unless REV is given), or list the tags of a collection without NAME. A tag names one snapshot for good: it cannot be moved or reused, and trim and expire keep what it names. Names take letters, digits, ".", "_" and "-".',
    )
    .argument('<label>', 'the collection (or a unique prefix)')
    .argument('[name]', 'the tag to create')
    .argument(
      '[rev]',
      'the snapshot to tag: an id, a unique prefix or another tag (see lakota log)',
    )
    .option('-m, --message <text>', 'why this snapshot is named')
    .option('--full', 'list whole revision ids')
    .addOption(
      new Option(
        '-f, --format <format>',
        'format of the list (default csv, table with -P)',
      ).choices(OUTPUT_FORMATS),
    )
    .action(
      async (
        label: string,
        name: string | undefined,
        rev: string | undefined,
        options: TagOptions,
      ) => {
        const ctx = app.context();
        const collection = await findWholeCollection(await ctx.repo(), label, 'tag');
        if (name === undefined) {
          await list(ctx, collection, options);
          return;
        }
        const target =
          rev === undefined ? undefined : (await resolveRevision(collection, rev)).child;
        await collection.history.tag(
          name,
          target,
          options.message === undefined ? {} : { message: options.message },
        );
      },
    );
  return examples(command, [
    'lakota tag temperature q2-report -m "figures sent to the board"',
    'lakota tag temperature before-cleanup 1b49944eecf',
    'lakota -P tag temperature',
    'lakota read temperature/Brussels --at q2-report',
  ]);
}

async function list(ctx: Context, collection: Collection, options: TagOptions): Promise<void> {
  const tags = (await collection.history.tags()).sort((a, b) =>
    a.created === b.created ? (a.name < b.name ? -1 : 1) : a.created < b.created ? -1 : 1,
  );
  const format = ctx.format(options.format);
  if (format === 'json') {
    const items = tags.map((t) => ({
      name: t.name,
      revision: t.revision,
      created: t.created,
      message: t.message ?? null,
    }));
    await ctx.out.line(JSON.stringify(items, null, 2));
    return;
  }
  const writer = createWriter(format, ctx.out);
  await writer.write({
    names: ['name', 'revision', 'created', 'message'],
    columns: [
      textVector(tags.map((t) => t.name)),
      textVector(tags.map((t) => (options.full ? t.revision : shortId(t.revision)))),
      textVector(tags.map((t) => t.created)),
      textVector(tags.map((t) => t.message ?? '')),
    ],
    length: tags.length,
  });
  await writer.end();
}
