import { NotFoundError, PodOperationError } from '@lakota/core';
import { describe, expect } from 'vitest';
import { expectBytes, utf8 } from '../bytes.js';
import { collect, expectError } from '../expect-error.js';
import { fill } from '../fill.js';
import type { ConformanceHarness } from '../harness.js';

/** rm, recursive rm, rmMany, and folders that vanish with their last file. */
export function removalSection(h: ConformanceHarness): void {
  describe('removal', () => {
    h.test('rm removes a file', async (pod) => {
      await fill(pod, { 'a/f': utf8('f'), 'a/g': utf8('g') });
      await pod.rm('a/f');
      expect(await pod.isFile('a/f')).toBe(false);
      await expectError(pod.read('a/f'), NotFoundError, 'read after rm');
      expect(await pod.ls('a')).toEqual(['g']);
    });

    h.test(
      'rm of a missing path throws NotFoundError, and does nothing with missingOk',
      async (pod) => {
        await pod.write('kept', utf8('k'));
        const err = await expectError(pod.rm('gone/file'), NotFoundError, "rm('gone/file')");
        expect(err.path).toBe('gone/file');
        await expectError(
          pod.rm('gone', { recursive: true }),
          NotFoundError,
          'recursive rm of a missing folder',
        );
        await pod.rm('gone/file', { missingOk: true });
        await pod.rm('gone', { recursive: true, missingOk: true });
        expect(await collect(pod.walk())).toEqual(['kept']);
      },
    );

    h.test(
      'rm without recursive refuses a folder with PodOperationError and keeps it',
      async (pod) => {
        await fill(pod, { 'd/x': utf8('x'), 'd/e/y': utf8('y') });
        const err = await expectError(pod.rm('d'), PodOperationError, "rm('d') on a folder");
        expect(err.path).toBe('d');
        await expectError(
          pod.rm('d', { missingOk: true }),
          PodOperationError,
          'rm of a folder with missingOk',
        );
        expect(await collect(pod.walk())).toEqual(['d/e/y', 'd/x']);
      },
    );

    h.test('rm recursive removes a folder and everything below it', async (pod) => {
      await fill(pod, {
        'd/x': utf8('x'),
        'd/e/y': utf8('y'),
        'd/e/f/z': utf8('z'),
        keep: utf8('k'),
        'dd/k': utf8('k'),
      });
      await pod.rm('d', { recursive: true });
      expect(await pod.ls()).toEqual(['dd', 'keep']);
      expect(await pod.isFile('d/e/y')).toBe(false);
      expect(await collect(pod.walk())).toEqual(['dd/k', 'keep']);
    });

    h.test('rm recursive of a file removes the file', async (pod) => {
      await fill(pod, { 'p/f': utf8('f'), 'p/g': utf8('g') });
      await pod.rm('p/f', { recursive: true });
      expect(await collect(pod.walk())).toEqual(['p/g']);
    });

    h.test('rm recursive of the root empties the pod, which stays usable', async (pod) => {
      await fill(pod, { a: utf8('a'), 'b/c': utf8('c'), 'b/d/e': utf8('e') });
      await pod.rm('', { recursive: true });
      expect(await pod.ls()).toEqual([]);
      expect(await collect(pod.walk())).toEqual([]);
      await pod.rm('', { recursive: true });
      expect(await pod.write('b/c', utf8('again'))).toBe(5);
      expectBytes(await pod.read('b/c'), utf8('again'), 'write after emptying');
    });

    h.test(
      'removing the last file of a folder removes the folder and its empty parents',
      async (pod) => {
        await fill(pod, { 'a/b/c/only': utf8('1'), 'p/q/one': utf8('1'), 'p/two': utf8('2') });
        await pod.rm('a/b/c/only');
        expect(await pod.ls()).toEqual(['p']);
        await expectError(pod.ls('a'), NotFoundError, 'ls of a folder emptied by rm');
        await pod.rm('p/q/one');
        expect(await pod.ls('p')).toEqual(['two']);
      },
    );

    h.test('removing a folder removes its parents left empty', async (pod) => {
      await fill(pod, {
        'a/b/c/x': utf8('x'),
        'a/b/c/y': utf8('y'),
        'k/l/m': utf8('m'),
        'k/n': utf8('n'),
      });
      await pod.rm('a/b/c', { recursive: true });
      await pod.rm('k/l', { recursive: true });
      expect(await pod.ls()).toEqual(['k']);
      expect(await pod.ls('k')).toEqual(['n']);
    });

    h.test('rmMany removes the files listed and ignores missing ones', async (pod) => {
      await fill(pod, {
        'm/1': utf8('1'),
        'm/2': utf8('2'),
        'm/3': utf8('3'),
        'n/4': utf8('4'),
        o: utf8('o'),
      });
      await pod.rmMany(['m/1', 'm/3', 'missing', 'n/4', 'no/such/file']);
      expect(await collect(pod.walk())).toEqual(['m/2', 'o']);
      expect(await pod.ls()).toEqual(['m', 'o']);
      await pod.rmMany([]);
      expect(await collect(pod.walk())).toEqual(['m/2', 'o']);
    });
  });
}
