import { InvalidPathError, NotFoundError } from '@lakota/core';
import { describe, expect } from 'vitest';
import { expectBytes, utf8 } from '../bytes.js';
import { collect, expectError } from '../expect-error.js';
import type { ConformanceHarness } from '../harness.js';

/** cd(): a sub-pod sees only its folder, with paths relative to it. */
export function subPodsSection(h: ConformanceHarness): void {
  describe('sub-pods (cd)', () => {
    h.test('cd gives a pod rooted at a folder, with paths relative to it', async (pod) => {
      const sub = pod.cd('sub/dir');
      expect(sub.protocol).toBe(pod.protocol);
      expect(sub.capabilities).toEqual(pod.capabilities);
      expect(await sub.ls()).toEqual([]);
      expect(await sub.write('x/file', utf8('in sub'))).toBe(6);
      expectBytes(await pod.read('sub/dir/x/file'), utf8('in sub'), 'read through the parent');
      expect(await sub.ls()).toEqual(['x']);
      expect(await sub.isFile('x/file')).toBe(true);
      expect(await collect(sub.walk())).toEqual(['x/file']);
      await sub.mv('x/file', 'y/moved');
      expect(await collect(pod.walk())).toEqual(['sub/dir/y/moved']);
      expect((await sub.readMany(['y/moved'])).map((b) => b && [...b])).toEqual([
        [...utf8('in sub')],
      ]);
      await sub.rmMany(['y/moved']);
      expect(await pod.ls()).toEqual([]);
    });

    h.test('two sub-pods are isolated from each other', async (pod) => {
      const a = pod.cd('a');
      const b = pod.cd('b');
      await a.write('same', utf8('from a'));
      await b.write('same', utf8('from b'));
      await a.write('only-a/f', utf8('f'));
      expectBytes(await a.read('same'), utf8('from a'), 'a/same');
      expectBytes(await b.read('same'), utf8('from b'), 'b/same');
      expect(await a.ls()).toEqual(['only-a', 'same']);
      expect(await b.ls()).toEqual(['same']);
      expect(await b.isFile('only-a/f')).toBe(false);
      await a.rm('', { recursive: true });
      expect(await a.ls()).toEqual([]);
      expectBytes(await b.read('same'), utf8('from b'), 'b/same after emptying a');
      expect(await collect(pod.walk())).toEqual(['b/same']);
    });

    h.test('a sub-pod cannot reach outside its folder', async (pod) => {
      await pod.write('secret', utf8('outside'));
      const a = pod.cd('a');
      await a.write('inside', utf8('inside'));
      await expectError(a.read('../secret'), InvalidPathError, "a.read('../secret')");
      await expectError(
        a.write('../escaped', utf8('x')),
        InvalidPathError,
        "a.write('../escaped')",
      );
      await expectError(a.rm('..', { recursive: true }), InvalidPathError, "a.rm('..', recursive)");
      await expectError(a.mv('inside', '../moved'), InvalidPathError, "a.mv to '../moved'");
      await expectError(() => a.cd('..'), InvalidPathError, "a.cd('..')");
      await expectError(() => a.cd('/secret'), InvalidPathError, "a.cd('/secret')");
      await expectError(collect(a.walk('..')), InvalidPathError, "a.walk('..')");
      expect(await collect(pod.walk())).toEqual(['a/inside', 'secret']);
    });

    h.test('cd of a cd equals cd of the joined path', async (pod) => {
      await pod.cd('a').cd('b').write('f', utf8('nested'));
      expectBytes(await pod.cd('a/b').read('f'), utf8('nested'), "cd('a/b').read('f')");
      expectBytes(await pod.read('a/b/f'), utf8('nested'), "read('a/b/f')");
      expect(await collect(pod.cd('a').walk())).toEqual(['b/f']);
    });

    h.test('errors from a sub-pod name paths relative to it', async (pod) => {
      const s = pod.cd('s');
      await s.write('present', utf8('p'));
      expect((await expectError(s.read('missing'), NotFoundError, "s.read('missing')")).path).toBe(
        'missing',
      );
      expect((await expectError(s.ls('none'), NotFoundError, "s.ls('none')")).path).toBe('none');
    });

    h.test('removing the whole content of a sub-pod leaves its siblings', async (pod) => {
      await pod.write('p/q/x', utf8('x'));
      await pod.write('p/r', utf8('r'));
      await pod.cd('p/q').rm('', { recursive: true });
      expect(await collect(pod.walk())).toEqual(['p/r']);
      await pod.cd('never/written').rm('', { recursive: true });
      expect(await pod.cd('never/written').ls()).toEqual([]);
    });
  });
}
