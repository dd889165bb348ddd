import { MemoryPod } from '@lakota/pod-memory';
import { describe, expect, it } from 'vitest';
import { AutoMerge, isVisible, mergeHeads } from '../../src/auto-merge.js';
import { PermissionError } from '../../src/errors.js';
import type { Pod } from '../../src/pod.js';
import { Repo } from '../../src/repo.js';
import { Revision } from '../../src/revision.js';
import { copyPod } from './helpers.js';

const SCHEMA = 'key int*\nvalue int';

/**
 * Two writers on one repository commit on the state both saw: `mine`, then
 * `theirs`, whose revision sorts last and is what reads see; `mine` is a
 * head that reads do not see.
 */
async function diverged() {
  const pod = new MemoryPod();
  const repo = await Repo.open(pod);
  const c = await repo.createCollection(SCHEMA, 'c');
  await c.series('base').write({ key: [1], value: [1] });
  const stale = new MemoryPod();
  await copyPod(pod, stale);
  const mine = await (await (await Repo.open(stale)).collection('c'))
    .series('mine')
    .write({ key: [1], value: [3] });
  await new Promise((r) => setTimeout(r, 3));
  const theirs = await c.series('theirs').write({ key: [1], value: [2] });
  await copyPod(stale, pod);
  const clct = await (await Repo.open(pod)).collection('c');
  return { pod, clct, mine, theirs };
}

