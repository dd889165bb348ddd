import { describe, expect, it } from 'vitest';
import {
  AbortError,
  InvalidPathError,
  NotFoundError,
  PodOperationError,
} from '../../src/errors.js';
import type { Pod } from '../../src/pod.js';
import { SubPod } from '../../src/sub-pod.js';
import { SpyPod } from './spy-pod.js';

const bytes = (s: string) => new TextEncoder().encode(s);

async function collect(items: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const p of items) out.push(p);
  return out;
}

async function filled(...paths: string[]): Promise<SpyPod> {
  const pod = new SpyPod();
  for (const p of paths) await pod.write(p, bytes(p));
  pod.calls.length = 0;
  return pod;
}

const INVALID_CALLS: [string, (pod: Pod) => unknown][] = [
  ['read', (pod) => pod.read('a/../b')],
  ['write', (pod) => pod.write('/abs', bytes('x'))],
  ['write force', (pod) => pod.write('a//b', bytes('x'), { force: true })],
  ['isFile', (pod) => pod.isFile('a\\b')],
  ['ls', (pod) => pod.ls('..')],
  ['rm', (pod) => pod.rm('./a')],
  ['rm recursive', (pod) => pod.rm('a/..', { recursive: true })],
  ['readMany', (pod) => pod.readMany(['ok', 'a\0b'])],
  ['rmMany', (pod) => pod.rmMany(['ok', 'x/'])],
  ['mv from', (pod) => pod.mv('..', 'ok')],
  ['mv to', (pod) => pod.mv('ok', '../ok')],
  ['walk', (pod) => collect(pod.walk('/'))],
  ['cd', (pod) => pod.cd('../up')],
];

describe('BasePod', () => {
  it.each(INVALID_CALLS)('%s: an invalid path never reaches the backend', async (_label, call) => {
    const pod = await filled('ok');
    await expect((async () => call(pod))()).rejects.toBeInstanceOf(InvalidPathError);
    expect(pod.calls).toEqual([]);
  });

  it('refuses data that is not a Uint8Array before any I/O', async () => {
    const pod = new SpyPod();
    await expect(pod.write('f', 'text' as unknown as Uint8Array)).rejects.toBeInstanceOf(TypeError);
    expect(pod.calls).toEqual([]);
  });

  it('an aborted signal stops each method before the backend is called', async () => {
    const pod = await filled('a/f');
    const signal = AbortSignal.abort();
    const attempts = [
      pod.read('a/f', { signal }),
      pod.write('b', bytes('b'), { signal }),
      pod.ls('a', { signal }),
      pod.isFile('a/f', { signal }),
      pod.rm('a/f', { signal }),
      pod.mv('a/f', 'c', { signal }),
      pod.readMany(['a/f'], { signal }),
      pod.rmMany(['a/f'], { signal }),
      collect(pod.walk('', { signal })),
    ];
    for (const attempt of attempts) await expect(attempt).rejects.toBeInstanceOf(AbortError);
    expect(pod.calls).toEqual([]);
  });

  it('ls sorts by code point and lists a repeated name once', async () => {
    const pod = await filled('b', 'a/x', 'a/y');
    pod.extraEntries = [
      { name: '🙂', folder: false },
      { name: '\uFFFF', folder: false },
      { name: 'a', folder: true },
      { name: 'b', folder: true },
    ];
    expect(await pod.ls()).toEqual(['a', 'b', '\uFFFF', '🙂']);
  });

  it('ls: the root always exists; other missing folders throw unless missingOk', async () => {
    const pod = new SpyPod();
    expect(await pod.ls()).toEqual([]);
    await expect(pod.ls('nope')).rejects.toBeInstanceOf(NotFoundError);
    expect(await pod.ls('nope', { missingOk: true })).toEqual([]);
  });

  it('write returns the size written, or 0 when write-once skipped it', async () => {
    const pod = new SpyPod();
    expect(await pod.write('f', bytes('abc'))).toBe(3);
    expect(await pod.write('f', bytes('abcdef'))).toBe(0);
    expect(await pod.write('f', bytes('abcdef'), { force: true })).toBe(6);
    expect(pod.calls).toEqual(['write f', 'write f', 'write f force']);
  });

  it('rm: a file, a folder without recursive, a missing path', async () => {
    const pod = await filled('d/x', 'f');
    await pod.rm('f');
    await expect(pod.rm('d')).rejects.toBeInstanceOf(PodOperationError);
    await expect(pod.rm('missing')).rejects.toBeInstanceOf(NotFoundError);
    await pod.rm('missing', { missingOk: true });
    await pod.rm('d', { recursive: true });
    await expect(pod.rm('d', { recursive: true })).rejects.toBeInstanceOf(NotFoundError);
    await pod.rm('d', { recursive: true, missingOk: true });
    await pod.rm('', { recursive: true });
    expect(pod.files.size).toBe(0);
  });

  it('mv onto itself checks the file exists and changes nothing', async () => {
    const pod = await filled('f');
    await pod.mv('f', 'f');
    expect(pod.calls).toEqual(['exists f']);
    await expect(pod.mv('g', 'g')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('readMany keeps the order and maps missing files to undefined with missingOk', async () => {
    const pod = await filled('a', 'b');
    const got = await pod.readMany(['b', 'missing', 'a'], { missingOk: true });
    expect(got.map((b) => b && new TextDecoder().decode(b))).toEqual(['b', undefined, 'a']);
    await expect(pod.readMany(['a', 'missing'])).rejects.toBeInstanceOf(NotFoundError);
  });

  it('walk goes depth first in code point order, a file before a folder of the same name', async () => {
    // An object store can hold both a key 'a' and keys below 'a/'.
    const pod = await filled('a', 'a/x', 'a-b', '🙂', '\uFFFF/y', 'c/d/e');
    expect(await collect(pod.walk())).toEqual(['a', 'a/x', 'a-b', 'c/d/e', '\uFFFF/y', '🙂']);
    expect(await collect(pod.walk('', { maxDepth: 1 }))).toEqual(['a', 'a-b', '🙂']);
    expect(await collect(pod.walk('c'))).toEqual(['c/d/e']);
    expect(await collect(pod.walk('', { maxDepth: 0 }))).toEqual([]);
  });

  it("cd('') is the pod itself; cd of a folder is a SubPod", () => {
    const pod = new SpyPod();
    expect(pod.cd('')).toBe(pod);
    const sub = pod.cd('a/b');
    expect(sub).toBeInstanceOf(SubPod);
    expect((sub as SubPod).prefix).toBe('a/b');
  });
});
