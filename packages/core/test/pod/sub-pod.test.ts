import { describe, expect, it } from 'vitest';
import { InvalidPathError, NotFoundError } from '../../src/errors.js';
import { SubPod } from '../../src/sub-pod.js';
import { SpyPod } from './spy-pod.js';

const bytes = (s: string) => new TextEncoder().encode(s);

async function collect(items: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const p of items) out.push(p);
  return out;
}

describe('SubPod', () => {
  it('prefixes every path with its folder', async () => {
    const parent = new SpyPod();
    const sub = parent.cd('a/b');
    await sub.write('f', bytes('x'));
    await sub.read('f');
    await sub.isFile('f');
    await sub.mv('f', 'g/h');
    await sub.rmMany(['g/h']);
    expect(parent.calls).toEqual([
      'write a/b/f',
      'read a/b/f',
      'exists a/b/f',
      'move a/b/f a/b/g/h',
      'removeFile a/b/g/h',
    ]);
  });

  it('refuses paths that would leave its folder, before the parent sees them', async () => {
    const parent = new SpyPod();
    await parent.write('secret', bytes('s'));
    parent.calls.length = 0;
    const sub = parent.cd('box');
    await expect(sub.read('../secret')).rejects.toBeInstanceOf(InvalidPathError);
    await expect(sub.write('../secret', bytes('x'), { force: true })).rejects.toBeInstanceOf(
      InvalidPathError,
    );
    await expect(sub.rm('..', { recursive: true })).rejects.toBeInstanceOf(InvalidPathError);
    await expect(sub.rm('')).rejects.toBeInstanceOf(InvalidPathError);
    await expect(sub.mv('x', '/secret')).rejects.toBeInstanceOf(InvalidPathError);
    await expect(sub.readMany(['ok', '../secret'])).rejects.toBeInstanceOf(InvalidPathError);
    await expect(collect(sub.walk('..'))).rejects.toBeInstanceOf(InvalidPathError);
    expect(() => sub.cd('..')).toThrow(InvalidPathError);
    expect(() => new SubPod(parent, '')).toThrow(InvalidPathError);
    expect(() => new SubPod(parent, 'a/../b')).toThrow(InvalidPathError);
    expect(parent.calls).toEqual([]);
  });

  it('flattens nested cd onto the original parent', () => {
    const parent = new SpyPod();
    const nested = parent.cd('a').cd('b/c') as SubPod;
    expect(nested).toBeInstanceOf(SubPod);
    expect(nested.parent).toBe(parent);
    expect(nested.prefix).toBe('a/b/c');
    const sub = parent.cd('a');
    expect(sub.cd('')).toBe(sub);
  });

  it('reports missing paths relative to itself, keeping the original as cause', async () => {
    const sub = new SpyPod().cd('box');
    const err = (await sub.read('missing/f').catch((e: unknown) => e)) as NotFoundError;
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.path).toBe('missing/f');
    expect((err.cause as NotFoundError).path).toBe('box/missing/f');
  });

  it('its own root always exists and can be emptied, even before the folder exists', async () => {
    const parent = new SpyPod();
    await parent.write('other/f', bytes('o'));
    const sub = parent.cd('box');
    expect(await sub.ls()).toEqual([]);
    await sub.rm('', { recursive: true });
    await sub.write('x/y', bytes('y'));
    await sub.write('z', bytes('z'));
    expect(await sub.ls()).toEqual(['x', 'z']);
    expect(await collect(sub.walk())).toEqual(['x/y', 'z']);
    await sub.rm('', { recursive: true });
    expect(await sub.ls()).toEqual([]);
    expect([...parent.files.keys()]).toEqual(['other/f']);
  });

  it('shares the protocol and capabilities of its parent', () => {
    const parent = new SpyPod();
    const sub = parent.cd('a');
    expect(sub.protocol).toBe('spy');
    expect(sub.capabilities).toBe(parent.capabilities);
  });
});
