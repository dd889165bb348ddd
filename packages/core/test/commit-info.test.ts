import { MemoryPod } from '@lakota/pod-memory';
import { describe, expect, it } from 'vitest';
import { Commit } from '../src/commit.js';
import { Repo } from '../src/repo.js';

describe('Commit.peekInfo', () => {
  it('gives the info a full decode gives, without decoding the arrays', async () => {
    const repo = await Repo.open(new MemoryPod());
    const c = await repo.createCollection('key int*\nvalue int', 'c');
    await c.series('s').write({ key: [1, 2], value: [1, 2] }, { message: 'first', author: 'ann' });
    await c.series('t').write({ key: [1], value: [1] });
    await c.defrag();
    for (const rev of await c.changelog.log()) {
      const payload = await c.changelog.read(rev);
      expect(Commit.peekInfo(payload)).toEqual(Commit.decode(c.schema, payload).info);
    }
    const [first] = await c.changelog.log();
    expect(Commit.peekInfo(await c.changelog.read(first!))).toMatchObject({
      op: 'write',
      message: 'first',
      author: 'ann',
      series: ['s'],
    });
  });

  it('gives nothing for a commit without info, as Python writes them', async () => {
    const repo = await Repo.open(new MemoryPod());
    const c = await repo.createCollection('key int*\nvalue int', 'c');
    await c.series('s').write({ key: [1], value: [1] });
    const ci = (await c.commitAt())!;
    expect(Commit.peekInfo(ci.encode())).toBeUndefined();
    expect(Commit.peekInfo(ci.encode({ op: 'merge' }))).toEqual({ op: 'merge' });
  });
});
