import { MemoryPod } from '@lakota/pod-memory';
import { describe, expect, it } from 'vitest';
import { changesOf, replay, unheldRows } from '../src/commit-changes.js';
import { Repo } from '../src/repo.js';

const SCHEMA = 'key int*\nvalue int';

/** The commits of a collection after each step, oldest first. */
async function commitsAfter(
  steps: ((c: Awaited<ReturnType<Repo['createCollection']>>) => Promise<unknown>)[],
) {
  const repo = await Repo.open(new MemoryPod());
  const c = await repo.createCollection(SCHEMA, 'c');
  const out = [];
  for (const step of steps) {
    await step(c);
    out.push((await c.commitAt())!);
  }
  return { c, commits: out };
}

const valuesOf = async (c: Awaited<ReturnType<Repo['createCollection']>>, label: string) =>
  Array.from(
    (await c.series(label).read()).toColumns({ int64: 'number' }).value as ArrayLike<number>,
  );

describe('changesOf and replay', () => {
  it('a write changes its range only; rows it trimmed are not counted as written', async () => {
    const { commits } = await commitsAfter([
      (c) => c.series('s').write({ key: [1, 2, 3, 4, 5], value: [1, 1, 1, 1, 1] }),
      (c) => c.series('t').write({ key: [1], value: [7] }),
      (c) => c.series('s').write({ key: [2, 3], value: [2, 2] }),
    ]);
    const changes = changesOf(commits[1]!, commits[2]!);
    expect(changes.rows.map((r) => [r.label, r.start, r.stop])).toEqual([['s', [2n], [3n]]]);
    expect(changes.removed.size).toBe(0);
  });

  it('replaying a write on a state that diverged keeps what the write did not touch', async () => {
    const { c, commits } = await commitsAfter([
      (c) => c.series('s').write({ key: [1, 2, 3, 4, 5], value: [1, 1, 1, 1, 1] }),
      (c) => c.series('s').write({ key: [2, 3], value: [2, 2] }),
      (c) => c.series('s').write({ key: [4, 5], value: [3, 3] }),
    ]);
    // The write of 2..3 replayed on a state that lacks it but has 4..5.
    const state = replay(commits[0]!, changesOf(commits[0]!, commits[2]!), commits[2]!);
    const replayed = replay(state, changesOf(commits[0]!, commits[1]!), commits[1]!);
    await c.writeCommit(replayed, [(await c.changelog.leaf())!.child], { op: 'merge' });
    expect(await valuesOf(c, 's')).toEqual([1, 2, 2, 3, 3]);
  });

  it('a deletion is a change; a series removed keeps rows written by others it never saw', async () => {
    const { commits } = await commitsAfter([
      (c) => c.series('s').write({ key: [1, 2, 3], value: [1, 1, 1] }),
      (c) => c.series('s').delete(2, 3),
      (c) => c.delete('s'),
    ]);
    const deletion = changesOf(commits[0]!, commits[1]!);
    expect(deletion.rows.map((r) => [r.start, r.stop, r.length])).toEqual([[[2n], [3n], 0]]);
    const removal = changesOf(commits[1]!, commits[2]!);
    expect([...removal.removed.keys()]).toEqual(['s']);

    const { commits: other } = await commitsAfter([
      (c) => c.series('s').write({ key: [9], value: [9] }),
    ]);
    const state = replay(other[0]!, { rows: commits[0]!.rows, removed: new Map() }, commits[0]!);
    const after = replay(state, removal, commits[2]!);
    expect(after.rowsOf('s').map((r) => [r.start, r.stop])).toEqual([[[9n], [9n]]]);
  });

  it('limits the comparison to the series given', async () => {
    const { commits } = await commitsAfter([
      (c) => c.series('s').write({ key: [1], value: [1] }),
      (c) => c.series('t').write({ key: [1], value: [1] }),
    ]);
    expect(changesOf(commits[0]!, commits[1]!, ['s']).rows).toEqual([]);
    expect(changesOf(commits[0]!, commits[1]!, ['t']).rows).toHaveLength(1);
  });

  it('unheldRows: the rows of a commit whose segments a state does not hold, removing nothing', async () => {
    const { commits } = await commitsAfter([
      (c) => c.series('s').write({ key: [1, 2, 3], value: [1, 1, 1] }),
      (c) => c.series('s').write({ key: [2], value: [2] }),
      (c) => c.series('t').write({ key: [1], value: [3] }),
    ]);
    const changes = unheldRows(commits[0]!, commits[2]!);
    expect(changes.rows.map((r) => [r.label, r.start, r.stop])).toEqual([
      ['s', [2n], [2n]],
      ['t', [1n], [1n]],
    ]);
    expect(changes.removed.size).toBe(0);
    expect(unheldRows(commits[2]!, commits[0]!).rows).toEqual([]);
  });
});
