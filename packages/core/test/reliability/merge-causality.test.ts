import { MemoryPod } from '@lakota/pod-memory';
import { describe, expect, it } from 'vitest';
import { hextime, hextimeToMs } from '../../src/hextime.js';
import { Repo } from '../../src/repo.js';
import type { Revision } from '../../src/revision.js';
import { copyPod } from './helpers.js';

const SCHEMA = 'key int*\nvalue int';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Three writers: W builds on X, H2 on X (it saw X, not W), H3 on R (it saw
 * neither). W overwrote X's value at key 2, after X and knowing X, so the
 * merge must keep W's value there: X's value reaches the merge again through
 * H2, which only inherited it.
 */
async function threeHeads(withThird: boolean) {
  const pod = new MemoryPod();
  const repo = await Repo.open(pod);
  const c = await repo.createCollection(SCHEMA, 'c');
  await c.series('s').write({ key: [1, 2, 3], value: [0, 0, 0] }); // R
  const atR = new MemoryPod();
  await copyPod(pod, atR);
  await c.series('s').write({ key: [2], value: [1] }); // X
  const atX = new MemoryPod();
  await copyPod(pod, atX);
  await c.series('s').write({ key: [2], value: [2] }); // W, on X

  const h2 = await (await Repo.open(atX)).collection('c');
  await h2.series('other').write({ key: [1], value: [7] }); // H2, on X
  await copyPod(atX, pod);
  if (withThird) {
    const h3 = await (await Repo.open(atR)).collection('c');
    await h3.series('third').write({ key: [1], value: [9] }); // H3, on R
    await copyPod(atR, pod);
  }
  const merged = await Repo.open(pod);
  const clct = await merged.collection('c');
  const heads = (await clct.heads()).length;
  await merged.merge();
  const values = (await clct.series('s').read()).toColumns({ int64: 'number' }).value;
  return { heads, values: Array.from(values as ArrayLike<unknown>) };
}

describe('merge keeps the write that came last in causal order', () => {
  it('with two heads, a value overwritten after the fork point stays overwritten', async () => {
    const { heads, values } = await threeHeads(false);
    expect(heads).toBe(2);
    expect(values).toEqual([0, 2, 0]);
  });

  // merge() compares each head with its nearest ancestor among the heads
  // merged before it (here X for H2), not with R, the ancestor common to all.
  it('with three heads, too', async () => {
    const { heads, values } = await threeHeads(true);
    expect(heads).toBe(3);
    expect(values).toEqual([0, 2, 0]);
  });

  /**
   * Y and Z fork on R; Z writes 1. M1 merges them; W, built on M1 (through
   * its file on Y), writes 2 over Z's 1. On the other side, H' builds on Z and
   * H merges H' with Y. W knew Z's write and replaced it; H only carries it.
   * The ancestors H shares with W are Y and Z: following one parent per
   * merge file, W's side never reaches Z and H's copy of Z's value looks new.
   */
  it('when the heads descend from merges', async () => {
    const main = new MemoryPod();
    const c = await (await Repo.open(main)).createCollection(SCHEMA, 'c');
    await c.series('s').write({ key: [1], value: [0] }); // R
    const atR = new MemoryPod();
    await copyPod(main, atR);
    await sleep(2);
    await (await (await Repo.open(atR)).collection('c'))
      .series('y')
      .write({ key: [1], value: [5] }); // Y
    await sleep(2);
    await c.series('s').write({ key: [1], value: [1] }); // Z
    const atZ = new MemoryPod();
    await copyPod(main, atZ);
    await copyPod(atR, main);
    const m = await (await Repo.open(main)).collection('c');
    const [, onZ] = await m.merge(); // M1: a file on Y, one on Z
    // W's writer listed the folder without Z's branch (it lands later for it).
    const z = (await m.changelog.log()).find((r) => r.child === onZ!.parent)!;
    const hidden = [onZ!.path, z.path];
    const bytes = await Promise.all(hidden.map((p) => m.changelog.pod.read(p)));
    for (const p of hidden) await m.changelog.pod.rm(p);
    await sleep(2);
    const [w] = await (await (await Repo.open(main)).collection('c'))
      .series('s')
      .write({ key: [1], value: [2] }); // W
    for (const [i, p] of hidden.entries()) await m.changelog.pod.write(p, bytes[i]!);
    expect(w!.parentDigest).toBe(onZ!.digest);
    await (await (await Repo.open(atZ)).collection('c'))
      .series('h')
      .write({ key: [1], value: [7] }); // H'
    await copyPod(atR, atZ);
    await (await (await Repo.open(atZ)).collection('c')).merge(); // H
    await copyPod(atZ, main);

    const merged = await (await Repo.open(main)).collection('c');
    await merged.merge();
    expect((await merged.ls()).sort()).toEqual(['h', 's', 'y']);
    expect((await merged.series('s').read()).toColumns({ int64: 'number' }).value).toEqual([2]);
  });
});