/** A pod that refuses every change, like a read-only server mount. */
function readOnly(inner: Pod): Pod {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'write' || prop === 'rm' || prop === 'mv' || prop === 'rmMany') {
        return (path: string) => Promise.reject(new PermissionError(String(path)));
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

describe('AutoMerge', () => {
  it('off: leaves the heads as they are', async () => {
    const { clct, mine } = await diverged();
    const policy = new AutoMerge('off');
    expect(await policy.afterWrite(clct, mine)).toEqual([]);
    expect(await policy.beforeRead(clct)).toEqual([]);
    expect(await clct.heads()).toHaveLength(2);
  });

  it('on-write: merges when the write just made is hidden behind another head', async () => {
    const { clct, mine } = await diverged();
    const sorted = (await clct.ls()).sort();
    expect(sorted).toEqual(['base', 'theirs']);
    expect(await isVisible(clct, mine)).toBe(false);
    const merges: number[] = [];
    const policy = new AutoMerge({
      mode: 'on-write',
      jitterMs: 0,
      onMerge: (_c, revs) => merges.push(revs.length),
    });
    const revs = await policy.afterWrite(clct, mine);
    expect(revs.length).toBe(2);
    expect(merges).toEqual([2]);
    expect(policy.merges).toBe(1);
    expect((await clct.ls()).sort()).toEqual(['base', 'mine', 'theirs']);
    expect(await clct.heads()).toHaveLength(1);
    expect(await isVisible(clct, mine)).toBe(true);
    // Nothing hidden any more: nothing to do.
    expect(await policy.afterWrite(clct, mine)).toEqual([]);
  });

  it('on-write: merges nothing when the write is what reads see', async () => {
    const { clct, theirs } = await diverged();
    expect(await isVisible(clct, theirs)).toBe(true);
    const policy = new AutoMerge('on-write');
    expect(await policy.afterWrite(clct, theirs)).toEqual([]);
    expect(policy.merges).toBe(0);
    // Not its business in that mode.
    expect(await policy.beforeRead(clct)).toEqual([]);
  });

  it('on-read: merges before a read so the read sees every committed write', async () => {
    const { clct, mine } = await diverged();
    const policy = new AutoMerge('on-read');
    expect(await policy.afterWrite(clct, mine)).toEqual([]);
    expect((await policy.beforeRead(clct)).length).toBe(2);
    expect((await clct.ls()).sort()).toEqual(['base', 'mine', 'theirs']);
    expect(await policy.beforeRead(clct)).toEqual([]);
  });

  it('on-read: a read-only pod reads the current head instead of failing', async () => {
    const { pod } = await diverged();
    const clct = await (await Repo.open(readOnly(pod))).collection('c');
    expect(await new AutoMerge('on-read').beforeRead(clct)).toEqual([]);
    expect(await clct.heads()).toHaveLength(2);
  });

  it('mergeHeads merges until one head is left, at most maxRounds times', async () => {
    const { clct } = await diverged();
    expect(await mergeHeads(clct, { maxRounds: 0 })).toEqual([]);
    expect((await mergeHeads(clct)).length).toBe(2);
    expect(await clct.heads()).toHaveLength(1);
    expect(await mergeHeads(clct)).toEqual([]);
  });

  it('on-write: merges only the head holding the write with the one reads see', async () => {
    const { pod, clct, mine } = await diverged();
    // A third writer, forked on the same parent, stays a hidden head of its own.
    const first = (await clct.changelog.log())[0]!;
    const third = await Repo.open(pod);
    const t = await third.collection('c');
    const ci = await t.readCommit(first);
    await t.writeCommit(ci.update({ ...ci.rowsOf('base')[0]!, label: 'third' }), [first.child], {
      op: 'write',
    });
    expect(await clct.heads()).toHaveLength(3);
    const revs = await new AutoMerge({ mode: 'on-write', jitterMs: 0 }).afterWrite(clct, mine);
    expect(revs).toHaveLength(2);
    expect(await isVisible(clct, mine)).toBe(true);
    expect(await clct.heads()).toHaveLength(2);
  });

  it('on-write: a failed merge leaves the committed write as it is and reports the error', async () => {
    const { pod, mine } = await diverged();
    const clct = await (await Repo.open(readOnly(pod))).collection('c');
    const errors: unknown[] = [];
    const policy = new AutoMerge({
      mode: 'on-write',
      jitterMs: 0,
      onError: (_c, err) => errors.push(err),
    });
    expect(await policy.afterWrite(clct, mine)).toEqual([]);
    expect(policy.failures).toBe(1);
    expect(errors[0]).toBeInstanceOf(PermissionError);
    expect(await clct.heads()).toHaveLength(2);
  });

  it('merge({ heads }) leaves out revisions that are heads no more, refuses unknown ones', async () => {
    const { clct, mine, theirs } = await diverged();
    const [before] = (await clct.changelog.log()).slice(0, 1);
    expect(await clct.merge({ heads: [before!, mine[0]!] })).toEqual([]);
    expect(await clct.heads()).toHaveLength(2);
    const ghost = new Revision(theirs[0]!.child, `${theirs[0]!.epoch}-${'e'.repeat(40)}`);
    await expect(clct.merge({ heads: [ghost] })).rejects.toThrow(/no such revision/);
    expect((await clct.merge({ heads: [mine[0]!, theirs[0]!] })).length).toBe(2);
    expect(await clct.heads()).toHaveLength(1);
  });

  it('refuses an unknown mode', () => {
    expect(() => new AutoMerge('sometimes' as never)).toThrow(/'off', 'on-write' or 'on-read'/);
  });
});

describe('Repo.open({ autoMerge })', () => {
  it('on-read: a read of the current state sees every concurrent writer', async () => {
    const pod = new MemoryPod();
    const base = await Repo.open(pod);
    const c = await base.createCollection('key int*\nvalue int', 'c');
    await c.series('s').write({ key: [1], value: [1] });
    // Another writer forks a head from the virtual root, hiding 's' from plain reads.
    await (await base.collection('c')).series('b').write({ key: [1], value: [2] }, { root: true });
    expect(await (await base.collection('c')).ls()).toEqual(['b']);
    const merging = await Repo.open(pod, { autoMerge: 'on-read' });
    expect(await (await merging.collection('c')).ls()).toEqual(['b', 's']);
    expect(merging.autoMerge.merges).toBe(1);
  });
});
