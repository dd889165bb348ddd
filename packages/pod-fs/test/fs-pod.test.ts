import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InvalidPathError, PodOperationError } from '@lakota/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsPod, TEMP_PREFIX } from '../src/index.js';
import { removeRoot, tempRoot } from './temp-root.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

async function collect(items: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const p of items) out.push(p);
  return out;
}

/** Every file and folder under `dir`, relative to it. */
function onDisk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

let root: string;
beforeEach(async () => {
  root = await tempRoot();
});
afterEach(async () => {
  await removeRoot(root);
});

describe('FsPod on disk', () => {
  it('stores each file as a plain file at its path under the root', async () => {
    const pod = new FsPod(root);
    await pod.write('a/b/c.bin', bytes('content'));
    expect(readFileSync(join(root, 'a/b/c.bin'), 'utf8')).toBe('content');
    expect(onDisk(root)).toEqual(['a', 'a/b', 'a/b/c.bin']);
  });

  it('reads files written by other programs, and keeps them write-once', async () => {
    await mkdir(join(root, 'x'));
    await writeFile(join(root, 'x/outside-made'), 'made by hand');
    const pod = new FsPod(root);
    expect(text(await pod.read('x/outside-made'))).toBe('made by hand');
    expect(await pod.write('x/outside-made', bytes('other'))).toBe(0);
    expect(readFileSync(join(root, 'x/outside-made'), 'utf8')).toBe('made by hand');
  });

  it('creates a missing root on the first write; until then the root lists as empty', async () => {
    const pod = new FsPod(join(root, 'later/repo'));
    expect(await pod.ls()).toEqual([]);
    expect(await pod.isFile('a')).toBe(false);
    expect(existsSync(join(root, 'later'))).toBe(false);
    await pod.write('a', bytes('a'));
    expect(onDisk(root)).toEqual(['later', 'later/repo', 'later/repo/a']);
  });

  it('takes the root as a string or an options object, resolved to an absolute path', () => {
    expect(new FsPod('some/relative/folder').root).toBe(resolve('some/relative/folder'));
    expect(new FsPod({ root: '/abs/folder' }).root).toBe('/abs/folder');
    expect(() => new FsPod('')).toThrow(TypeError);
    expect(() => new FsPod({} as { root: string })).toThrow(TypeError);
  });

  it('returns plain Uint8Arrays, whose slice() copies', async () => {
    const pod = new FsPod(root);
    await pod.write('f', bytes('abc'));
    const got = await pod.read('f');
    expect(Object.getPrototypeOf(got)).toBe(Uint8Array.prototype);
    const copy = got.slice();
    copy[0] = 0;
    expect(text(got)).toBe('abc');
  });

  it('writes the same bytes with fsync turned on', async () => {
    const pod = new FsPod({ root, fsync: true });
    expect(pod.fsync).toBe(true);
    expect(await pod.write('d/f', bytes('durable'))).toBe(7);
    expect(await pod.write('d/f', bytes('replaced'), { force: true })).toBe(8);
    expect(readFileSync(join(root, 'd/f'), 'utf8')).toBe('replaced');
  });
});

describe('FsPod temp files', () => {
  it('hides temp files from listings and walks', async () => {
    const pod = new FsPod(root);
    await pod.write('d/real', bytes('r'));
    writeFileSync(join(root, `d/${TEMP_PREFIX}crashed-writer`), 'half');
    writeFileSync(join(root, `${TEMP_PREFIX}at-root`), 'half');
    expect(await pod.ls()).toEqual(['d']);
    expect(await pod.ls('d')).toEqual(['real']);
    expect(await collect(pod.walk())).toEqual(['d/real']);
  });

  it('leaves no temp file behind after writes, skipped writes and forced writes', async () => {
    const pod = new FsPod(root);
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        pod.write(`t/${i % 4}/${i % 20}`, bytes(`v${i}`), { force: i % 3 === 0 }),
      ),
    );
    const leftovers = onDisk(root).filter((p) =>
      p.split('/').some((s) => s.startsWith(TEMP_PREFIX)),
    );
    expect(leftovers).toEqual([]);
    expect(await collect(pod.walk())).toHaveLength(20);
  });

  it('refuses to write or move to a name reserved for temp files, before touching the disk', async () => {
    const pod = new FsPod(root);
    await pod.write('src', bytes('s'));
    await expect(pod.write(`a/${TEMP_PREFIX}x`, bytes('x'))).rejects.toBeInstanceOf(
      InvalidPathError,
    );
    await expect(pod.mv('src', `${TEMP_PREFIX}y`)).rejects.toBeInstanceOf(InvalidPathError);
    expect(onDisk(root)).toEqual(['src']);
  });
});

