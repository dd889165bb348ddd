import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PermissionError } from '@lakota/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsPod } from '../src/index.js';
import { removeRoot, tempRoot } from './temp-root.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

async function collect(items: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const p of items) out.push(p);
  return out;
}

let base: string;
let root: string;
let outside: string;
let pod: FsPod;

// Layout: root/real/x is a file; root/in -> root/real stays inside;
// root/out -> outside/ and root/outfile -> outside/o.txt lead out.
beforeEach(async () => {
  base = await tempRoot('confine');
  root = join(base, 'root');
  outside = join(base, 'outside');
  mkdirSync(join(root, 'real'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, 'real/x'), 'inside');
  writeFileSync(join(outside, 'o.txt'), 'secret');
  symlinkSync(join(root, 'real'), join(root, 'in'));
  symlinkSync(outside, join(root, 'out'));
  symlinkSync(join(outside, 'o.txt'), join(root, 'outfile'));
  pod = new FsPod(root);
});
afterEach(async () => {
  await removeRoot(base);
});

const outsideUntouched = () => {
  expect(readdirSync(outside)).toEqual(['o.txt']);
  expect(readFileSync(join(outside, 'o.txt'), 'utf8')).toBe('secret');
};

describe('FsPod confinement through symbolic links', () => {
  it('refuses to read through a link that leads out of the root', async () => {
    await expect(pod.read('out/o.txt')).rejects.toBeInstanceOf(PermissionError);
    await expect(pod.read('outfile')).rejects.toThrow(/symbolic link leads it out/);
    await expect(pod.readMany(['out/o.txt'], { missingOk: true })).rejects.toBeInstanceOf(
      PermissionError,
    );
    await expect(pod.isFile('out/o.txt')).rejects.toBeInstanceOf(PermissionError);
    await expect(pod.isFile('outfile')).rejects.toBeInstanceOf(PermissionError);
    await expect(pod.ls('out')).rejects.toBeInstanceOf(PermissionError);
  });

  it('refuses to write, move or remove through it, and leaves the outside untouched', async () => {
    await expect(pod.write('out/new', bytes('x'))).rejects.toBeInstanceOf(PermissionError);
    await expect(pod.write('out/o.txt', bytes('x'), { force: true })).rejects.toBeInstanceOf(
      PermissionError,
    );
    await expect(pod.write('out/deeper/new', bytes('x'))).rejects.toBeInstanceOf(PermissionError);
    await expect(pod.rm('out/o.txt')).rejects.toBeInstanceOf(PermissionError);
    await expect(pod.rmMany(['out/o.txt'])).rejects.toBeInstanceOf(PermissionError);
    await expect(pod.mv('out/o.txt', 'stolen')).rejects.toBeInstanceOf(PermissionError);
    await expect(pod.mv('real/x', 'out/x')).rejects.toBeInstanceOf(PermissionError);
    await expect(pod.mv('real/x', 'out/sub/x')).rejects.toBeInstanceOf(PermissionError);
    outsideUntouched();
    expect(text(await pod.read('real/x'))).toBe('inside');
  });

  it('leaves links out of listings and walks, and removing one removes only the link', async () => {
    expect(await pod.ls()).toEqual(['in', 'real']);
    expect(await collect(pod.walk())).toEqual(['in/x', 'real/x']);
    await pod.rm('out', { recursive: true });
    await pod.rm('outfile');
    outsideUntouched();
    expect(readdirSync(root).sort()).toEqual(['in', 'real']);
  });

  it('follows links that stay inside the root', async () => {
    expect(text(await pod.read('in/x'))).toBe('inside');
    expect(await pod.ls('in')).toEqual(['x']);
    expect(await pod.write('in/y', bytes('through the link'))).toBe(16);
    expect(readFileSync(join(root, 'real/y'), 'utf8')).toBe('through the link');
  });

  it('accepts a root that is itself a link', async () => {
    symlinkSync(root, join(base, 'root-link'));
    const viaLink = new FsPod(join(base, 'root-link'));
    expect(text(await viaLink.read('real/x'))).toBe('inside');
    await viaLink.write('new/file', bytes('n'));
    expect(readFileSync(join(root, 'new/file'), 'utf8')).toBe('n');
    await viaLink.rm('new/file');
    expect(readdirSync(root).sort()).toEqual(['in', 'out', 'outfile', 'real']);
    await expect(viaLink.read('out/o.txt')).rejects.toBeInstanceOf(PermissionError);
  });
});
