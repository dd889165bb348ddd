import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Frame, formatCell, Repo } from '@lakota/core';
import { FsPod } from '@lakota/pod-fs';

/** Renders a frame as an aligned text table, cells as Python Lakota prints them. */
export function table(frame: Frame): string {
  const names = frame.names;
  const columns = names.map(
    (n) => [frame.schema.column(n), frame.column(n) as ArrayLike<unknown>] as const,
  );
  const rows = Array.from({ length: frame.length }, (_, i) =>
    columns.map(([c, v]) => formatCell(v[i], c)),
  );
  const widths = names.map((n, k) => Math.max(n.length, ...rows.map((r) => r[k]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, k) => c.padEnd(widths[k]!))
      .join('  ')
      .trimEnd();
  return [line(names), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * Lakota's quickstart on a local folder: create a collection, write series in
 * several commits, read a range, read as of an earlier revision, list the
 * revisions and pull into a second repository.
 */
export async function runDemo(folder: string, print: (line: string) => void): Promise<void> {
  await rm(folder, { recursive: true, force: true });
  const repo = await Repo.open(new FsPod(join(folder, 'main')));
  print(`Repository in ${folder}/main`);

  const temperature = await repo.createCollection(
    'timestamp timestamp*\nvalue float',
    'temperature',
  );
  print(`\n1. Created collection 'temperature' (${(await repo.ls()).join(', ')})`);

  const brussels = temperature.series('Brussels');
  await brussels.write({
    timestamp: ['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-04'],
    value: [1, 2, 3, 4],
  });
  await temperature.series('Paris').write({
    timestamp: ['2020-01-01', '2020-01-02', '2020-01-03'],
    value: [10.5, 11.25, 9.75],
  });
  const [afterFirst] = (await temperature.changelog.log()).slice(-1);
  // Overlaps the first write: 01-03 and 01-04 are replaced, 01-05 and 01-06 added.
  await brussels.write({
    timestamp: ['2020-01-03', '2020-01-04', '2020-01-05', '2020-01-06'],
    value: [30, 40, 50, 60],
  });
  print(`\n2. Wrote 2 series in 3 commits; series: ${(await temperature.ls()).join(', ')}`);
  print(table(await brussels.read()));

  print('\n3. Brussels from 2020-01-02 to 2020-01-05 (stop excluded, as in Lakota):');
  print(table(await brussels.read({ start: '2020-01-02', stop: '2020-01-05' })));

  print(`\n4. Brussels as of revision ${afterFirst!.child} (before the overlapping write):`);
  print(table(await brussels.read({ at: afterFirst!.child })));

  print('\n5. Revisions of the collection (oldest first, * marks the leaf):');
  for (const rev of await temperature.changelog.log()) {
    print(`   ${rev.date.toISOString()}  ${rev.child}${rev.isLeaf ? ' *' : ''}`);
  }

  const mirror = await Repo.open(new FsPod(join(folder, 'mirror')));
  print(
    `\n6. Pulling into a second repository (${folder}/mirror); it holds ${JSON.stringify(await mirror.ls())}`,
  );
  await mirror.pull(repo);
  const pulled = (await mirror.collection('temperature')).series('Brussels');
  print(
    `   after pull: ${JSON.stringify(await mirror.ls())}, Brussels has ${await pulled.length()} rows:`,
  );
  print(table(await pulled.read()));
}
