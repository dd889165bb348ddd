import { InvalidPathError, LakotaError, NotFoundError, PodOperationError } from '@lakota/core';
import { describe, expect } from 'vitest';
import { expectBytes, utf8 } from '../bytes.js';
import type { ConformanceHarness } from '../harness.js';

async function failure(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (err) {
    return err;
  }
  return undefined;
}

/** Errors a caller can tell apart, with stable codes; never a raw backend error. */
export function errorsSection(h: ConformanceHarness): void {
  describe('errors', () => {
    h.test('failures are LakotaError subclasses with stable codes, not retryable', async (pod) => {
      await pod.write('d/f', utf8('f'));
      const cases: [string, () => Promise<unknown>, Function, string][] = [
        ['read missing', () => pod.read('missing'), NotFoundError, 'NOT_FOUND'],
        ['ls missing', () => pod.ls('missing'), NotFoundError, 'NOT_FOUND'],
        ['rm missing', () => pod.rm('missing'), NotFoundError, 'NOT_FOUND'],
        ['mv missing', () => pod.mv('missing', 'x'), NotFoundError, 'NOT_FOUND'],
        ['rm folder', () => pod.rm('d'), PodOperationError, 'POD_OPERATION'],
        ['invalid path', () => pod.read('../x'), InvalidPathError, 'INVALID_PATH'],
      ];
      for (const [label, action, type, code] of cases) {
        const err = await failure(action);
        expect(err, label).toBeInstanceOf(type);
        expect(err, label).toBeInstanceOf(LakotaError);
        expect((err as LakotaError).code, label).toBe(code);
        expect((err as LakotaError).retryable, label).toBe(false);
        expect((err as Error).message.length, `${label}: a message`).toBeGreaterThan(0);
      }
    });

    h.test('writing below a file either works or fails with a LakotaError', async (pod) => {
      await pod.write('f', utf8('a file'));
      const err = await failure(() => pod.write('f/child', utf8('x')));
      if (err !== undefined) expect(err).toBeInstanceOf(LakotaError);
      expectBytes(await pod.read('f'), utf8('a file'), 'the file below which a write was tried');
    });

    h.test('writing where a folder is either works or fails with a LakotaError', async (pod) => {
      await pod.write('d/child', utf8('child'));
      for (const force of [false, true]) {
        const err = await failure(() => pod.write('d', utf8('x'), { force }));
        if (err !== undefined) expect(err, `force: ${force}`).toBeInstanceOf(LakotaError);
      }
      expectBytes(await pod.read('d/child'), utf8('child'), 'the folder content');
    });
  });
}
