import { MemoryPod } from '@lakota/pod-memory';
import { describe, expect, it } from 'vitest';
import type { IoProgress } from '../../src/io/index.js';
import { exportCollections, importCollections } from '../../src/io/index.js';
import { expectSameFrame, newRepo, readAll, sampleRepo } from './io-helpers.js';

describe.each(['csv', 'parquet'] as const)('export then import (%s)', (format) => {
  it('gives a new repository identical reads, every value exact', async () => {
    const repo = await sampleRepo();
    const dest = new MemoryPod();
    const exported = await exportCollections(repo, dest, { format });
    expect(exported).toEqual({ collections: ['pairs', 'wide'], series: 3, rows: 14 });

    const copy = await newRepo();
    const imported = await importCollections(copy, dest);
    expect(imported).toEqual({ collections: ['pairs', 'wide'], series: 3, rows: 14 });

    expect(await copy.ls()).toEqual(await repo.ls());
    for (const label of await repo.ls()) {
      expect((await copy.collection(label)).schema.toJSON()).toEqual(
        (await repo.collection(label)).schema.toJSON(),
      );
    }
    const before = await readAll(repo);
    const after = await readAll(copy);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [key, frame] of before) expectSameFrame(after.get(key)!, frame);
  });

  it('writes one revision per collection', async () => {
    const repo = await sampleRepo();
    const dest = new MemoryPod();
    await exportCollections(repo, dest, { format });
    const copy = await newRepo();
    await importCollections(copy, dest);
    for (const label of ['wide', 'pairs']) {
      expect(await (await copy.collection(label)).changelog.log()).toHaveLength(1);
    }
  });

  it('exports and imports only the collections asked for, reporting progress per file', async () => {
    const repo = await sampleRepo();
    const dest = new MemoryPod();
    const exportSteps: IoProgress[] = [];
    await exportCollections(repo, dest, {
      format,
      collections: ['wide'],
      onProgress: (p) => exportSteps.push(p),
    });
    expect(await dest.ls()).toEqual(['wide']);
    expect(exportSteps.map((p) => [p.phase, p.file, p.done, p.total])).toEqual([
      ['export', `wide/all-types.${format}`, 1, 2],
      ['export', `wide/short.${format}`, 2, 2],
    ]);

    await exportCollections(repo, dest, { format, collections: ['pairs'] });
    const copy = await newRepo();
    const importSteps: IoProgress[] = [];
    await importCollections(copy, dest, {
      collections: ['pairs'],
      onProgress: (p) => importSteps.push(p),
    });
    expect(await copy.ls()).toEqual(['pairs']);
    expect(importSteps.map((p) => [p.phase, p.file, p.done, p.total])).toEqual([
      ['check', `pairs/a/b.${format}`, 1, 1],
      ['write', `pairs/a/b.${format}`, 1, 1],
    ]);
    expect(await (await copy.collection('pairs')).ls()).toEqual(['a/b']);
  });

  it('imports into an existing collection, replacing the range of each file', async () => {
    const repo = await sampleRepo();
    const dest = new MemoryPod();
    await exportCollections(repo, dest, { format, collections: ['pairs'] });
    const target = await newRepo();
    const pairs = await target.createCollection('day date*\nsensor str*\nreading float', 'pairs');
    await pairs
      .series('a/b')
      .write({ day: ['2019-12-31', '2020-01-01'], sensor: ['z', 'z'], reading: [0, 9] });
    await importCollections(target, dest);
    const frame = await pairs.series('a/b').read();
    expect(frame.toRecords({ timestamps: 'iso' })).toEqual([
      { day: '2019-12-31', sensor: 'z', reading: 0 },
      { day: '2020-01-01', sensor: 'x', reading: 1.5 },
      { day: '2020-01-01', sensor: 'y', reading: 2.5 },
      { day: '2020-01-02', sensor: 'x', reading: 3.5 },
    ]);
  });
});

describe('empty series', () => {
  it('export a header-only file and import nothing for it', async () => {
    const repo = await newRepo();
    const c = await repo.createCollection('timestamp timestamp*\nvalue float', 'c');
    await c.series('gone').write({ timestamp: ['2020-01-01'], value: [1] });
    await c.series('gone').delete('2020-01-01', '2020-01-01');
    await c.series('kept').write({ timestamp: ['2020-01-01'], value: [1] });
    const dest = new MemoryPod();
    await exportCollections(repo, dest);
    expect(new TextDecoder().decode(await dest.read('c/gone.csv'))).toBe('timestamp,value\r\n');
    const copy = await newRepo();
    expect(await importCollections(copy, dest)).toEqual({ collections: ['c'], series: 1, rows: 1 });
    expect(await (await copy.collection('c')).ls()).toEqual(['kept']);
  });
});
