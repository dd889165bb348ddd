import { describe, expect } from 'vitest';
import { expectBytes, utf8 } from '../bytes.js';
import { collect } from '../expect-error.js';
import { fill } from '../fill.js';
import type { ConformanceHarness } from '../harness.js';

/** Names a user may give series and collections; URL-minded backends must escape them. */
const NAMES = [
  'café/crème brûlée.txt',
  '数据/文件.bin',
  '🙂/🚀 launch.dat',
  'percent %41 %2F plus+equals=/a#b&c,d;e@f.txt',
  "quotes 'single' and spaces/~tilde$.txt",
];

/** Non-ASCII and URL-significant characters survive every operation. */
export function namesSection(h: ConformanceHarness): void {
  describe('names', () => {
    h.test(
      'accented, CJK, emoji and URL-significant names round-trip through every method',
      async (pod) => {
        await fill(pod, Object.fromEntries(NAMES.map((n) => [n, utf8(n)])));
        const sorted = [...NAMES].sort((a, b) => (a < b ? -1 : 1));
        // All these names are in the BMP or sort the same in UTF-16 and code points.
        expect(await collect(pod.walk())).toEqual(sorted);
        expect(await pod.ls()).toEqual([...new Set(sorted.map((n) => n.split('/')[0]))]);
        expect(await pod.ls('数据')).toEqual(['文件.bin']);
        expect(await pod.ls('🙂')).toEqual(['🚀 launch.dat']);
        for (const name of NAMES) {
          expect(await pod.isFile(name), `isFile(${name})`).toBe(true);
          expectBytes(await pod.read(name), utf8(name), `read(${name})`);
        }
        await pod.mv(NAMES[0]!, 'café/déplacé ü.txt');
        expectBytes(await pod.read('café/déplacé ü.txt'), utf8(NAMES[0]!), 'moved accented name');
        await pod.rm(NAMES[1]!);
        await pod.rm('🙂', { recursive: true });
        await pod.rmMany([NAMES[3]!]);
        expect(await collect(pod.walk())).toEqual(['café/déplacé ü.txt', NAMES[4]]);
      },
    );

    h.test(
      'names differing only by case or normalisation form are kept apart by byte',
      async (pod) => {
        // NFC 'é' and NFD 'e\u0301' are different names; so are different cases on case-sensitive stores.
        await pod.write('nf/\u00e9', utf8('nfc'));
        const nfd = await pod.write('nf/e\u0301', utf8('nfd'));
        const names = await pod.ls('nf');
        if (nfd > 0) {
          expect(names).toEqual(['e\u0301', '\u00e9']);
          expectBytes(await pod.read('nf/e\u0301'), utf8('nfd'), 'NFD name');
        } else {
          // A store that normalises names (macOS folders) saw the same name twice: write-once kept the first.
          expect(names).toHaveLength(1);
        }
        expectBytes(await pod.read('nf/\u00e9'), utf8('nfc'), 'NFC name');
      },
    );
  });
}
