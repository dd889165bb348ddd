import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = resolve(here, '../../../..');

/**
 * The reference repository written by Python Lakota 0.7.1. The core keeps a
 * copy among its test fixtures; the shared folder beside the repository has
 * the original.
 */
export function fixtureTarball(): string {
  const candidates = [
    process.env.LAKOTA_FIXTURE_TARBALL,
    join(here, '../fixtures/python-lakota-ref-repo.tar.gz'),
    join(repoRoot, 'shared/fixtures/python-lakota/ref-repo.tar.gz'),
    join(repoRoot, '../shared/fixtures/python-lakota/ref-repo.tar.gz'),
    '/work/shared/fixtures/python-lakota/ref-repo.tar.gz',
  ];
  for (const path of candidates) if (path && existsSync(path)) return path;
  throw new Error(
    `The Python Lakota fixture ref-repo.tar.gz was not found (looked in ${candidates.filter(Boolean).join(', ')}); set LAKOTA_FIXTURE_TARBALL`,
  );
}

export interface ExtractedFixture {
  /** The folder holding the repository (`ref/`). */
  root: string;
  remove(): void;
}

/** Extracts the fixture into a fresh temporary folder. */
export function extractFixture(): ExtractedFixture {
  const dir = mkdtempSync(join(tmpdir(), 'lakota-codecs-fixture-'));
  execFileSync('tar', ['xzf', fixtureTarball(), '-C', dir]);
  return { root: join(dir, 'ref'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every file under `root`, as relative POSIX paths, sorted. */
export function listFiles(root: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, prefix)).sort()) {
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(join(root, rel)).isDirectory()) out.push(...listFiles(root, rel));
    else out.push(rel);
  }
  return out;
}

/**
 * A Python interpreter with numcodecs, msgpack and numpy (Debian:
 * `apt-get install python3-numcodecs`), or undefined. The system Python is
 * tried first because a version manager's `python3` usually lacks them.
 */
export function findNumcodecsPython(): string | undefined {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(python, ['-c', 'import numcodecs, msgpack, numpy'], {
      stdio: 'ignore',
    });
    if (probe.status === 0) return python;
  }
  return undefined;
}

/** Runs a Python script with JSON on stdin and returns its JSON output. */
export function runPython(python: string, script: string, input: unknown): unknown {
  const result = spawnSync(python, ['-c', script], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (result.status !== 0) throw new Error(`python failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** A deterministic pseudo-random generator (mulberry32), so failures reproduce. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function fromHex(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
}

/**
 * True when two byte arrays are equal. vitest's toEqual walks typed arrays
 * element by element and takes seconds on megabytes, so large arrays are
 * compared with this instead; the message names the first difference.
 */
export function sameBytes(actual: Uint8Array, expected: Uint8Array): true | string {
  const a = Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength);
  const b = Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength);
  if (a.equals(b)) return true;
  if (a.length !== b.length) return `lengths differ: ${a.length} vs ${b.length}`;
  const i = a.findIndex((v, k) => v !== b[k]);
  return `first difference at byte ${i}: ${a[i]} vs ${b[i]}`;
}
