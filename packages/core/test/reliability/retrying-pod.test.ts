import { MemoryPod } from '@lakota/pod-memory';
import { describe, expect, it } from 'vitest';
import { AbortError, NotFoundError, PodOperationError, TransientError } from '../../src/errors.js';
import { FaultyPod } from '../../src/faulty-pod.js';
import type { Pod } from '../../src/pod.js';
import { isRetryable, type RetryEvent, RetryingPod } from '../../src/retrying-pod.js';

const bytes = (s: string) => new TextEncoder().encode(s);

/** A pod whose first `n` calls to `read` fail with `error`. */
function flaky(inner: Pod, n: number, error: () => Error): Pod {
  let left = n;
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'read') {
        return (path: string) => (left-- > 0 ? Promise.reject(error()) : target.read(path));
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

describe('RetryingPod', () => {
  it('retries retryable failures, waiting longer each time, and returns the answer', async () => {
    const inner = new MemoryPod();
    await inner.write('a', bytes('x'));
    const events: RetryEvent[] = [];
    const pod = new RetryingPod(
      flaky(inner, 3, () => new TransientError('busy')),
      {
        baseDelayMs: 10,
        maxDelayMs: 25,
        random: () => 0.999,
        onRetry: (e) => events.push(e),
      },
    );
    expect(new TextDecoder().decode(await pod.read('a'))).toBe('x');
    expect(events.map((e) => [e.operation, e.attempt, e.delayMs])).toEqual([
      ['read', 1, 9],
      ['read', 2, 19],
      ['read', 3, 24],
    ]);
    expect(pod.retries).toBe(3);
  });

  it('gives up after its attempts with the last error, and never retries a permanent one', async () => {
    const inner = new MemoryPod();
    await inner.write('a', bytes('x'));
    const transient = new RetryingPod(
      flaky(inner, 10, () => new TransientError('busy')),
      { attempts: 3, baseDelayMs: 1 },
    );
    await expect(transient.read('a')).rejects.toThrow('busy');
    expect(transient.retries).toBe(2);
    const permanent = new RetryingPod(
      flaky(inner, 10, () => new PodOperationError('a', 'nope')),
      { baseDelayMs: 1 },
    );
    await expect(permanent.read('a')).rejects.toBeInstanceOf(PodOperationError);
    expect(permanent.retries).toBe(0);
    await expect(new RetryingPod(inner).read('missing')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('treats a retried removal or move as done when the failed attempt did it', async () => {
    const inner = new MemoryPod();
    await inner.write('a', bytes('1'));
    await inner.write('b', bytes('2'));
    // The first call of each operation fails after taking effect.
    const failed = new Set<string>();
    const faulty = new FaultyPod(inner, {
      rate: 1,
      kinds: { transient: 1 },
      afterEffectRate: 1,
      operations: ['rm', 'mv', 'write'],
      filter: (op) => !failed.has(op) && failed.add(op) !== undefined,
    });
    const pod = new RetryingPod(faulty, { baseDelayMs: 1 });
    await pod.rm('a');
    expect(await inner.isFile('a')).toBe(false);
    await pod.mv('b', 'c');
    expect(await inner.isFile('c')).toBe(true);
    expect(await pod.write('d', bytes('4'))).toBe(0);
    expect(new TextDecoder().decode(await inner.read('d'))).toBe('4');
    expect(faulty.faults.map((f) => f.operation)).toEqual(['rm', 'mv', 'write']);
    expect(pod.retries).toBe(3);
  });

  it('resumes a failed walk without giving a path twice', async () => {
    const inner = new MemoryPod();
    const all = Array.from({ length: 30 }, (_, i) => `f/${String(i).padStart(2, '0')}`);
    for (const p of all) await inner.write(p, bytes('x'));
    const pod = new RetryingPod(
      new FaultyPod(inner, { rate: 0.5, kinds: { transient: 1 }, operations: ['walk'], seed: 9 }),
      { baseDelayMs: 1, attempts: 20 },
    );
    const seen: string[] = [];
    for await (const p of pod.walk()) seen.push(p);
    expect(seen.sort()).toEqual(all);
    expect(pod.retries).toBeGreaterThan(0);
  });

  it('stops waiting when its signal fires', async () => {
    const inner = new MemoryPod();
    const pod = new RetryingPod(
      flaky(inner, 10, () => new TransientError('busy')),
      { baseDelayMs: 60_000, random: () => 1 },
    );
    const controller = new AbortController();
    const pending = pod.read('a', { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
  });

  it('knows retryable errors by their flag', () => {
    expect(isRetryable(new TransientError('x'))).toBe(true);
    expect(isRetryable(new PodOperationError('p', 'x'))).toBe(false);
    expect(isRetryable(new Error('x'))).toBe(false);
    expect(isRetryable(undefined)).toBe(false);
    expect(() => new RetryingPod(new MemoryPod(), { attempts: 0 })).toThrow(RangeError);
  });
});
