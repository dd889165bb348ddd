import { describe, expect } from 'vitest';
import { expectBytes, patternBytes } from '../bytes.js';
import type { ConformanceHarness } from '../harness.js';
import { report } from '../report.js';

const MIB = 1024 * 1024;

/** 32 MiB files: no truncation, no size limit below that, byte for byte. */
export function largeSection(h: ConformanceHarness): void {
  describe('large files', () => {
    if (!h.options.large) {
      h.test(`32 MiB round trip: turned off by the large: false option of ${h.name}`, async () => {
        expect(h.options.large).toBe(false);
        report(h.name, 'the 32 MiB round trip did not run (large: false)');
      });
      return;
    }
    h.test('round-trips a 32 MiB file byte for byte through read and readMany', async (pod) => {
      const data = patternBytes(32 * MIB, 5);
      expect(await pod.write('large/file', data)).toBe(32 * MIB);
      expectBytes(await pod.read('large/file'), data, 'read of 32 MiB');
      const [many] = await pod.readMany(['large/file']);
      expectBytes(many, data, 'readMany of 32 MiB');
      const replacement = patternBytes(32 * MIB - 1, 6);
      expect(await pod.write('large/file', replacement, { force: true })).toBe(32 * MIB - 1);
      expectBytes(
        await pod.read('large/file'),
        replacement,
        'read after a forced 32 MiB overwrite',
      );
    });
  });
}
