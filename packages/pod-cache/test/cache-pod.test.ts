import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  InvalidPathError,
  MeteredPod,
  NotFoundError,
  PermissionError,
  type Pod,
  PodOperationError,
  StorageFullError,
} from '@lakota/core';
import { FsPod, TEMP_PREFIX } from '@lakota/pod-fs';
import { MemoryPod } from '@lakota/pod-memory';
import { describe, expect, it } from 'vitest';
import { CachePod } from '../src/index.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined) =>
  b === undefined ? undefined : new TextDecoder().decode(b);

/** A pod whose chosen methods throw the given error; the rest goes to a memory pod. */
function failing(method: keyof Pod, error: () => Error, inner: Pod = new MemoryPod()): Pod {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === method) return async () => Promise.reject(error());
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function setup() {
  const local = new MeteredPod(new MemoryPod());
  const remote = new MeteredPod(new MemoryPod());
  return { local, remote, cache: new CachePod(local, remote) };
}

describe('CachePod', () => {
  it('serves a warm read from the local layer without reading the remote', async () => {
    const { remote, cache } = setup();
    await remote.inner.write('aa/bb/seg', bytes('payload'));
    expect(text(await cache.read('aa/bb/seg'))).toBe('payload');
    expect(remote.metrics.get('read').count).toBe(1);
    remote.metrics.reset();
    expect(text(await cache.read('aa/bb/seg'))).toBe('payload');
    expect(remote.metrics.get('read').count).toBe(0);
  });

  it('fetches only the missing files of a readMany, then none', async () => {
    const { local, remote, cache } = setup();
    for (const name of ['a', 'b', 'c']) await remote.inner.write(`d/${name}`, bytes(name));
    await local.inner.write('d/b', bytes('b'));
    const first = await cache.readMany(['d/a', 'd/b', 'd/c', 'd/zz'], { missingOk: true });
    expect(first.map(text)).toEqual(['a', 'b', 'c', undefined]);
    expect(remote.metrics.get('read').count).toBe(3); // a, c and the missing zz
    remote.metrics.reset();
    const second = await cache.readMany(['d/a', 'd/b', 'd/c']);
    expect(second.map(text)).toEqual(['a', 'b', 'c']);
    expect(remote.metrics.get('read').count).toBe(0);
  });

  it('throws NotFoundError from readMany without missingOk', async () => {
    const { cache } = setup();
    await expect(cache.readMany(['nope'])).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lists from the remote, so files removed by another client disappear', async () => {
    const { remote, cache } = setup();
    await cache.write('x/one', bytes('1'));
    await cache.write('x/two', bytes('2'));
    await cache.read('x/one');
    await remote.inner.rm('x/one'); // another client, straight on the remote
    expect(await cache.ls('x')).toEqual(['two']);
    expect(await cache.isFile('x/one')).toBe(false);
    const walked: string[] = [];
    for await (const p of cache.walk()) walked.push(p);
    expect(walked).toEqual(['x/two']);
  });

  it('writes to both layers and returns the remote byte count', async () => {
    const { local, remote, cache } = setup();
    expect(await cache.write('f', bytes('abc'))).toBe(3);
    expect(text(await local.inner.read('f'))).toBe('abc');
    expect(text(await remote.inner.read('f'))).toBe('abc');
  });

  it('keeps write-once: an existing file is not overwritten without force, in either layer', async () => {
    const { local, remote, cache } = setup();
    await cache.write('f', bytes('first'));
    expect(await cache.write('f', bytes('second'))).toBe(0);
    expect(text(await local.inner.read('f'))).toBe('first');
    expect(text(await remote.inner.read('f'))).toBe('first');
    expect(await cache.write('f', bytes('third'), { force: true })).toBe(5);
    expect(text(await cache.read('f'))).toBe('third');
    expect(text(await remote.inner.read('f'))).toBe('third');
  });

  it('writes nothing locally when the remote write fails', async () => {
    const local = new MemoryPod();
    const remote = failing('write', () => new PermissionError('f'));
    const cache = new CachePod(local, remote);
    await expect(cache.write('f', bytes('x'))).rejects.toBeInstanceOf(PermissionError);
    expect(await local.isFile('f')).toBe(false);
  });

  it('still succeeds when the local layer cannot take a copy, and reports it', async () => {
    const remote = new MemoryPod();
    const errors: unknown[] = [];
    const cache = new CachePod(
      failing('write', () => new StorageFullError('f')),
      remote,
      { onCacheError: (err) => errors.push(err) },
    );
    expect(await cache.write('f', bytes('x'))).toBe(1);
    await remote.write('g', bytes('y'));
    expect(text(await cache.read('g'))).toBe('y');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBeInstanceOf(StorageFullError);
  });

  it('fails loudly when a stale local copy cannot be removed', async () => {
    const inner = new MemoryPod();
    await inner.write('f', bytes('old'));
    const remote = new MemoryPod();
    await remote.write('f', bytes('old'));
    const cache = new CachePod(
      failing('rm', () => new PermissionError('f'), inner),
      remote,
    );
    await expect(cache.rm('f')).rejects.toBeInstanceOf(PodOperationError);
    expect(await remote.isFile('f')).toBe(false);
  });

  it('removes from both layers, and clears a local copy the remote no longer has', async () => {
    const { local, remote, cache } = setup();
    await cache.write('a/b/c', bytes('1'));
    await cache.write('a/d', bytes('2'));
    await cache.rm('a', { recursive: true });
    expect(await local.inner.ls('', { missingOk: true })).toEqual([]);
    expect(await remote.inner.ls('', { missingOk: true })).toEqual([]);

    await cache.write('gone', bytes('1'));
    await remote.inner.rm('gone');
    await expect(cache.rm('gone')).rejects.toBeInstanceOf(NotFoundError);
    expect(await local.inner.isFile('gone')).toBe(false);
  });

  it('rmMany removes from both layers', async () => {
    const { local, remote, cache } = setup();
    await cache.write('a', bytes('1'));
    await cache.write('b', bytes('2'));
    await cache.rmMany(['a', 'b', 'missing']);
    expect(await local.inner.ls()).toEqual([]);
    expect(await remote.inner.ls()).toEqual([]);
  });

  it('moves on the remote and never serves the old content of the destination', async () => {
    const { local, cache } = setup();
    await cache.write('src', bytes('new'));
    await cache.write('dst', bytes('old'));
    await cache.mv('src', 'dst');
    expect(text(await cache.read('dst'))).toBe('new');
    await expect(cache.read('src')).rejects.toBeInstanceOf(NotFoundError);
    expect(await local.inner.isFile('src')).toBe(false);
    await expect(cache.mv('src', 'elsewhere')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('rejects invalid paths before touching either layer', async () => {
    const { local, remote, cache } = setup();
    for (const bad of ['../x', '/abs', 'a//b', 'a\\b']) {
      await expect(cache.read(bad)).rejects.toBeInstanceOf(InvalidPathError);
      await expect(cache.write(bad, bytes('x'))).rejects.toBeInstanceOf(InvalidPathError);
      await expect(cache.readMany(['ok', bad])).rejects.toBeInstanceOf(InvalidPathError);
      expect(() => cache.cd(bad)).toThrow(InvalidPathError);
    }
    expect(local.metrics.snapshot()).toEqual({});
    expect(remote.metrics.snapshot()).toEqual({});
  });

  it('cd gives a cache over the same folder of both layers', async () => {
    const { local, remote, cache } = setup();
    await remote.inner.write('repo/aa/seg', bytes('s'));
    const sub = cache.cd('repo');
    expect(text(await sub.read('aa/seg'))).toBe('s');
    expect(await local.inner.isFile('repo/aa/seg')).toBe(true);
    remote.metrics.reset();
    await sub.read('aa/seg');
    expect(remote.metrics.get('read').count).toBe(0);
  });

  it('chains several layers, first one closest', async () => {
    const near = new MeteredPod(new MemoryPod());
    const middle = new MeteredPod(new MemoryPod());
    const far = new MeteredPod(new MemoryPod());
    await far.inner.write('seg', bytes('deep'));
    const cache = new CachePod([near, middle, far]);
    expect(cache.layers).toEqual([near, middle, far]);
    expect(text(await cache.read('seg'))).toBe('deep');
    expect(await near.inner.isFile('seg')).toBe(true);
    expect(await middle.inner.isFile('seg')).toBe(true);
    far.metrics.reset();
    middle.metrics.reset();
    await cache.read('seg');
    expect(far.metrics.get('read').count).toBe(0);
    expect(middle.metrics.get('read').count).toBe(0);
    expect(() => new CachePod([near])).toThrow(RangeError);
  });

  it('derives its capabilities from the layers', () => {
    const bounded = new MemoryPod({ lruSize: 10 });
    const plain = new MemoryPod();
    const a = new CachePod(bounded, plain);
    expect(a.capabilities).toEqual({
      conditionalWrite: true,
      atomicWrite: true,
      atomicMove: false,
      persistent: false,
      evicts: false,
    });
    expect(new CachePod(plain, bounded).capabilities.evicts).toBe(true);
    expect(a.protocol).toBe('cache');
  });

  describe('sweep', () => {
    /** A temp file as a writer killed mid-write leaves it, two hours old. */
    async function leftover(root: string, rel: string): Promise<void> {
      await mkdir(join(root, rel, '..'), { recursive: true });
      await writeFile(join(root, rel), 'half');
      const when = new Date(Date.now() - 7_200_000);
      await utimes(join(root, rel), when, when);
    }
    const names = async (root: string) =>
      (await readdir(root, { recursive: true })).map(String).sort();

    it('sweeps both layers, and a sub-cache only its folder of each', async () => {
      const near = await mkdtemp(join(tmpdir(), 'lakota-cache-near-'));
      const far = await mkdtemp(join(tmpdir(), 'lakota-cache-far-'));
      try {
        await leftover(near, `a/${TEMP_PREFIX}1`);
        await leftover(far, `a/${TEMP_PREFIX}2`);
        await leftover(far, `b/${TEMP_PREFIX}3`);
        const cache = new CachePod(new FsPod(near), new FsPod(far));
        expect(await cache.cd('a').sweep?.({ olderThanMs: 3_600_000 })).toBe(2);
        expect(await names(near)).toEqual([]);
        expect(await names(far)).toEqual(['b', `b/${TEMP_PREFIX}3`]);
        expect(await cache.sweep?.({ olderThanMs: 3_600_000 })).toBe(1);
        expect(await names(far)).toEqual([]);
        await expect(cache.sweep?.({ olderThanMs: 0, path: '../x' })).rejects.toBeInstanceOf(
          InvalidPathError,
        );
      } finally {
        await rm(near, { recursive: true, force: true });
        await rm(far, { recursive: true, force: true });
      }
    });

    it('sweeps the layer that has a sweep, and has none when no layer has one', async () => {
      const near = await mkdtemp(join(tmpdir(), 'lakota-cache-near-'));
      try {
        await leftover(near, `${TEMP_PREFIX}1`);
        const cache = new CachePod(new FsPod(near), new MemoryPod());
        expect(await cache.sweep?.({ olderThanMs: 0 })).toBe(1);
        expect(await names(near)).toEqual([]);
        expect(new CachePod(new MemoryPod(), new MemoryPod()).sweep).toBeUndefined();
      } finally {
        await rm(near, { recursive: true, force: true });
      }
    });
  });
});
