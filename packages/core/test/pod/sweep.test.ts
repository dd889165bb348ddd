import { describe, expect, it } from 'vitest';
import { InvalidPathError, PodOperationError, TransientError } from '../../src/errors.js';
import { FaultyPod } from '../../src/faulty-pod.js';
import { MeteredPod } from '../../src/metered-pod.js';
import { POD_METHODS, type Pod, type SweepOptions } from '../../src/pod.js';
import { Repo } from '../../src/repo.js';
import { RetryingPod } from '../../src/retrying-pod.js';
import { SubPod } from '../../src/sub-pod.js';
import { SpyPod } from './spy-pod.js';

/** A SpyPod with a sweep that records its calls and claims `removes` leftovers. */
class SweepingPod extends SpyPod {
  readonly sweeps: SweepOptions[] = [];
  removes = 3;
  /** Failures to throw, one per call, before sweeping for real. */
  failures: Error[] = [];

  async sweep(options: SweepOptions): Promise<number> {
    this.sweeps.push(options);
    const failure = this.failures.shift();
    if (failure) throw failure;
    return this.removes;
  }
}

describe('Repo.gc and Pod.sweep', () => {
  it('sweeps with its grace period and its signal, and reports the count', async () => {
    const pod = new SweepingPod();
    const repo = await Repo.open(pod, { timeoutMs: 12_345 });
    const signal = new AbortController().signal;
    const result = await repo.gc({ signal });
    expect(result).toEqual({ softDeleted: 0, deleted: 0, restored: 0, swept: 3 });
    expect(pod.sweeps).toEqual([{ olderThanMs: 12_345, signal }]);
  });

  it('reports 0 on a pod without sweep', async () => {
    const pod: Pod = new SpyPod();
    expect(pod.sweep).toBeUndefined();
    expect((await (await Repo.open(pod)).gc()).swept).toBe(0);
  });

  it('sweeps only the folder of a repository opened on a sub-pod', async () => {
    const pod = new SweepingPod();
    const repo = await Repo.open(pod.cd('repos/one'), { timeoutMs: 0 });
    expect((await repo.gc()).swept).toBe(3);
    expect(pod.sweeps.map((o) => [o.path, o.olderThanMs])).toEqual([['repos/one', 0]]);
  });

  it('is not a required method of a pod', () => {
    expect(POD_METHODS as readonly string[]).not.toContain('sweep');
  });
});

describe('the core wrappers keep sweep', () => {
  const wrappers: [string, (inner: Pod) => Pod][] = [
    ['SubPod', (inner) => new SubPod(inner, 'box')],
    ['MeteredPod', (inner) => new MeteredPod(inner)],
    ['RetryingPod', (inner) => new RetryingPod(inner, { baseDelayMs: 1 })],
    ['FaultyPod', (inner) => new FaultyPod(inner, { rate: 0 })],
  ];

  it.each(wrappers)('%s has none when the pod it wraps has none', (_name, wrap) => {
    const pod = wrap(new SpyPod());
    expect(pod.sweep).toBeUndefined();
    expect(pod.cd('x').sweep).toBeUndefined();
  });

  it.each(wrappers)('%s forwards it, also from its sub-pods', async (_name, wrap) => {
    const inner = new SweepingPod();
    const pod = wrap(inner);
    const prefix = pod instanceof SubPod ? 'box/' : '';
    expect(await pod.sweep?.({ olderThanMs: 5 })).toBe(3);
    expect(await pod.cd('a/b').sweep?.({ olderThanMs: 6, path: 'c' })).toBe(3);
    expect(inner.sweeps.map((o) => [o.path ?? '', o.olderThanMs])).toEqual([
      [prefix.slice(0, -1), 5],
      [`${prefix}a/b/c`, 6],
    ]);
  });

  it('SubPod refuses a path that leaves its folder before the parent sees it', async () => {
    const inner = new SweepingPod();
    const sub = inner.cd('box');
    await expect(sub.sweep?.({ olderThanMs: 0, path: '../other' })).rejects.toBeInstanceOf(
      InvalidPathError,
    );
    expect(inner.sweeps).toEqual([]);
  });

  it('MeteredPod counts it as one removal of the folder swept', async () => {
    const log: string[] = [];
    const pod = new MeteredPod(new SweepingPod(), {
      onOperation: (op) => log.push(`${op.kind} ${op.path}`),
    });
    await pod.cd('x').sweep?.({ olderThanMs: 0, path: 'y' });
    expect(log).toEqual(['remove x/y']);
    expect(pod.metrics.get('remove').count).toBe(1);
  });

  it('RetryingPod retries it after a retryable failure, not after a permanent one', async () => {
    const inner = new SweepingPod();
    inner.failures = [new TransientError('busy'), new TransientError('busy')];
    const pod = new RetryingPod(inner, { baseDelayMs: 1 });
    expect(await pod.sweep?.({ olderThanMs: 0 })).toBe(3);
    expect(inner.sweeps).toHaveLength(3);
    expect(pod.retries).toBe(2);
    inner.failures = [new PodOperationError('', 'broken')];
    await expect(pod.sweep?.({ olderThanMs: 0 })).rejects.toBeInstanceOf(PodOperationError);
    expect(inner.sweeps).toHaveLength(4);
  });

  it('FaultyPod injects faults into it', async () => {
    const inner = new SweepingPod();
    const pod = new FaultyPod(inner, { rate: 1, kinds: { error: 1 } });
    await expect(pod.sweep?.({ olderThanMs: 0, path: 'p' })).rejects.toBeInstanceOf(
      PodOperationError,
    );
    expect(inner.sweeps).toEqual([]);
    expect(pod.faults).toEqual([
      { operation: 'sweep', path: 'p', kind: 'error', afterEffect: false },
    ]);
    const spared = new FaultyPod(inner, { rate: 1, kinds: { error: 1 }, operations: ['read'] });
    expect(await spared.sweep?.({ olderThanMs: 0 })).toBe(3);
  });
});
