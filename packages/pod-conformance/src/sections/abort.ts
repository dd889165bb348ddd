import { AbortError } from '@lakota/core';
import { describe, expect } from 'vitest';
import { expectBytes, utf8 } from '../bytes.js';
import { collect, expectError } from '../expect-error.js';
import type { ConformanceHarness } from '../harness.js';

/** An AbortSignal that has fired stops every method before it does anything. */
export function abortSection(h: ConformanceHarness): void {
  describe('abort', () => {
    h.test(
      'an aborted signal rejects every method with AbortError and changes nothing',
      async (pod) => {
        await pod.write('kept', utf8('kept'));
        const controller = new AbortController();
        controller.abort(new Error('stop'));
        const signal = controller.signal;
        await expectError(pod.read('kept', { signal }), AbortError, 'read');
        await expectError(pod.readMany(['kept'], { signal }), AbortError, 'readMany');
        await expectError(pod.write('new', utf8('x'), { signal }), AbortError, 'write');
        await expectError(pod.isFile('kept', { signal }), AbortError, 'isFile');
        await expectError(pod.ls('', { signal }), AbortError, 'ls');
        await expectError(pod.rm('kept', { signal }), AbortError, 'rm');
        await expectError(pod.rmMany(['kept'], { signal }), AbortError, 'rmMany');
        await expectError(pod.mv('kept', 'moved', { signal }), AbortError, 'mv');
        await expectError(collect(pod.walk('', { signal })), AbortError, 'walk');
        expect(await collect(pod.walk())).toEqual(['kept']);
        expectBytes(await pod.read('kept'), utf8('kept'), 'file after aborted calls');
      },
    );
  });
}
