import { describe, expect } from 'vitest';
import { utf8 } from '../bytes.js';
import { collect } from '../expect-error.js';
import { fill } from '../fill.js';
import type { ConformanceHarness } from '../harness.js';

const TREE = ['top.txt', 'a/x', 'a/c/y', 'a-b', 'b/z', '🙂/u', 'ｚ'];

/** walk: depth first, name order at each level, depth limits. */
export function walkSection(h: ConformanceHarness): void {
  describe('walk', () => {
    h.test('walk yields every file, depth first, in name order at each level', async (pod) => {
      await fill(pod, Object.fromEntries(TREE.map((p) => [p, utf8(p)])));
      // Folder 'a' sorts before 'a-b' as a name, although the key 'a-b' sorts
      // before 'a/c/y': a backend listing keys flat must re-sort by level.
      expect(await collect(pod.walk())).toEqual([
        'a/c/y',
        'a/x',
        'a-b',
        'b/z',
        'top.txt',
        'ｚ',
        '🙂/u',
      ]);
      expect(await collect(pod.walk(''))).toHaveLength(TREE.length);
    });

    h.test('walk with maxDepth stops at that many levels', async (pod) => {
      await fill(pod, Object.fromEntries(TREE.map((p) => [p, utf8(p)])));
      expect(await collect(pod.walk('', { maxDepth: 1 }))).toEqual(['a-b', 'top.txt', 'ｚ']);
      expect(await collect(pod.walk('', { maxDepth: 2 }))).toEqual([
        'a/x',
        'a-b',
        'b/z',
        'top.txt',
        'ｚ',
        '🙂/u',
      ]);
      expect(await collect(pod.walk('', { maxDepth: 3 }))).toHaveLength(TREE.length);
    });

    h.test("walk of a folder yields paths from the pod's root", async (pod) => {
      await fill(pod, Object.fromEntries(TREE.map((p) => [p, utf8(p)])));
      expect(await collect(pod.walk('a'))).toEqual(['a/c/y', 'a/x']);
      expect(await collect(pod.walk('a', { maxDepth: 1 }))).toEqual(['a/x']);
    });

    h.test('walk of a missing folder yields nothing', async (pod) => {
      await pod.write('f', utf8('f'));
      expect(await collect(pod.walk('missing'))).toEqual([]);
      expect(await collect(pod.walk('missing/deeper'))).toEqual([]);
    });
  });
}
