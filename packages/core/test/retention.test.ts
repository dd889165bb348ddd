import { MemoryPod } from '@lakota/pod-memory';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Repo } from '../src/index.js';

/**
 * Expiry then gc never removes anything a kept snapshot or a tag reads:
 * random histories (overlapping writes of incompressible values, so segment
 * files exist), random tags, random retention settings, two gc passes.
 */
describe('retention', () => {
  it('keeps every kept snapshot and every tag readable after expire and gc', async () => {
    const write = fc.record({
      series: fc.constantFrom('a', 'b'),
      from: fc.integer({ min: 0, max: 300 }),
      n: fc.integer({ min: 150, max: 300 }),
      seed: fc.integer(),
    });
    let reclaimed = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(write, { minLength: 2, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 3 }),
        fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
        fc.boolean(),
        async (writes, tagAt, keep, useTime) => {
          const repo = await Repo.open(new MemoryPod(), { timeoutMs: 0 });
          const clct = await repo.createCollection('k int*\nv float', 'c');
          const marks: number[] = [];
          for (const w of writes) {
            let x = w.seed;
            const v = Array.from({ length: w.n }, () => {
              x = (x * 1103515245 + 12345) % 2 ** 31;
              return x / 2 ** 31;
            });
            await clct
              .series(w.series)
              .write({ k: Array.from({ length: w.n }, (_, i) => w.from + i), v });
            marks.push(Date.now());
            await new Promise((r) => setTimeout(r, 2));
          }
          const snaps = await clct.history.snapshots();
          const read = async (at: string) => ({
            a: (await clct.series('a').read({ at })).toRecords({ int64: 'number' }),
            b: (await clct.series('b').read({ at })).toRecords({ int64: 'number' }),
          });
          const before = new Map<string, unknown>();
          for (const s of snaps) before.set(s.id, await read(s.id));
          const tags: string[] = [];
          for (const [i, t] of tagAt.entries()) {
            const snap = snaps[t % snaps.length]!;
            await clct.history.tag(`t${i}`, snap.id);
            tags.push(`t${i}`);
          }
          const olderThan = useTime ? marks[Math.floor(marks.length / 2)] : undefined;
          if (keep === undefined && olderThan === undefined) return;
          await clct.history.expire({
            ...(keep !== undefined ? { keep } : {}),
            ...(olderThan !== undefined ? { olderThan } : {}),
          });
          await repo.gc();
          reclaimed += (await repo.gc()).deleted;
          const kept = await clct.history.snapshots();
          expect(kept.some((s) => s.current)).toBe(true);
          for (const s of kept) expect(await read(s.id)).toEqual(before.get(s.id));
          for (const t of tags) {
            const snap = await clct.history.snapshot(t);
            expect(await read(t)).toEqual(before.get(snap.id));
          }
        },
      ),
      { numRuns: 200 },
    );
    // The property is only worth something if gc did remove files.
    expect(reclaimed).toBeGreaterThan(0);
  });
});
