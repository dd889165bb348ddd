import { NotFoundError } from '@lakota/core';
import { describe, expect } from 'vitest';
import { utf8 } from '../bytes.js';
import { collect, expectError } from '../expect-error.js';
import { fill } from '../fill.js';
import type { ConformanceHarness } from '../harness.js';

/** ls: names not paths, code point order, one entry per name, paging past 1,000. */
export function listingSection(h: ConformanceHarness): void {
  describe('listing', () => {
    h.test('ls returns the names (not paths) of files and folders', async (pod) => {
      await fill(pod, { 'root.txt': utf8('r'), 'dir/a': utf8('a'), 'dir/sub/b': utf8('b') });
      expect(await pod.ls()).toEqual(['dir', 'root.txt']);
      expect(await pod.ls('dir')).toEqual(['a', 'sub']);
      expect(await pod.ls('dir/sub')).toEqual(['b']);
    });

    h.test('ls sorts names by Unicode code point', async (pod) => {
      // UTF-16 order would put the emoji (a surrogate pair) before U+FF5A.
      const expected = ['-', 'B', 'Z', '_', 'a10', 'a2', 'b', 'z', 'é', '中', 'ｚ', '🙂'];
      const shuffled = ['ｚ', 'a2', '🙂', 'b', '_', 'Z', 'é', '-', 'a10', 'z', 'B', '中'];
      await fill(pod, Object.fromEntries(shuffled.map((n) => [`sorted/${n}`, utf8(n)])));
      expect(await pod.ls('sorted')).toEqual(expected);
    });

    h.test('a folder holding many files is listed once', async (pod) => {
      const files: Record<string, Uint8Array> = { e: utf8('e') };
      for (let i = 0; i < 5; i++) files[`d/${i}`] = utf8(String(i));
      files['d/deeper/x'] = utf8('x');
      await fill(pod, files);
      expect(await pod.ls()).toEqual(['d', 'e']);
      expect(await pod.ls('d')).toEqual(['0', '1', '2', '3', '4', 'deeper']);
    });

    h.test(
      'ls of a missing folder throws NotFoundError, or returns [] with missingOk',
      async (pod) => {
        const err = await expectError(
          pod.ls('no/such/folder'),
          NotFoundError,
          "ls('no/such/folder')",
        );
        expect(err.path).toBe('no/such/folder');
        expect(await pod.ls('no/such/folder', { missingOk: true })).toEqual([]);
      },
    );

    h.test(
      'ls of a file is not a folder listing: NotFoundError, or [] with missingOk',
      async (pod) => {
        await pod.write('plain', utf8('p'));
        await expectError(pod.ls('plain'), NotFoundError, "ls('plain') where plain is a file");
        expect(await pod.ls('plain', { missingOk: true })).toEqual([]);
      },
    );

    h.test('listing works past 1,000 entries (paged backends)', async (pod) => {
      const pad = (n: number, w: number) => String(n).padStart(w, '0');
      const files = new Map<string, Uint8Array>();
      const folders: string[] = [];
      const names: string[] = [];
      for (let i = 0; i < 150; i++) {
        folders.push(`d${pad(i, 3)}`);
        files.set(`many/d${pad(i, 3)}/0`, utf8('0'));
        files.set(`many/d${pad(i, 3)}/1`, utf8('1'));
      }
      for (let i = 0; i < 1050; i++) {
        names.push(`f${pad(i, 4)}`);
        files.set(`many/f${pad(i, 4)}`, utf8(String(i)));
      }
      await fill(pod, files, h.options.concurrency);
      const listed = await pod.ls('many');
      expect(listed).toHaveLength(1200);
      expect(listed).toEqual([...folders, ...names]);
      expect(await pod.ls('many/d042')).toEqual(['0', '1']);
      expect(await collect(pod.walk('many'))).toHaveLength(1350);
    });
  });
}