describe('FsPod folders', () => {
  it('removes folders left empty on disk, but never the root', async () => {
    const pod = new FsPod(root);
    await pod.write('a/b/c/file', bytes('x'));
    await pod.write('k/l', bytes('x'));
    await pod.rm('a/b/c/file');
    expect(onDisk(root)).toEqual(['k', 'k/l']);
    await pod.mv('k/l', 'm/n/o');
    expect(onDisk(root)).toEqual(['m', 'm/n', 'm/n/o']);
    await pod.rm('m', { recursive: true });
    expect(onDisk(root)).toEqual([]);
    expect(existsSync(root)).toBe(true);
    await pod.write('z', bytes('z'));
    await pod.rm('', { recursive: true });
    expect(existsSync(root)).toBe(true);
    expect(onDisk(root)).toEqual([]);
  });

  it('says when a file stands where a folder is needed, and when a folder is where a file is', async () => {
    const pod = new FsPod(root);
    await pod.write('f', bytes('a file'));
    await pod.write('d/inside', bytes('x'));
    await pod.write('g', bytes('g'));
    const belowFile = pod.write('f/x', bytes('x'));
    await expect(belowFile).rejects.toBeInstanceOf(PodOperationError);
    await expect(belowFile).rejects.toThrow(/a file stands where a folder/);
    await expect(pod.write('f/deeper/x', bytes('x'))).rejects.toBeInstanceOf(PodOperationError);
    await expect(pod.mv('g', 'f/x')).rejects.toBeInstanceOf(PodOperationError);
    await expect(pod.write('d', bytes('x'))).rejects.toThrow(/is a folder/);
    await expect(pod.write('d', bytes('x'), { force: true })).rejects.toThrow(/is a folder/);
    await expect(pod.mv('g', 'd')).rejects.toThrow(/is a folder/);
    await expect(pod.mv('d', 'e')).rejects.toThrow(/is a folder/);
    expect(onDisk(root)).toEqual(['d', 'd/inside', 'f', 'g']);
  });
});

describe('a root that is a file', () => {
  it('is refused with a PodOperationError naming it, not read as an empty repository', async () => {
    const dir = await tempRoot();
    const file = join(dir, 'not-a-folder.txt');
    await writeFile(file, 'x');
    try {
      const err = await new FsPod(file).ls().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PodOperationError);
      expect((err as Error).message).toContain('not-a-folder.txt');
    } finally {
      await removeRoot(dir);
    }
  });

  // Below a file, every path fails with ENOTDIR, which alone reads as "missing".
  it('is refused by every operation on a path below it, and the file is left as it was', async () => {
    const dir = await tempRoot();
    const file = join(dir, 'not-a-folder.txt');
    await writeFile(file, 'hello');
    const calls: [string, (pod: FsPod) => Promise<unknown>][] = [
      ['ls a folder', (pod) => pod.ls('00/00')],
      ['ls with missingOk', (pod) => pod.ls('00/00', { missingOk: true })],
      ['read', (pod) => pod.read('00/00/segment')],
      ['readMany with missingOk', (pod) => pod.readMany(['a', 'b/c'], { missingOk: true })],
      ['isFile', (pod) => pod.isFile('00/00/segment')],
      ['walk', (pod) => collect(pod.walk())],
      ['walk a folder', (pod) => collect(pod.walk('00'))],
      ['write', (pod) => pod.write('00/00/segment', bytes('x'))],
      ['rm with missingOk', (pod) => pod.rm('00/00/segment', { missingOk: true })],
      ['rm the root', (pod) => pod.rm('', { recursive: true })],
      ['mv', (pod) => pod.mv('a', 'b')],
      ['sweep', (pod) => pod.sweep({ olderThanMs: 0 })],
    ];
    try {
      for (const [name, call] of calls) {
        // A new pod each time: nothing cached from an earlier call.
        const err = await call(new FsPod(file)).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err, name).toBeInstanceOf(PodOperationError);
        expect((err as Error).message, name).toContain(file);
        expect((err as Error).message, name).toMatch(/is a file, not a folder: give the path/);
      }
      expect(readFileSync(file, 'utf8')).toBe('hello');
    } finally {
      await removeRoot(dir);
    }
  });

  it('also when a file stands higher in the root path', async () => {
    const dir = await tempRoot();
    await writeFile(join(dir, 'file'), 'x');
    const root = join(dir, 'file', 'repo');
    try {
      for (const call of [
        (pod: FsPod) => pod.ls(),
        (pod: FsPod) => pod.read('a/b'),
        (pod: FsPod) => pod.isFile('a'),
      ]) {
        const err = await call(new FsPod(root)).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(PodOperationError);
        expect((err as Error).message).toContain(root);
        expect((err as Error).message).toMatch(/a file stands in its path/);
      }
    } finally {
      await removeRoot(dir);
    }
  });
});
