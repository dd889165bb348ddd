import { MemoryPod } from '@lakota/pod-memory';
import { expect, it } from 'vitest';
import { Repo } from '../../src/repo.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Known limitation (docs/reliability.md, "What is not guaranteed"): the leaf
// is the end of a walk that starts from the roots in name order, and trim
// turns the oldest surviving revision of a chain into a root. With unmerged
// heads, trimming can therefore move reads from one head to another. Merge
// before trimming; remove `.fails` if trim learns to keep the current head
// current (e.g. by merging first).
it.fails('trim leaves reads on the same state when heads are unmerged', async () => {
  const repo = await Repo.open(new MemoryPod());
  const c = await repo.createCollection('key int*\nvalue int', 'c');
  const s = c.series('s');
  await s.write({ key: [1], value: [1] });
  await sleep(5);
  await s.write({ key: [1], value: [2] });
  await sleep(5);
  await s.write({ key: [1], value: [3] });
  await sleep(5);
  // A second head, started from nothing by another writer.
  await s.write({ key: [1], value: [9] }, { root: true });
  const before = (await s.read()).toColumns({ int64: 'number' }).value;
  await c.trim(Date.now() + 1000);
  expect((await s.read()).toColumns({ int64: 'number' }).value).toEqual(before);
});

// Known engine bug (docs/reliability.md, "gc under load"): gc lists every
// changelog, then reads each revision to collect the digests in use; a
// revision that a trim running meanwhile removes makes the whole gc pass fail
// with "Revision file … is missing". Nothing is deleted then (the pass stops
// before its first change), but under steady trimming gc rarely completes.
// Remove `.fails` once Collection.digests skips revisions removed since the
// listing.
it.fails('gc completes when a trim removes a revision while gc reads the changelog', async () => {
  const inner = new MemoryPod();
  const repo = await Repo.open(inner);
  const c = await repo.createCollection('key int*\nvalue int', 'c');
  for (let i = 0; i < 3; i++) await c.series('s').write({ key: [i], value: [i] });
  const [oldest] = await c.changelog.log();
  let trimmed = false;
  // The first revision read by gc's reader triggers the "concurrent" trim.
  const racing = new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop !== 'read') return Reflect.get(target, prop, receiver);
      return async (path: string) => {
        if (!trimmed && path.startsWith(`${c.path}/`)) {
          trimmed = true;
          await target.rm(`${c.path}/${oldest!.path}`);
        }
        return target.read(path);
      };
    },
  });
  await expect((await Repo.open(racing)).gc()).resolves.toBeDefined();
});
