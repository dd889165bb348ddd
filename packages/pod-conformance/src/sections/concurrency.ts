import { mapLimit } from '@lakota/core';
import { describe, expect } from 'vitest';
import { expectBytes, patternBytes, utf8 } from '../bytes.js';
import { collect } from '../expect-error.js';
import { fill } from '../fill.js';
import type { ConformanceHarness } from '../harness.js';

/** Many operations in flight at once: the pod must not lose, mix or half-write anything. */
export function concurrencySection(h: ConformanceHarness): void {
  const n = h.options.concurrency;
  describe('concurrency', () => {
    h.test(`${n} concurrent writes, then ${n} concurrent reads, into new folders`, async (pod) => {
      const path = (i: number) => `c/${i % 10}/${i % 3}/${i}`;
      const data = (i: number) => patternBytes(512 + i, i + 1);
      const ids = Array.from({ length: n }, (_, i) => i);
      const written = await Promise.all(ids.map((i) => pod.write(path(i), data(i))));
      expect(written).toEqual(ids.map((i) => data(i).byteLength));
      const read = await Promise.all(ids.map((i) => pod.read(path(i))));
      ids.forEach((i) => {
        expectBytes(read[i], data(i), `read(${path(i)})`);
      });
      expect(await pod.ls('c')).toEqual([...new Set(ids.map((i) => String(i % 10)))].sort());
      expect(await collect(pod.walk('c'))).toHaveLength(n);
    });

    h.test(`${n} concurrent readMany and isFile calls agree with the content`, async (pod) => {
      const files = new Map(
        Array.from({ length: 20 }, (_, i) => [`r/${i}`, utf8(`file ${i}`)] as const),
      );
      await fill(pod, files);
      const paths = [...files.keys()];
      const results = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          i % 2 ? pod.readMany(paths) : pod.isFile(paths[i % paths.length]!).then((ok) => [ok]),
        ),
      );
      results.forEach((got, i) => {
        if (i % 2 === 0) {
          expect(got).toEqual([true]);
          return;
        }
        paths.forEach((p, j) => {
          expectBytes(got[j] as Uint8Array, files.get(p)!, `readMany ${p}`);
        });
      });
    });

    h.test(
      'concurrent write-once writes of the same content to one path leave it whole',
      async (pod) => {
        const data = patternBytes(64 * 1024, 11);
        const written = await Promise.all(
          Array.from({ length: 20 }, () => pod.write('same/path', data)),
        );
        expect(written.filter((w) => w > 0).length).toBeGreaterThanOrEqual(1);
        for (const w of written) expect([0, data.byteLength]).toContain(w);
        expectBytes(await pod.read('same/path'), data, 'content after racing identical writes');
      },
    );

    h.test(
      'writes into a folder while its other files are removed (folder pruning races)',
      async (pod) => {
        const k = Math.max(10, Math.floor(n / 2));
        const old = new Map(
          Array.from({ length: k }, (_, i) => [`race/d${i}/old`, utf8('old')] as const),
        );
        await fill(pod, old, n);
        // Removing the last 'old' file prunes the folder just as the 'new' write needs it.
        await mapLimit(
          Array.from({ length: 2 * k }, (_, i) => i),
          n,
          async (i) => {
            const d = i >> 1;
            if (i % 2) await pod.rm(`race/d${d}/old`);
            else
              expect(await pod.write(`race/d${d}/new`, utf8(`new ${d}`))).toBe(
                utf8(`new ${d}`).byteLength,
              );
          },
        );
        const left = await collect(pod.walk('race'));
        expect(left).toHaveLength(k);
        for (let d = 0; d < k; d++) {
          expectBytes(await pod.read(`race/d${d}/new`), utf8(`new ${d}`), `race/d${d}/new`);
        }
      },
    );
  });
}
