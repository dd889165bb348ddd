import { InvalidPathError, type Pod } from '@lakota/core';
import { assert, describe, expect } from 'vitest';
import { expectBytes, utf8 } from '../bytes.js';
import { collect, expectError } from '../expect-error.js';
import { fill } from '../fill.js';
import type { ConformanceHarness } from '../harness.js';

/**
 * Paths every pod must refuse. A pod that resolved them would touch files
 * outside its root, so the names aimed upward or at '/' point at paths that
 * cannot exist: a faulty pod fails the test without harming the host.
 */
const INVALID = [
  '..',
  '.',
  '../lakota-conformance-escape-probe',
  'a/../b',
  'a/./b',
  './a',
  'a/..',
  '/lakota-conformance-absolute-probe',
  '/',
  'a//b',
  'a/',
  'a\\b',
  '..\\lakota-conformance-escape-probe',
  'a\0b',
];

type Call = [label: string, run: (pod: Pod, path: string) => unknown];

const CALLS: Call[] = [
  ['read', (pod, p) => pod.read(p)],
  ['write', (pod, p) => pod.write(p, utf8('x'))],
  ['write with force', (pod, p) => pod.write(p, utf8('x'), { force: true })],
  ['isFile', (pod, p) => pod.isFile(p)],
  ['ls', (pod, p) => pod.ls(p)],
  ['ls with missingOk', (pod, p) => pod.ls(p, { missingOk: true })],
  ['rm', (pod, p) => pod.rm(p)],
  ['rm with missingOk', (pod, p) => pod.rm(p, { missingOk: true })],
  ['readMany', (pod, p) => pod.readMany(['ok', p])],
  ['readMany with missingOk', (pod, p) => pod.readMany([p], { missingOk: true })],
  ['rmMany', (pod, p) => pod.rmMany(['ok', p])],
  ['mv from', (pod, p) => pod.mv(p, 'ok')],
  ['mv to', (pod, p) => pod.mv('ok', p)],
  ['walk', (pod, p) => collect(pod.walk(p))],
  ['cd', (pod, p) => pod.cd(p)],
];

/** A recursive rm is only tried on paths that name nothing real if resolved. */
const SAFE_FOR_RECURSIVE_RM = INVALID.filter((p) => p.includes('probe') || p.startsWith('a'));

/** Invalid paths are refused with InvalidPathError by every method, before any I/O. */
export function invalidPathsSection(h: ConformanceHarness): void {
  describe('invalid paths', () => {
    h.test(
      'every method, of the pod and of a sub-pod, rejects invalid paths with InvalidPathError',
      async (pod) => {
        for (const [where, target] of [
          ['pod', pod],
          ["pod.cd('sub')", pod.cd('sub')],
        ] as const) {
          for (const path of INVALID) {
            for (const [label, run] of CALLS) {
              const what = `${where}.${label}(${JSON.stringify(path)})`;
              if (label === 'cd') {
                await expectError(() => run(target, path), InvalidPathError, what);
                continue;
              }
              // An async method reports through its promise: a synchronous throw
              // would escape a caller's .catch().
              let returned: unknown;
              try {
                returned = run(target, path);
              } catch (err) {
                assert.fail(
                  `${what} threw synchronously (${String(err)}) instead of returning a rejected promise`,
                );
              }
              await expectError(returned as Promise<unknown>, InvalidPathError, what);
            }
          }
          for (const path of SAFE_FOR_RECURSIVE_RM) {
            await expectError(
              target.rm(path, { recursive: true, missingOk: true }),
              InvalidPathError,
              `${where}.rm(${JSON.stringify(path)}, { recursive: true })`,
            );
          }
        }
        expect(await collect(pod.walk())).toEqual([]);
      },
    );

    h.test(
      'the empty path names the root: refused for files, allowed for ls, walk and recursive rm',
      async (pod) => {
        await expectError(pod.read(''), InvalidPathError, "read('')");
        await expectError(pod.write('', utf8('x')), InvalidPathError, "write('')");
        await expectError(pod.isFile(''), InvalidPathError, "isFile('')");
        await expectError(pod.rm(''), InvalidPathError, "rm('') without recursive");
        await expectError(pod.mv('', 'x'), InvalidPathError, "mv('', …)");
        await expectError(pod.readMany(['']), InvalidPathError, "readMany([''])");
        expect(await pod.ls('')).toEqual([]);
        expect(await collect(pod.walk(''))).toEqual([]);
        expect(pod.cd('')).toBeDefined();
      },
    );

    h.test(
      'invalid paths are refused before any I/O: nothing is read, created, moved or removed',
      async (pod) => {
        const b = utf8('content of b');
        const c = utf8('content of a/c');
        await fill(pod, { b, 'a/c': c });
        // Each of these would hit an existing file if the pod normalised the path.
        await expectError(pod.read('a/../b'), InvalidPathError, "read('a/../b') must not return b");
        await expectError(pod.readMany(['a/./c']), InvalidPathError, "readMany(['a/./c'])");
        await expectError(pod.isFile('a//c'), InvalidPathError, "isFile('a//c')");
        await expectError(
          pod.write('a/../b', utf8('overwritten'), { force: true }),
          InvalidPathError,
          'forced write',
        );
        await expectError(pod.write('x/./y', utf8('new')), InvalidPathError, "write('x/./y')");
        await expectError(pod.write('n/', utf8('new')), InvalidPathError, "write('n/')");
        await expectError(pod.rm('a/./c'), InvalidPathError, "rm('a/./c')");
        await expectError(
          pod.rm('a/..', { recursive: true }),
          InvalidPathError,
          "rm('a/..', recursive)",
        );
        await expectError(pod.mv('b', 'a/../moved'), InvalidPathError, "mv to 'a/../moved'");
        await expectError(pod.mv('a//c', 'moved'), InvalidPathError, "mv from 'a//c'");
        // A bulk call is checked whole before it starts: the valid 'a/c' survives.
        await expectError(
          pod.rmMany(['a/c', 'b', '../x']),
          InvalidPathError,
          'rmMany with one invalid path',
        );
        expect(await collect(pod.walk())).toEqual(['a/c', 'b']);
        expectBytes(await pod.read('b'), b, 'b after refused calls');
        expectBytes(await pod.read('a/c'), c, 'a/c after refused calls');
      },
    );
  });
}
