import { MemoryPod } from '@lakota/pod-memory';
import { describe, expect, it } from 'vitest';
import { CollectionNotFoundError, InvalidInputError, Repo } from '../src/index.js';

async function setup() {
  const repo = await Repo.open(new MemoryPod());
  const clct = await repo.createCollection('timestamp timestamp*\nvalue float', 'temperature');
  await clct
    .series('paris')
    .write({ timestamp: ['2020-01-01', '2020-01-02', '2020-01-03'], value: [1, 2, 3] });
  await clct.series('london').write({ timestamp: ['2020-01-01'], value: [9] });
  return { repo, clct };
}
const values = (f: { toRecords: () => Record<string, unknown>[] }) =>
  f.toRecords().map((r) => r.value);

describe('collection and repository operations', () => {
  it('creates several collections at once, searches, renames and deletes them', async () => {
    const { repo } = await setup();
    await repo.createCollections('k int*\nv float', ['a', 'b']);
    expect(await repo.ls()).toEqual(['a', 'b', 'temperature']);
    expect((await repo.search('te')).map((c) => c.label)).toEqual(['temperature']);
    const renamed = await repo.renameCollection('temperature', 'temp');
    expect(await repo.ls()).toEqual(['a', 'b', 'temp']);
    expect(values(await renamed.series('paris').read())).toEqual([1, 2, 3]);
    await repo.deleteCollection('a', 'b');
    expect(await repo.ls()).toEqual(['temp']);
    await expect(repo.collection('a')).rejects.toBeInstanceOf(CollectionNotFoundError);
    await expect(repo.deleteCollection('nope')).rejects.toBeInstanceOf(CollectionNotFoundError);
  });

  it('renames and drops series', async () => {
    const { clct } = await setup();
    await clct.rename('paris', 'lyon');
    expect(await clct.ls()).toEqual(['london', 'lyon']);
    expect(values(await clct.series('lyon').read())).toEqual([1, 2, 3]);
    await clct.delete('london');
    expect(await clct.ls()).toEqual(['lyon']);
    await expect(clct.rename('nope', 'x')).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('updates some columns of existing rows only', async () => {
    const repo = await Repo.open(new MemoryPod());
    const c = await repo.createCollection('k int*\na float\nb str', 'c');
    await c.series('s').write({ k: [1, 2, 3], a: [1, 2, 3], b: ['x', 'y', 'z'] });
    await c.series('s').update({ k: [2, 3], a: [20, 30] });
    expect((await c.series('s').read()).toRecords({ int64: 'number' })).toEqual([
      { k: 1, a: 1, b: 'x' },
      { k: 2, a: 20, b: 'y' },
      { k: 3, a: 30, b: 'z' },
    ]);
    await expect(c.series('s').update({ k: [2, 4], a: [0, 0] })).rejects.toThrow(
      /do not match|not stored/,
    );
  });

  it('paginates, tails with limit and offset, counts', async () => {
    const repo = await Repo.open(new MemoryPod());
    const c = await repo.createCollection('k int*\nv float', 'c');
    for (let i = 0; i < 5; i++) {
      await c.series('s').write({ k: [i * 10, i * 10 + 1, i * 10 + 2], v: [i, i, i] });
    }
    const pages = [];
    for await (const page of c.series('s').paginate(4)) pages.push(page.length);
    expect(pages).toEqual([4, 4, 4, 3]);
    const offsetPages = [];
    for await (const page of c.series('s').paginate(4, { offset: 2, limit: 9 }))
      offsetPages.push(page.length);
    expect(offsetPages).toEqual([4, 4, 1]);
    expect(
      (await c.series('s').tail(4, { offset: 1, limit: 2 }))
        .toRecords({ int64: 'number' })
        .map((r) => r.k),
    ).toEqual([40, 41]);
    expect(await c.series('s').length()).toBe(15);
    expect(await c.series('s').length({ start: 10, stop: 30 })).toBe(6);
  });

  it('clones into a collection with another schema', async () => {
    const { repo, clct } = await setup();
    const target = await repo.createCollection(
      'timestamp timestamp*\ntemp float\nsource str',
      'copy',
    );
    await clct.clone(target, { rename: { value: 'temp' }, defaults: { source: 'sensor' } });
    expect((await target.series('paris').read()).toRecords({ timestamps: 'iso' })).toEqual([
      { timestamp: '2020-01-01T00:00:00', temp: 1, source: 'sensor' },
      { timestamp: '2020-01-02T00:00:00', temp: 2, source: 'sensor' },
      { timestamp: '2020-01-03T00:00:00', temp: 3, source: 'sensor' },
    ]);
    await expect(clct.clone(target)).rejects.toThrow(/not empty/);
  });

  it('pulls shallow: only the leaf revisions', async () => {
    const { repo, clct } = await setup();
    const mirror = await Repo.open(new MemoryPod());
    await mirror.pull(repo, { shallow: true });
    const pulled = await mirror.collection('temperature');
    expect(await pulled.changelog.log()).toHaveLength(1);
    expect(values(await pulled.series('paris').read())).toEqual(
      values(await clct.series('paris').read()),
    );
  });
});
