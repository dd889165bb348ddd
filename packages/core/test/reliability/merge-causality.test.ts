import { MemoryPod } from '@lakota/pod-memory';
import { describe, expect, it } from 'vitest';
import { Repo } from '../../src/repo.js';
import { copyPod } from './helpers.js';

const SCHEMA = 'key int*\nvalue int';

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

  // Known engine bug (docs/reliability.md, "Merge and last-writer-wins"): merge()
  // compares every head with the ancestor common to all heads, here R, so H2's
  // copy of X's value looks new and overwrites W's. Remove `.fails` once each
  // head is compared with its own nearest common ancestor with the heads
  // merged before it.
  it.fails('with three heads, too', async () => {
    const { heads, values } = await threeHeads(true);
    expect(heads).toBe(3);
    expect(values).toEqual([0, 2, 0]);
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
    await (await (await Repo.open(atR)).collection('c')).series('b').write({ key: [1], value: [2] }); // B, on R
    await copyPod(atR, pod);
    expect(await c.merge()).toHaveLength(2); // M1
    await c.series('w').write({ key: [1], value: [3] }); // W, on M1
    await (await (await Repo.open(atR2)).collection('c')).series('z').write({ key: [1], value: [4] }); // Z, on R
    await copyPod(atR2, pod);
    expect(await c.heads()).toHaveLength(2);
    await c.merge();
    expect((await c.ls()).sort()).toEqual(['a', 'b', 's', 'w', 'z']);
    expect(await c.heads()).toHaveLength(1);
  });
});
