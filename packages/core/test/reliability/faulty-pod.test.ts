import { MemoryPod } from '@lakota/pod-memory';
import { describe, expect, it } from 'vitest';
import { AbortError, PodOperationError, TransientError } from '../../src/errors.js';
import { FaultyPod, type FaultyPodOptions } from '../../src/faulty-pod.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

async function calls(options: FaultyPodOptions) {
  const pod = new FaultyPod(new MemoryPod(), options);
  for (let i = 0; i < 50; i++) await pod.write(`f${i}`, bytes('x')).catch(() => {});
  return pod.faults;
}

describe('FaultyPod', () => {
  it('draws the same faults from the same seed, and others from another', async () => {
    const a = await calls({ seed: 3, rate: 0.3 });
    expect(a.length).toBeGreaterThan(0);
    expect(await calls({ seed: 3, rate: 0.3 })).toEqual(a);
    expect(await calls({ seed: 4, rate: 0.3 })).not.toEqual(a);
  });

  it('injects nothing at rate 0, or while paused', async () => {
    expect(await calls({ rate: 0 })).toEqual([]);
    const pod = new FaultyPod(new MemoryPod(), { rate: 1, kinds: { error: 1 } });
    pod.pause();
    await pod.write('a', bytes('1'));
    expect(text(await pod.read('a'))).toBe('1');
    pod.resume();
    await expect(pod.read('a')).rejects.toBeInstanceOf(PodOperationError);
    expect(pod.calls).toBe(3);
  });

  it('fails for good with a PodOperationError that is not retryable, having done nothing', async () => {
    const inner = new MemoryPod();
    const pod = new FaultyPod(inner, { rate: 1, kinds: { error: 1 } });
    const err = await pod.write('a/b', bytes('x')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PodOperationError);
    expect((err as PodOperationError).retryable).toBe(false);
    expect((err as PodOperationError).path).toBe('a/b');
    expect(await inner.isFile('a/b')).toBe(false);
    expect(pod.counts()).toMatchObject({ error: 1 });
  });

  it('fails with a retryable error before or after the call took effect', async () => {
    const before = new MemoryPod();
    await expect(
      new FaultyPod(before, { rate: 1, kinds: { transient: 1 }, afterEffectRate: 0 }).write(
        'a',
        bytes('x'),
      ),
    ).rejects.toBeInstanceOf(TransientError);
    expect(await before.isFile('a')).toBe(false);
    const after = new MemoryPod();
    const pod = new FaultyPod(after, { rate: 1, kinds: { transient: 1 }, afterEffectRate: 1 });
    await after.write('b', bytes('x'));
    await expect(pod.rm('b')).rejects.toMatchObject({ retryable: true });
    expect(await after.isFile('b')).toBe(false);
    expect(pod.faults.at(-1)).toMatchObject({
      operation: 'rm',
      path: 'b',
      kind: 'transient',
      afterEffect: true,
    });
  });

  it('times out with a retryable error, or with an AbortError when aborted while it hangs', async () => {
    const pod = new FaultyPod(new MemoryPod(), {
      rate: 1,
      kinds: { timeout: 1 },
      timeoutMs: 5,
      afterEffectRate: 0,
    });
    await expect(pod.ls()).rejects.toThrow(/timed out after 5 ms/);
    const slow = new FaultyPod(new MemoryPod(), {
      rate: 1,
      kinds: { timeout: 1 },
      timeoutMs: 60_000,
    });
    const controller = new AbortController();
    const pending = slow.read('x', { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
  });

  it('answers slow calls correctly', async () => {
    const inner = new MemoryPod();
    await inner.write('a', bytes('hello'));
    const pod = new FaultyPod(inner, { rate: 1, kinds: { slow: 1 }, slowMs: 2 });
    expect(text(await pod.read('a'))).toBe('hello');
    expect(await pod.ls()).toEqual(['a']);
    expect(pod.counts().slow).toBe(2);
  });

  it('cuts read responses short without an error', async () => {
    const inner = new MemoryPod();
    await inner.write('a', bytes('0123456789'));
    const pod = new FaultyPod(inner, { rate: 1, kinds: { partial: 1 } });
    const got = text(await pod.read('a'));
    expect(got.length).toBeLessThan(10);
    expect('0123456789'.startsWith(got)).toBe(true);
    const [many] = await pod.readMany(['a']);
    expect(many!.length).toBeLessThan(10);
    // Partial writes and listings are off by default: they become transient errors.
    await expect(pod.write('b', bytes('x'))).rejects.toBeInstanceOf(TransientError);
    expect(pod.capabilities.atomicWrite).toBe(true);
  });

  it('stores part of a file and drops names from listings only when asked', async () => {
    const inner = new MemoryPod();
    for (const n of ['a', 'b', 'c', 'd', 'e', 'f']) await inner.write(n, bytes(n));
    const pod = new FaultyPod(inner, {
      rate: 1,
      kinds: { partial: 1 },
      partialWrites: true,
      partialListings: true,
    });
    expect(pod.capabilities.atomicWrite).toBe(false);
    await expect(pod.write('g', bytes('0123456789'))).rejects.toThrow(/stored only part/);
    expect((await inner.read('g')).length).toBeLessThan(10);
    const names = await pod.ls();
    expect(names.length).toBeLessThan(7);
    const walked: string[] = [];
    for await (const p of pod.walk()) walked.push(p);
    expect(walked.length).toBeLessThan(7);
  });

  it('fails a walk part way', async () => {
    const inner = new MemoryPod();
    for (let i = 0; i < 20; i++) await inner.write(`d/${String(i).padStart(2, '0')}`, bytes('x'));
    const pod = new FaultyPod(inner, { rate: 1, kinds: { transient: 1 }, seed: 5 });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const p of pod.walk()) seen.push(p);
      })(),
    ).rejects.toBeInstanceOf(TransientError);
    expect(seen.length).toBeLessThan(20);
  });

  it('applies its faults to the paths of sub-pods, and to chosen operations and paths only', async () => {
    const inner = new MemoryPod();
    const seen: string[] = [];
    const pod = new FaultyPod(inner, {
      rate: 1,
      kinds: { error: 1 },
      operations: ['write'],
      filter: (_op, path) => {
        seen.push(path);
        return path.endsWith('.bad');
      },
    });
    const sub = pod.cd('x/y');
    await sub.write('ok', bytes('1'));
    await expect(sub.write('no.bad', bytes('1'))).rejects.toBeInstanceOf(PodOperationError);
    expect(text(await sub.read('ok'))).toBe('1');
    expect(seen).toEqual(['x/y/ok', 'x/y/no.bad']);
  });

  it('refuses a rate outside 0–1', () => {
    expect(() => new FaultyPod(new MemoryPod(), { rate: 2 })).toThrow(RangeError);
  });
});
