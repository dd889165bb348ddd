import { existsSync, readdirSync } from 'node:fs';
import { mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AbortError, InvalidPathError, MeteredPod, Repo, RetryingPod } from '@lakota/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FsPod, TEMP_PREFIX } from '../src/index.js';
import { removeRoot, tempRoot } from './temp-root.js';

// A writer killed between creating its temp file and publishing it leaves
// the temp file behind; listings hide it, so only sweep can reclaim it.

// A hook run before FsPod publishes a temp file (link), to sweep at that moment.
const hooks = vi.hoisted(() => ({ beforeLink: undefined as (() => Promise<void>) | undefined }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...fs,
    link: async (from: string, to: string) => {
      const hook = hooks.beforeLink;
      hooks.beforeLink = undefined;
      await hook?.();
      return fs.link(from, to);
    },
  };
});

const HOUR = 3_600_000;
const bytes = (s: string) => new TextEncoder().encode(s);

/** Every file and folder under `dir`, relative to it, hidden ones included. */
function onDisk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

async function collect(items: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const p of items) out.push(p);
  return out;
}

/** A temp file as a killed writer leaves it, last changed `ageMs` ago. */
async function leftover(root: string, rel: string, ageMs: number): Promise<void> {
  const abs = join(root, rel);
  await mkdir(join(abs, '..'), { recursive: true });
  await writeFile(abs, 'half a segment');
  const when = new Date(Date.now() - ageMs);
  await utimes(abs, when, when);
}

let root: string;
beforeEach(async () => {
  root = await tempRoot('sweep');
});
afterEach(async () => {
  await removeRoot(root);
});

