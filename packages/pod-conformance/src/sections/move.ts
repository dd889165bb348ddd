import { LakotaError, NotFoundError } from '@lakota/core';
import { describe, expect } from 'vitest';
import { expectBytes, utf8 } from '../bytes.js';
import { collect, expectError } from '../expect-error.js';
import { fill } from '../fill.js';
import type { ConformanceHarness } from '../harness.js';

/** mv: rename, replace, missing source, self-move, folders left empty. */
export function moveSection(h: ConformanceHarness): void {
  describe('move', () => {
    h.test(
      'mv renames a file into new folders and drops the emptied source folder',
      async (pod) => {
        await pod.write('a/src', utf8('payload'));
        await pod.mv('a/src', 'b/c/dst');
        expectBytes(await pod.read('b/c/dst'), utf8('payload'), 'moved file');
        expect(await pod.isFile('a/src')).toBe(false);
        expect(await pod.ls()).toEqual(['b']);
      },
    );

    h.test('mv replaces an existing destination', async (pod) => {
      await fill(pod, { from: utf8('new content'), to: utf8('old') });
      await pod.mv('from', 'to');
      expectBytes(await pod.read('to'), utf8('new content'), 'replaced destination');
      expect(await collect(pod.walk())).toEqual(['to']);
    });

    h.test('mv of a missing source throws NotFoundError and keeps the destination', async (pod) => {
      await pod.write('dst', utf8('keep me'));
      const err = await expectError(pod.mv('nope', 'dst'), NotFoundError, "mv('nope', 'dst')");
      expect(err.path).toBe('nope');
      expectBytes(await pod.read('dst'), utf8('keep me'), 'destination after a failed mv');
      await expectError(pod.mv('no/such', 'new'), NotFoundError, 'mv from a missing folder');
      expect(await collect(pod.walk())).toEqual(['dst']);
    });

    h.test(
      'mv of a file onto itself keeps it; of a missing one throws NotFoundError',
      async (pod) => {
        await pod.write('self', utf8('same'));
        await pod.mv('self', 'self');
        expectBytes(await pod.read('self'), utf8('same'), 'file moved onto itself');
        await expectError(
          pod.mv('ghost', 'ghost'),
          NotFoundError,
          'mv of a missing file onto itself',
        );
      },
    );

    h.test('mv of a folder fails with a LakotaError and leaves it in place', async (pod) => {
      await fill(pod, { 'dir/x': utf8('x'), 'dir/y/z': utf8('z') });
      await expectError(pod.mv('dir', 'elsewhere'), LakotaError, "mv('dir', …) of a folder");
      expect(await collect(pod.walk())).toEqual(['dir/x', 'dir/y/z']);
    });
  });
}
