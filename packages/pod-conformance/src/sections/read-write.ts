import { NotFoundError } from '@lakota/core';
import { describe, expect } from 'vitest';
import { allByteValues, expectBytes, patternBytes, utf8 } from '../bytes.js';
import { expectError } from '../expect-error.js';
import type { ConformanceHarness } from '../harness.js';

/** write, read, readMany and isFile: byte-exact, write-once, copies, missing paths. */
export function readWriteSection(h: ConformanceHarness): void {
  describe('read and write', () => {
    h.test('write returns the bytes written and read returns them', async (pod) => {
      expect(await pod.write('a.bin', new Uint8Array([1, 2, 3]))).toBe(3);
      const back = await pod.read('a.bin');
      expect(back).toBeInstanceOf(Uint8Array);
      expect([...back]).toEqual([1, 2, 3]);
    });

    h.test('round-trips all 256 byte values exactly', async (pod) => {
      const data = allByteValues();
      expect(await pod.write('bytes/all', data)).toBe(512);
      expectBytes(await pod.read('bytes/all'), data, 'read of all byte values');
    });

    h.test('round-trips an empty file', async (pod) => {
      expect(await pod.write('empty', new Uint8Array(0))).toBe(0);
      expect(await pod.isFile('empty')).toBe(true);
      expect(await pod.ls('')).toEqual(['empty']);
      expectBytes(await pod.read('empty'), new Uint8Array(0), 'read of an empty file');
    });

    h.test('round-trips a 1 MiB + 1 byte file', async (pod) => {
      const data = patternBytes(1024 * 1024 + 1, 7);
      expect(await pod.write('mid/file', data)).toBe(data.byteLength);
      expectBytes(await pod.read('mid/file'), data, 'read of 1 MiB + 1');
    });

    h.test(
      'write is write-once: without force an existing file is kept and 0 returned',
      async (pod) => {
        const first = utf8('first version');
        expect(await pod.write('once', first)).toBe(first.byteLength);
        expect(await pod.write('once', utf8('second, longer version'))).toBe(0);
        expect(await pod.write('once', new Uint8Array(0))).toBe(0);
        expectBytes(await pod.read('once'), first, 'content after skipped writes');
      },
    );

    h.test('force overwrites an existing file and returns the new size', async (pod) => {
      await pod.write('f', utf8('a rather long first content'));
      const second = utf8('short');
      expect(await pod.write('f', second, { force: true })).toBe(second.byteLength);
      expectBytes(await pod.read('f'), second, 'content after a forced write');
      const fresh = utf8('new');
      expect(await pod.write('g/h', fresh, { force: true })).toBe(3);
      expectBytes(await pod.read('g/h'), fresh, 'forced write of a new path');
    });

    h.test('write creates the parent folders', async (pod) => {
      await pod.write('x/y/z/file', utf8('deep'));
      expect(await pod.ls('')).toEqual(['x']);
      expect(await pod.ls('x')).toEqual(['y']);
      expect(await pod.ls('x/y')).toEqual(['z']);
      expect(await pod.ls('x/y/z')).toEqual(['file']);
      expectBytes(await pod.read('x/y/z/file'), utf8('deep'), 'deep file');
    });

    h.test('writes only the bytes a view covers, not its whole buffer', async (pod) => {
      const whole = patternBytes(100, 3);
      const view = whole.subarray(10, 20);
      expect(await pod.write('view', view)).toBe(10);
      expectBytes(await pod.read('view'), whole.slice(10, 20), 'content of a subarray write');
    });

    h.test("stored bytes never share memory with the caller's buffers", async (pod) => {
      const data = new Uint8Array([1, 2, 3, 4]);
      await pod.write('mine', data);
      data.fill(9);
      const first = await pod.read('mine');
      expect([...first]).toEqual([1, 2, 3, 4]);
      first.fill(7);
      expect([...(await pod.read('mine'))]).toEqual([1, 2, 3, 4]);
    });

    h.test('accepts a Node Buffer', async (pod) => {
      await pod.write('buffer', Buffer.from('héllo', 'utf8'));
      expectBytes(await pod.read('buffer'), utf8('héllo'), 'Buffer round trip');
    });

    h.test('isFile is true for files only', async (pod) => {
      await pod.write('dir/file', utf8('x'));
      expect(await pod.isFile('dir/file')).toBe(true);
      expect(await pod.isFile('dir')).toBe(false);
      expect(await pod.isFile('missing')).toBe(false);
      expect(await pod.isFile('dir/missing')).toBe(false);
      expect(await pod.isFile('missing/deep/file')).toBe(false);
    });

    h.test('read of a missing file throws NotFoundError naming the path', async (pod) => {
      const err = await expectError(
        pod.read('nope/file.bin'),
        NotFoundError,
        "read('nope/file.bin')",
      );
      expect(err.path).toBe('nope/file.bin');
      expect(err.message).toContain('nope/file.bin');
      await pod.write('nope/other', utf8('x'));
      await expectError(
        pod.read('nope/file.bin'),
        NotFoundError,
        'read of a missing file in a folder',
      );
    });

    h.test('read of a folder throws NotFoundError', async (pod) => {
      await pod.write('folder/inside', utf8('x'));
      await expectError(pod.read('folder'), NotFoundError, "read('folder')");
    });

    h.test('readMany returns the contents in the order asked', async (pod) => {
      await pod.write('a', utf8('A'));
      await pod.write('sub/b', utf8('BB'));
      const got = await pod.readMany(['sub/b', 'a', 'sub/b']);
      expect(got).toHaveLength(3);
      expectBytes(got[0], utf8('BB'), 'readMany[0]');
      expectBytes(got[1], utf8('A'), 'readMany[1]');
      expectBytes(got[2], utf8('BB'), 'readMany[2]');
      expect(await pod.readMany([])).toEqual([]);
    });

    h.test(
      'readMany of a missing path throws NotFoundError, or gives undefined with missingOk',
      async (pod) => {
        await pod.write('here', utf8('here'));
        const err = await expectError(
          pod.readMany(['here', 'gone']),
          NotFoundError,
          'readMany with a missing path',
        );
        expect(err.path).toBe('gone');
        const got = await pod.readMany(['gone', 'here', 'also/gone'], { missingOk: true });
        expect(got).toHaveLength(3);
        expect(got[0]).toBeUndefined();
        expectBytes(got[1], utf8('here'), 'readMany missingOk [1]');
        expect(got[2]).toBeUndefined();
      },
    );
  });
}