describe('merge replays writes, not what a defrag re-encoded', () => {
  /**
   * R writes six rows of 's'. W, on main, replaces key 1. D, in a copy made
   * at R and later than W, defrags 's' (the same values in a new segment),
   * then X writes another series. D re-encoded R's value at key 1, which W
   * replaced: the merge must keep W's value, and X's write.
   */
  it('a defrag concurrent with a write does not bring back the value the write replaced', async () => {
    const main = new MemoryPod();
    const c = await (await Repo.open(main)).createCollection(SCHEMA, 'c');
    for (let k = 1; k <= 6; k++) await c.series('s').write({ key: [k], value: [0] }); // R
    const atR = new MemoryPod();
    await copyPod(main, atR);
    await c.series('s').write({ key: [1], value: [9] }); // W
    await sleep(2);
    const side = await (await Repo.open(atR)).collection('c');
    expect(await side.defrag()).toHaveLength(1); // D
    expect((await side.commitAt())!.rowsOf('s')).toHaveLength(1);
    await side.series('x').write({ key: [1], value: [5] }); // X, on D
    await copyPod(atR, main);

    const merged = await (await Repo.open(main)).collection('c');
    expect(await merged.heads()).toHaveLength(2);
    await merged.merge();
    expect((await merged.series('s').read()).toColumns({ int64: 'number' }).value).toEqual([
      9, 0, 0, 0, 0, 0,
    ]);
    expect((await merged.series('x').read()).toColumns({ int64: 'number' }).value).toEqual([5]);
  });

  it('a long branch is replayed as the writes it holds', async () => {
    const main = new MemoryPod();
    const c = await (await Repo.open(main)).createCollection(SCHEMA, 'c');
    await c.series('s').write({ key: [1, 2, 3], value: [0, 0, 0] });
    const fork = new MemoryPod();
    await copyPod(main, fork);
    const other = await (await Repo.open(fork)).collection('c');
    for (let i = 1; i <= 30; i++) {
      await other.series('s').write({ key: [3 + i], value: [i] });
      if (i % 10 === 0) await other.series('s').delete(3 + i - 5, 3 + i - 5);
    }
    await c.series('s').write({ key: [2], value: [7] });
    await copyPod(fork, main);
    const merged = await (await Repo.open(main)).collection('c');
    await merged.merge();
    const read = (await merged.series('s').read()).toColumns({ int64: 'number' });
    const expected = new Map<number, number>([
      [1, 0],
      [2, 7],
      [3, 0],
    ]);
    for (let i = 1; i <= 30; i++) if (i % 10 !== 5) expected.set(3 + i, i);
    expect(Array.from(read.key as ArrayLike<number>)).toEqual([...expected.keys()]);
    expect(Array.from(read.value as ArrayLike<number>)).toEqual([...expected.values()]);
  });
});

describe('merge after a trim', () => {
  /**
   * R, A (series u), B (series s); trim removes R and A. W, made on R in a
   * copy, lands after the trim: its parent is gone, and so is B's. Neither
   * says what it changed; each one's content is all that is left of the
   * writes before it, and nothing of it may be lost.
   */
  it('keeps what heads whose parents were trimmed away hold', async () => {
    const main = new MemoryPod();
    const c = await (await Repo.open(main)).createCollection(SCHEMA, 'c');
    const [r] = await c.series('s').write({ key: [1, 2, 3], value: [0, 0, 0] }); // R
    const atR = new MemoryPod();
    await copyPod(main, atR);
    await sleep(2);
    await c.series('u').write({ key: [1], value: [1] }); // A
    await c.series('s').write({ key: [4], value: [4] }); // B
    expect(await c.trim(Date.now() + 3_600_000)).toBe(2);
    await (await (await Repo.open(atR)).collection('c'))
      .series('t')
      .write({ key: [1], value: [9] }); // W
    await copyPod(atR, main);
    await c.changelog.pod.rm(r!.path); // trimmed: the copy brought it back

    const merged = await (await Repo.open(main)).collection('c');
    expect(await merged.heads()).toHaveLength(2);
    await merged.merge();
    const values = async (label: string) =>
      (await merged.series(label).read()).toColumns({ int64: 'number' }).value;
    expect((await merged.ls()).sort()).toEqual(['s', 't', 'u']);
    expect(await values('s')).toEqual([0, 0, 0, 4]);
    expect(await values('t')).toEqual([9]);
    expect(await values('u')).toEqual([1]);
  });
});