describe('FsPod.sweep', () => {
  it('removes the temp files older than the age, keeps the younger ones and touches nothing else', async () => {
    const pod = new FsPod(root);
    await pod.write('a/b/segment', bytes('data'));
    await pod.write('top', bytes('top'));
    await leftover(root, `a/b/${TEMP_PREFIX}old-1`, 2 * HOUR);
    await leftover(root, `${TEMP_PREFIX}old-2`, 2 * HOUR);
    await leftover(root, `a/b/${TEMP_PREFIX}young`, 1000);
    // Old, but not a temp name: someone else's file.
    await leftover(root, 'a/.hidden-note', 2 * HOUR);
    const listed = await collect(pod.walk());

    expect(await pod.sweep({ olderThanMs: HOUR })).toBe(2);
    expect(onDisk(root)).toEqual([
      'a',
      'a/.hidden-note',
      'a/b',
      `a/b/${TEMP_PREFIX}young`,
      'a/b/segment',
      'top',
    ]);
    expect(await collect(pod.walk())).toEqual(listed);
    expect(new TextDecoder().decode(await pod.read('a/b/segment'))).toBe('data');
    // Nothing left that old: a second sweep finds nothing.
    expect(await pod.sweep({ olderThanMs: HOUR })).toBe(0);
  });

  it('with an age of 0, removes every temp file, and still no listed file', async () => {
    const pod = new FsPod(root);
    await pod.write('00/00/seg', bytes('s'));
    await leftover(root, `00/00/${TEMP_PREFIX}a`, 0);
    await leftover(root, `00/01/${TEMP_PREFIX}b`, 0);
    expect(await pod.sweep({ olderThanMs: 0 })).toBe(2);
    expect(await collect(pod.walk())).toEqual(['00/00/seg']);
    // The folder that held only a temp file is gone, as after any removal.
    expect(onDisk(root)).toEqual(['00', '00/00', '00/00/seg']);
  });

  it('sweeps only below `path`, and a sub-pod only its own folder', async () => {
    const pod = new FsPod(root);
    await leftover(root, `a/${TEMP_PREFIX}1`, 2 * HOUR);
    await leftover(root, `a/x/${TEMP_PREFIX}2`, 2 * HOUR);
    await leftover(root, `b/${TEMP_PREFIX}3`, 2 * HOUR);
    await leftover(root, `${TEMP_PREFIX}4`, 2 * HOUR);
    expect(await pod.sweep({ olderThanMs: HOUR, path: 'a/x' })).toBe(1);
    expect(await pod.cd('a').sweep?.({ olderThanMs: HOUR })).toBe(1);
    expect(onDisk(root)).toEqual([`${TEMP_PREFIX}4`, 'b', `b/${TEMP_PREFIX}3`]);
    expect(await pod.sweep({ olderThanMs: HOUR, path: 'missing/folder' })).toBe(0);
    expect(await pod.sweep({ olderThanMs: HOUR, path: `b/${TEMP_PREFIX}3` })).toBe(0);
    expect(await pod.sweep({ olderThanMs: HOUR })).toBe(2);
    expect(onDisk(root)).toEqual([]);
  });

  it('never follows a link out of the root', async () => {
    const outside = await tempRoot('sweep-outside');
    try {
      await leftover(outside, `${TEMP_PREFIX}not-ours`, 2 * HOUR);
      await symlink(outside, join(root, 'link'));
      await leftover(root, `${TEMP_PREFIX}ours`, 2 * HOUR);
      expect(await new FsPod(root).sweep({ olderThanMs: HOUR })).toBe(1);
      expect(onDisk(outside)).toEqual([`${TEMP_PREFIX}not-ours`]);
    } finally {
      await removeRoot(outside);
    }
  });

  it('keeps the temp files of writes in progress', async () => {
    const pod = new FsPod(root);
    const names = Array.from({ length: 200 }, (_, i) => `${i % 7}/${i % 5}/f${i}`);
    const sweeps: number[] = [];
    let writing = true;
    const writes = Promise.all(names.map((n) => pod.write(n, bytes(n)))).finally(() => {
      writing = false;
    });
    while (writing) {
      sweeps.push(await pod.sweep({ olderThanMs: HOUR }));
    }
    await writes;
    expect(sweeps.every((n) => n === 0)).toBe(true);
    const back = await pod.readMany(names);
    expect(back.map((b) => new TextDecoder().decode(b))).toEqual(names);
  });

  it('makes a write whose temp file it removes start over, never fail', async () => {
    const pod = new FsPod(root);
    let swept = -1;
    // Between writing the temp file and publishing it, a sweep with an age of
    // 0, which takes the temp files of writes in flight too.
    hooks.beforeLink = async () => {
      await new Promise((r) => setTimeout(r, 5));
      swept = await pod.sweep({ olderThanMs: 0 });
    };
    expect(await pod.write('a/b/file', bytes('content'))).toBe(7);
    expect(swept).toBe(1);
    expect(new TextDecoder().decode(await pod.read('a/b/file'))).toBe('content');
    expect(onDisk(root)).toEqual(['a', 'a/b', 'a/b/file']);
  });

  it('finds nothing in a root not created yet, and does not create it', async () => {
    const missing = join(root, 'not-yet');
    expect(await new FsPod(missing).sweep({ olderThanMs: 0 })).toBe(0);
    expect(existsSync(missing)).toBe(false);
  });

  it('refuses a negative age and a bad path, and stops when aborted', async () => {
    const pod = new FsPod(root);
    await leftover(root, `${TEMP_PREFIX}x`, 2 * HOUR);
    await expect(pod.sweep({ olderThanMs: -1 })).rejects.toBeInstanceOf(RangeError);
    await expect(pod.sweep({ olderThanMs: Number.NaN })).rejects.toBeInstanceOf(RangeError);
    await expect(pod.sweep({ olderThanMs: 0, path: '../x' })).rejects.toBeInstanceOf(
      InvalidPathError,
    );
    await expect(pod.sweep({ olderThanMs: 0, signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      AbortError,
    );
    expect(onDisk(root)).toEqual([`${TEMP_PREFIX}x`]);
  });

  it('is kept behind the core wrappers', async () => {
    await leftover(root, `a/${TEMP_PREFIX}x`, 2 * HOUR);
    const wrapped = new MeteredPod(new RetryingPod(new FsPod(root)));
    expect(await wrapped.cd('a').sweep?.({ olderThanMs: HOUR })).toBe(1);
    expect(wrapped.metrics.get('remove').count).toBe(1);
    expect(onDisk(root)).toEqual([]);
  });
});

describe('Repo.gc on a folder', () => {
  it('sweeps the temp files of killed writers older than its grace period', async () => {
    const pod = new FsPod(root);
    const repo = await Repo.open(pod, { timeoutMs: HOUR });
    await (await repo.createCollection('t int*\nv float', 'c'))
      .series('s')
      .write({ t: [1, 2], v: [1.5, 2.5] });
    const segmentFolder = (await pod.ls()).find((n) => /^[0-9a-f]{2}$/.test(n)) as string;
    await leftover(root, `${segmentFolder}/${TEMP_PREFIX}killed`, 2 * HOUR);
    await leftover(root, `${segmentFolder}/${TEMP_PREFIX}in-progress`, 1000);

    const result = await repo.gc();
    expect(result.swept).toBe(1);
    const temps = onDisk(root).filter((p) => p.split('/').at(-1)?.startsWith(TEMP_PREFIX));
    expect(temps).toEqual([`${segmentFolder}/${TEMP_PREFIX}in-progress`]);
    expect(await (await repo.collection('c')).series('s').length()).toBe(2);
  });
});
