import { InvalidPathError } from '@lakota/core';
import { describe, expect } from 'vitest';
import { expectBytes, utf8 } from '../bytes.js';
import { collect, expectError } from '../expect-error.js';
import { fill } from '../fill.js';
import type { ConformanceHarness } from '../harness.js';

const TREE = ['top', 'a/x', 'a/b/y', 'c/z'];

/**
 * sweep (optional): removes the leftovers of interrupted writes, never a file
 * listings show. A pod without it is checked to give sub-pods without it too,
 * so `pod.sweep === undefined` keeps meaning "nothing to sweep".
 */
export function sweepSection(h: ConformanceHarness): void {
  describe('sweep (optional)', () => {
    h.test(
      'when a pod has sweep, a sweep with olderThanMs 0 removes no listed file, from the pod or a sub-pod',
      async (pod) => {
        if (pod.sweep === undefined) {
          expect(pod.cd('a').sweep, `${h.name} has no sweep: nor may its sub-pods`).toBeUndefined();
          return;
        }
        expect(await pod.sweep({ olderThanMs: 0 }), 'sweep of an empty pod').toBe(0);
        await fill(pod, Object.fromEntries(TREE.map((p) => [p, utf8(p)])));
        const swept = await pod.sweep({ olderThanMs: 0 });
        expect(Number.isInteger(swept) && swept >= 0, `sweep returned ${swept}`).toBe(true);
        expect(await collect(pod.walk())).toEqual(['a/b/y', 'a/x', 'c/z', 'top']);
        const sub = pod.cd('a');
        expect(typeof sub.sweep, 'a sub-pod of a pod with sweep has it').toBe('function');
        await sub.sweep?.({ olderThanMs: 0 });
        await pod.sweep({ olderThanMs: 0, path: 'c' });
        await pod.sweep({ olderThanMs: 0, path: 'missing/folder' });
        expect(await collect(pod.walk())).toEqual(['a/b/y', 'a/x', 'c/z', 'top']);
        for (const p of TREE) expectBytes(await pod.read(p), utf8(p), `${p} after sweeps`);
      },
    );

    h.test('when a pod has sweep, it refuses an invalid path', async (pod) => {
      if (pod.sweep === undefined) {
        expect(pod.cd('a').sweep, `${h.name} has no sweep: nor may its sub-pods`).toBeUndefined();
        return;
      }
      await pod.write('f', utf8('f'));
      await expectError(
        pod.sweep({ olderThanMs: 0, path: '../x' }),
        InvalidPathError,
        'sweep ../x',
      );
      const sub = pod.cd('a');
      await expectError(
        Promise.resolve().then(() => sub.sweep?.({ olderThanMs: 0, path: '..' })),
        InvalidPathError,
        "a sub-pod's sweep of '..'",
      );
      expect(await collect(pod.walk())).toEqual(['f']);
    });
  });
}