describe('a merge leaves one head', () => {
  /**
   * A and B fork on R and are merged (M1: one file per parent); W builds on
   * one file of M1; Z, forked on R too, arrives late. Merging W and Z must
   * leave one head: M1's other file is still covered, through W.
   */
  it('when an earlier merge has a file nothing was built on', async () => {
    const pod = new MemoryPod();
    const repo = await Repo.open(pod);
    const c = await repo.createCollection(SCHEMA, 'c');
    await c.series('s').write({ key: [1], value: [0] }); // R
    const atR = new MemoryPod();
    await copyPod(pod, atR);
    const atR2 = new MemoryPod();
    await copyPod(pod, atR2);
    await c.series('a').write({ key: [1], value: [1] }); // A, on R
    await (await (await Repo.open(atR)).collection('c'))
      .series('b')
      .write({ key: [1], value: [2] }); // B, on R
    await copyPod(atR, pod);
    expect(await c.merge()).toHaveLength(2); // M1
    await c.series('w').write({ key: [1], value: [3] }); // W, on M1
    await (await (await Repo.open(atR2)).collection('c'))
      .series('z')
      .write({ key: [1], value: [4] }); // Z, on R
    await copyPod(atR2, pod);
    expect(await c.heads()).toHaveLength(2);
    await c.merge();
    expect((await c.ls()).sort()).toEqual(['a', 'b', 's', 'w', 'z']);
    expect(await c.heads()).toHaveLength(1);
  });
});

/** R, then A and B forked on it, merged: the merge's files on A and on B. */
async function mergeOfTwo() {
  const pod = new MemoryPod();
  const c = await (await Repo.open(pod)).createCollection(SCHEMA, 'c');
  await c.series('s').write({ key: [1], value: [0] }); // R
  const atR = new MemoryPod();
  await copyPod(pod, atR);
  await c.series('a').write({ key: [1], value: [1] }); // A
  await (await (await Repo.open(atR)).collection('c')).series('b').write({ key: [1], value: [2] }); // B
  await copyPod(atR, pod);
  const [onA, onB] = await c.merge();
  return { pod, c, onA: onA as Revision, onB: onB as Revision };
}

describe('reads never hide a committed write behind a head', () => {
  /**
   * Two writers merge the same heads A and B at once: same content, so same
   * digest m, and epochs one millisecond apart. The first writes A.c1 and
   * B.c2, the second A.c2 and B.c3 (c2 twice: same epoch, same digest). W is
   * built on c2. The log walks A, c1, c2, W, then B, c2 again (already seen:
   * not followed) and c3, the leaf reads see: m, without W. W must count as
   * a head and the leaf too, so that a merge brings W back into view.
   */
  it('when identical concurrent merges share a revision id', async () => {
    const { pod, c, onA, onB } = await mergeOfTwo();
    expect(onB.parent > onA.parent).toBe(true);
    await c.series('w').write({ key: [1], value: [3] }); // W, on c2
    const payload = await c.changelog.pod.read(onB.path);
    const c3 = `${hextime(hextimeToMs(onB.epoch) + 1)}-${onB.digest}`;
    await c.changelog.pod.write(`${onA.parent}.${onB.child}`, payload);
    await c.changelog.pod.write(`${onB.parent}.${c3}`, payload);

    const reader = await (await Repo.open(pod)).collection('c');
    expect(await reader.ls()).not.toContain('w');
    expect(await reader.heads()).toHaveLength(2);
    await reader.merge();
    expect(await reader.ls()).toContain('w');
    expect(await reader.heads()).toHaveLength(1);
  });

  /**
   * A merge of A and B whose two files share one child id c (same
   * millisecond, same content): the log reaches c first below A, and ends on
   * its second file, below B, without descending. A write built on c hangs
   * below the first one; it must also be filed where the log reaches it last.
   */
  it('when the leaf is the second file of a child id', async () => {
    const { pod, c, onA, onB } = await mergeOfTwo();
    await c.changelog.pod.rm(onA.path);
    await c.changelog.pod.write(`${onA.parent}.${onB.child}`, await c.changelog.pod.read(onB.path));
    const log = await c.changelog.log();
    expect(log.filter((r) => r.child === onB.child)).toHaveLength(2);
    expect(log[log.length - 1]!.path).toBe(onB.path);

    const writer = await (await Repo.open(pod)).collection('c');
    await writer.series('w').write({ key: [1], value: [3] });
    const reader = await (await Repo.open(pod)).collection('c');
    expect((await reader.ls()).sort()).toEqual(['a', 'b', 's', 'w']);
    expect(await reader.heads()).toHaveLength(1);
  });
});
