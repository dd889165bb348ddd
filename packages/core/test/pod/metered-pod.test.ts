import { MemoryPod } from '@lakota/pod-memory';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/errors.js';
import { MeteredPod, type OperationRecord, PodMetrics } from '../../src/metered-pod.js';
import type { Pod } from '../../src/pod.js';

const bytes = (n: number) => new Uint8Array(n).fill(7);

function metered(inner: Pod = new MemoryPod()) {
  const log: OperationRecord[] = [];
  const pod = new MeteredPod(inner, { onOperation: (op) => log.push(op) });
  return { pod, log };
}

describe('MeteredPod', () => {
  it('counts operations and bytes per kind', async () => {
    const { pod } = metered();
    await pod.write('a', bytes(10));
    await pod.write('a', bytes(10));
    await pod.write('b/c', bytes(5));
    await pod.read('a');
    await pod.read('b/c');
    await pod.ls();
    await pod.isFile('a');
    await pod.mv('a', 'd');
    await pod.rm('d');
    expect(pod.metrics.snapshot()).toEqual({
      write: { count: 3, bytes: 15, errors: 0 },
      read: { count: 2, bytes: 15, errors: 0 },
      list: { count: 1, bytes: 0, errors: 0 },
      stat: { count: 1, bytes: 0, errors: 0 },
      move: { count: 1, bytes: 0, errors: 0 },
      remove: { count: 1, bytes: 0, errors: 0 },
    });
    expect(pod.metrics.get('read').bytes).toBe(15);
  });

  it('counts failures as errors and reports each operation with its error', async () => {
    const { pod, log } = metered();
    await expect(pod.read('missing')).rejects.toBeInstanceOf(NotFoundError);
    expect(pod.metrics.get('read')).toEqual({ count: 1, bytes: 0, errors: 1 });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ kind: 'read', path: 'missing', bytes: 0 });
    expect(log[0]!.error).toBeInstanceOf(NotFoundError);
    expect(log[0]!.ms).toBeGreaterThanOrEqual(0);
  });

  it('reports paths from its own root, through cd, into shared metrics', async () => {
    const { pod, log } = metered();
    const sub = pod.cd('coll/series');
    await sub.write('f', bytes(3));
    await pod.cd('coll').cd('series').read('f');
    expect(log.map((op) => `${op.kind} ${op.path} ${op.bytes}`)).toEqual([
      'write coll/series/f 3',
      'read coll/series/f 3',
    ]);
    expect(pod.metrics.get('write').count).toBe(1);
    expect(sub.protocol).toBe('memory');
  });

  it('counts readMany per file while the backend gets one call', async () => {
    const inner = new MemoryPod();
    await inner.write('a', bytes(2));
    await inner.write('b', bytes(3));
    let calls = 0;
    const readMany = inner.readMany.bind(inner);
    inner.readMany = (paths, options) => {
      calls++;
      return readMany(paths, options);
    };
    const { pod, log } = metered(inner);
    const got = await pod.readMany(['a', 'b', 'gone'], { missingOk: true });
    expect(got.map((b) => b?.byteLength)).toEqual([2, 3, undefined]);
    expect(calls).toBe(1);
    expect(log.map((op) => `${op.path} ${op.bytes}`)).toEqual(['a 2', 'b 3', 'gone 0']);
    await expect(pod.readMany(['a', 'gone'])).rejects.toBeInstanceOf(NotFoundError);
    expect(pod.metrics.get('read')).toEqual({ count: 5, bytes: 5, errors: 2 });
  });

  it('records a walk as one listing, even when the caller stops early or it fails', async () => {
    const inner = new MemoryPod();
    for (const p of ['a/1', 'a/2', 'b/3']) await inner.write(p, bytes(1));
    const { pod, log } = metered(inner);
    const all: string[] = [];
    for await (const p of pod.walk()) all.push(p);
    expect(all).toEqual(['a/1', 'a/2', 'b/3']);
    for await (const _ of pod.walk('a')) break;
    await expect(
      (async () => {
        for await (const _ of pod.walk('..')) {
          // never reached
        }
      })(),
    ).rejects.toThrow();
    expect(log.map((op) => `${op.kind} ${op.path} ${op.error ? 'failed' : 'ok'}`)).toEqual([
      'list  ok',
      'list a ok',
      'list .. failed',
    ]);
    expect(pod.metrics.get('list')).toEqual({ count: 3, bytes: 0, errors: 1 });
  });

  it('can share one PodMetrics between pods, and reset it', async () => {
    const metrics = new PodMetrics();
    const one = new MeteredPod(new MemoryPod(), { metrics });
    const two = new MeteredPod(new MemoryPod(), { metrics });
    await one.write('x', bytes(4));
    await two.write('x', bytes(6));
    await one.rmMany(['x']);
    expect(metrics.get('write')).toEqual({ count: 2, bytes: 10, errors: 0 });
    expect(metrics.get('remove').count).toBe(1);
    metrics.reset();
    expect(metrics.snapshot()).toEqual({});
    expect(metrics.get('write')).toEqual({ count: 0, bytes: 0, errors: 0 });
  });

  it('passes protocol and capabilities through', () => {
    const inner = new MemoryPod({ lruSize: 10 });
    const pod = new MeteredPod(inner);
    expect(pod.protocol).toBe('memory');
    expect(pod.capabilities).toBe(inner.capabilities);
  });
});
