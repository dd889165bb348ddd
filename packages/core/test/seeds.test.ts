import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsPod } from '@lakota/pod-fs';
import { MemoryPod } from '@lakota/pod-memory';
import { describe, expect, it } from 'vitest';
import { type Frame, Repo } from '../src/index.js';

/** The examples of Lakota's documentation (shared/seeds), as tests. */
const rows = (f: Frame) => f.toRecords({ timestamps: 'iso' }).map((r) => Object.values(r));
const tmp = () => mkdtempSync(join(tmpdir(), 'lakota-seed-'));

describe('seed examples', () => {
  it('quickstart: write a series to a folder and read a range', async () => {
    const repo = await Repo.open(new FsPod(tmp()));
    const clct = await repo.createCollection(
      { timestamp: 'timestamp*', value: 'float' },
      'temperature',
    );
    const series = clct.series('Brussels');
    await series.write({
      timestamp: ['2020-01-01T00:00', '2020-01-02T00:00', '2020-01-03T00:00', '2020-01-04T00:00'],
      value: [1, 2, 3, 4],
    });
    // series[:'2020-01-03'] in Python: the stop is included by slicing.
    const frame = await series.read({ stop: '2020-01-03', closed: 'BOTH' });
    expect(rows(frame)).toEqual([
      ['2020-01-01T00:00:00', 1],
      ['2020-01-02T00:00:00', 2],
      ['2020-01-03T00:00:00', 3],
    ]);
  });

  it('many writes: history, reads in the past, defrag', async () => {
    const repo = await Repo.open(new MemoryPod());
    const clct = await repo.createCollection(
      { timestamp: 'timestamp*', value: 'float' },
      'temperature',
    );
    for (const city of ['Brussels', 'Paris', 'London']) {
      for (let i = 1; i < 10; i++) {
        const timestamp = Array.from(
          { length: 7 },
          (_, j) => `2020-01-${String(i + j).padStart(2, '0')}`,
        );
        await clct.series(city).write({ timestamp, value: new Array(7).fill(i) });
      }
    }
    const brussels = await clct.series('Brussels').read();
    expect(brussels.toRecords({ timestamps: 'iso' }).map((r) => r.value)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 9, 9, 9, 9,
    ]);
    const log = await clct.changelog.log();
    expect(log).toHaveLength(27);
    // As of the 6th revision, Brussels had been written 5 times.
    const past = await clct.series('Brussels').read({ before: log[5]!.epoch });
    expect(past.toRecords().map((r) => r.value)).toEqual([1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5]);
    await clct.defrag();
    const after = await clct.commitAt();
    expect(after!.rowsOf('Brussels')).toHaveLength(1);
    expect(rows(await clct.series('Brussels').read())).toEqual(rows(brussels));
    // Trimming everything but the leaf keeps the data.
    await clct.trim(new Date(Date.now() + 60_000));
    expect(await clct.changelog.log()).toHaveLength(1);
    expect(rows(await clct.series('Brussels').read())).toEqual(rows(brussels));
  });

  it('push and pull between repositories and collections', async () => {
    const remote = await Repo.open(new FsPod(tmp()));
    const schema = { timestamp: 'timestamp*', value: 'float' };
    const clct = await remote.createCollection(schema, 'temperature');
    const timestamp = [
      '2020-01-01T00:00',
      '2020-01-02T00:00',
      '2020-01-03T00:00',
      '2020-01-04T00:00',
    ];
    await clct.series('Brussels').write({ timestamp, value: [0, 1, 2, 3] });
    const local = await Repo.open(new FsPod(tmp()));
    expect(await local.ls()).toEqual([]);
    await local.pull(remote);
    expect(await local.ls()).toEqual(['temperature']);
    const pulled = (await local.collection('temperature')).series('Brussels');
    expect((await pulled.read()).toRecords().map((r) => r.value)).toEqual([0, 1, 2, 3]);

    const rainfall = await local.createCollection(schema, 'rainfall');
    await rainfall.series('Brussels').write({ timestamp, value: [0, 1, 2, 3] });
    const precipitation = await remote.createCollection(schema, 'precipitation');
    await rainfall.push(precipitation);
    expect(rows(await precipitation.series('Brussels').read())).toEqual(
      rows(await rainfall.series('Brussels').read()),
    );
  });

  it('merge: concurrent writes fork heads and a merge joins them', async () => {
    const repo = await Repo.open(new FsPod(tmp()));
    const bis = await Repo.open(new FsPod(tmp()));
    const clct = await repo.createCollection('timestamp timestamp*\nvalue float', 'temperature');
    await repo.push(bis);
    const clctBis = await bis.collection('temperature');
    expect(await clctBis.ls()).toEqual([]);
    await clct.series('Brussels').write({
      timestamp: ['2020-01-01T00:00', '2020-01-02T00:00', '2020-01-03T00:00', '2020-01-04T00:00'],
      value: [0, 1, 2, 3],
    });
    await new Promise((r) => setTimeout(r, 5));
    await clctBis.series('Brussels').write({
      timestamp: ['2020-01-02T00:00', '2020-01-03T00:00', '2020-01-04T00:00', '2020-01-05T00:00'],
      value: [10, 11, 12, 13],
    });
    await repo.pull(bis);
    // The later write hides the earlier one until a merge.
    expect((await clct.series('Brussels').read()).toRecords().map((r) => r.value)).toEqual([
      10, 11, 12, 13,
    ]);
    const heads = await clct.heads();
    expect(heads).toHaveLength(2);
    await clct.merge();
    expect(rows(await clct.series('Brussels').read())).toEqual([
      ['2020-01-01T00:00:00', 0],
      ['2020-01-02T00:00:00', 10],
      ['2020-01-03T00:00:00', 11],
      ['2020-01-04T00:00:00', 12],
      ['2020-01-05T00:00:00', 13],
    ]);
    expect(await clct.heads()).toHaveLength(1);
    // One merge file per parent, all with the same content.
    const log = await clct.changelog.log();
    expect(new Set(log.filter((r) => r.isLeaf).map((r) => r.digest)).size).toBe(1);
  });
});
