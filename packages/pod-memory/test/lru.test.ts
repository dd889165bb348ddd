import { NotFoundError, PodOperationError } from '@lakota/core';
import { describe, expect, it } from 'vitest';
import { MemoryPod } from '../src/index.js';

const size = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

async function present(pod: MemoryPod, paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) if (await pod.isFile(p)) out.push(p);
  return out;
}

describe('MemoryPod without a bound', () => {
  it('keeps everything, counts the bytes held and does not declare evicts', async () => {
    const pod = new MemoryPod();
    expect(pod.lruSize).toBeUndefined();
    expect(pod.capabilities.evicts).toBe(false);
    for (let i = 0; i < 50; i++) await pod.write(`f/${i}`, size(1000));
    expect(pod.size).toBe(50_000);
    expect(await pod.ls('f')).toHaveLength(50);
  });
});

describe('MemoryPod with lruSize', () => {
  it('declares evicts and validates the bound', () => {
    expect(new MemoryPod({ lruSize: 10 }).capabilities.evicts).toBe(true);
    expect(new MemoryPod({ lruSize: 0 }).lruSize).toBe(0);
    expect(() => new MemoryPod({ lruSize: -1 })).toThrow(RangeError);
    expect(() => new MemoryPod({ lruSize: Number.NaN })).toThrow(RangeError);
  });

  it('evicts the least recently used files once the bound is passed', async () => {
    const pod = new MemoryPod({ lruSize: 10 });
    await pod.write('a', size(4));
    await pod.write('b', size(4));
    expect(pod.size).toBe(8);
    await pod.write('c', size(4));
    expect(await present(pod, ['a', 'b', 'c'])).toEqual(['b', 'c']);
    expect(pod.size).toBe(8);
    await expect(pod.read('a')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('treats a read (and readMany) as a use that saves a file from eviction', async () => {
    const pod = new MemoryPod({ lruSize: 12 });
    await pod.write('a', size(4));
    await pod.write('b', size(4));
    await pod.write('c', size(4));
    await pod.read('a');
    await pod.write('d', size(4));
    expect(await present(pod, ['a', 'b', 'c', 'd'])).toEqual(['a', 'c', 'd']);
    await pod.readMany(['c']);
    await pod.write('e', size(4));
    expect(await present(pod, ['a', 'c', 'd', 'e'])).toEqual(['c', 'd', 'e']);
  });

  it('evicts as many files as needed for a large write', async () => {
    const pod = new MemoryPod({ lruSize: 10 });
    for (const p of ['a', 'b', 'c', 'd', 'e']) await pod.write(p, size(2));
    await pod.write('big', size(7));
    expect(await present(pod, ['a', 'b', 'c', 'd', 'e', 'big'])).toEqual(['e', 'big']);
    expect(pod.size).toBe(9);
  });

  it('does not keep a file larger than the whole bound', async () => {
    const pod = new MemoryPod({ lruSize: 10 });
    await pod.write('small', size(3));
    expect(await pod.write('huge', size(11))).toBe(11);
    expect(await pod.isFile('huge')).toBe(false);
    expect(pod.size).toBeLessThanOrEqual(10);
  });

  it('accounts for overwrites: a forced write replaces the old size, a skipped one changes nothing', async () => {
    const pod = new MemoryPod({ lruSize: 100 });
    await pod.write('a', size(40));
    expect(await pod.write('a', size(10))).toBe(0);
    expect(pod.size).toBe(40);
    await pod.write('a', size(10, 2), { force: true });
    expect(pod.size).toBe(10);
    expect([...(await pod.read('a'))]).toEqual([...size(10, 2)]);
  });

  it('accounts for removals of files, folders, bulk lists and the root', async () => {
    const pod = new MemoryPod({ lruSize: 100 });
    await pod.write('x/1', size(5));
    await pod.write('x/2', size(5));
    await pod.write('y/z/3', size(7));
    await pod.write('w', size(3));
    await pod.write('v', size(2));
    await pod.rm('x/1');
    expect(pod.size).toBe(17);
    await pod.rm('y', { recursive: true });
    expect(pod.size).toBe(10);
    await pod.rmMany(['x/2', 'missing']);
    expect(pod.size).toBe(5);
    await pod.rm('', { recursive: true });
    expect(pod.size).toBe(0);
    // Removed files no longer take a place in the recency order.
    await pod.write('p', size(60));
    await pod.write('q', size(40));
    expect(await present(pod, ['p', 'q'])).toEqual(['p', 'q']);
  });

  it('keeps the size on mv, replaces a destination, and counts the move as a use', async () => {
    const pod = new MemoryPod({ lruSize: 11 });
    await pod.write('a', size(4));
    await pod.write('b', size(4));
    await pod.write('dst', size(3));
    await pod.mv('a', 'dst');
    expect(pod.size).toBe(8);
    await pod.write('c', size(4));
    // 'b' is now the least recently used: 'dst' was touched by the move.
    expect(await present(pod, ['a', 'b', 'dst', 'c'])).toEqual(['dst', 'c']);
    expect(pod.size).toBe(8);
  });

  it('never evicts another file to make room for a move, which needs none', async () => {
    const pod = new MemoryPod({ lruSize: 8 });
    await pod.write('x', size(4));
    await pod.write('a', size(4));
    await pod.mv('a', 'moved/a');
    expect(await present(pod, ['x', 'a', 'moved/a'])).toEqual(['x', 'moved/a']);
    expect(pod.size).toBe(8);
  });

  it('prunes the folders of evicted files', async () => {
    const pod = new MemoryPod({ lruSize: 4 });
    await pod.write('old/deep/file', size(4));
    await pod.write('new', size(4));
    expect(await pod.ls()).toEqual(['new']);
  });
});

describe('MemoryPod moves', () => {
  it('moves within one folder without losing the file to pruning', async () => {
    const pod = new MemoryPod();
    await pod.write('a/only', size(2));
    await pod.mv('a/only', 'a/renamed');
    expect(await pod.ls('a')).toEqual(['renamed']);
    await pod.mv('a/renamed', 'a/b/c');
    expect(await pod.ls('a')).toEqual(['b']);
    expect([...(await pod.read('a/b/c'))]).toEqual([1, 1]);
  });

  it('refuses to move a folder or onto a folder, changing nothing', async () => {
    const pod = new MemoryPod({ lruSize: 100 });
    await pod.write('d/x', size(2));
    await pod.write('f', size(3));
    await expect(pod.mv('d', 'e')).rejects.toBeInstanceOf(PodOperationError);
    await expect(pod.mv('f', 'd')).rejects.toBeInstanceOf(PodOperationError);
    await expect(pod.mv('f', 'f/below')).rejects.toBeInstanceOf(PodOperationError);
    expect(await pod.ls()).toEqual(['d', 'f']);
    expect(pod.size).toBe(5);
  });
});
