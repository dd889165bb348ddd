import { describe, expect, it } from 'vitest';
import { mapLimit } from '../../src/concurrency.js';
import { AbortError } from '../../src/errors.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('mapLimit', () => {
  it('keeps the input order and never runs more than the limit at once', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await mapLimit(
      Array.from({ length: 50 }, (_, i) => i),
      4,
      async (x, i) => {
        inFlight++;
        most = Math.max(most, inFlight);
        for (let t = 0; t < (x * 7) % 5; t++) await tick();
        inFlight--;
        return x * 10 + (i === x ? 0 : 1);
      },
    );
    expect(out).toEqual(Array.from({ length: 50 }, (_, i) => i * 10));
    expect(most).toBe(4);
  });

  it('handles no items, and limits below one as one', async () => {
    expect(await mapLimit([], 8, async () => 1)).toEqual([]);
    expect(await mapLimit([1, 2], 0, async (x) => x)).toEqual([1, 2]);
  });

  it('rejects with the first failure once the started calls settle, starting no new ones', async () => {
    const started: number[] = [];
    const settled: number[] = [];
    const failing = mapLimit([0, 1, 2, 3, 4, 5], 2, async (x) => {
      started.push(x);
      await tick();
      if (x === 1) throw new Error('boom at 1');
      await tick();
      settled.push(x);
      return x;
    });
    await expect(failing).rejects.toThrow('boom at 1');
    expect(started).toEqual([0, 1]);
    expect(settled).toEqual([0]);
  });

  it('stops with AbortError when the signal fires', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const run = mapLimit(
      [0, 1, 2, 3],
      1,
      async (x) => {
        seen.push(x);
        if (x === 1) controller.abort();
        return x;
      },
      controller.signal,
    );
    await expect(run).rejects.toBeInstanceOf(AbortError);
    expect(seen).toEqual([0, 1]);
  });
});
