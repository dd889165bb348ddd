import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

interface Assertion {
  ancestorTitles: string[];
  title: string;
  status: string;
  failureMessages: string[];
}

const pkg = fileURLToPath(new URL('..', import.meta.url));
const vitestBin = join(
  dirname(createRequire(import.meta.url).resolve('vitest/package.json')),
  'vitest.mjs',
);

/** Outcome of each test of the fixture run, by pod name then test title. */
const outcomes = new Map<string, Map<string, Assertion>>();

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lakota-conformance-'));
  const out = join(dir, 'report.json');
  try {
    await new Promise<void>((resolve) => {
      // Failures are the point: the exit code is expected to be 1.
      execFile(
        process.execPath,
        [
          vitestBin,
          'run',
          '--config',
          'test/fixtures/vitest.config.ts',
          '--reporter=json',
          `--outputFile=${out}`,
        ],
        { cwd: pkg, maxBuffer: 64 * 1024 * 1024 },
        () => resolve(),
      );
    });
    const report = JSON.parse(await readFile(out, 'utf8'));
    for (const file of report.testResults) {
      for (const a of file.assertionResults as Assertion[]) {
        const pod = a.ancestorTitles[0]!.replace('Pod conformance: ', '');
        if (!outcomes.has(pod)) outcomes.set(pod, new Map());
        outcomes.get(pod)!.set(a.title, a);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 120_000);

const failed = (pod: string) =>
  [...(outcomes.get(pod)?.values() ?? [])].filter((a) => a.status === 'failed').map((a) => a.title);

describe('the conformance suite', () => {
  it('passes the reference pod (the template MapPod) with no failure', () => {
    expect(outcomes.get('reference')?.size).toBeGreaterThan(50);
    expect(failed('reference')).toEqual([]);
  });

  it.each([
    ['overwriting', 'write is write-once: without force an existing file is kept and 0 returned'],
    ['sharing', "stored bytes never share memory with the caller's buffers"],
    ['whole-buffer', 'writes only the bytes a view covers, not its whole buffer'],
    ['truncating', 'round-trips a 32 MiB file byte for byte through read and readMany'],
    ['raw-error', 'read of a missing file throws NotFoundError naming the path'],
    ['raw-error', 'failures are LakotaError subclasses with stable codes, not retryable'],
    [
      'racy',
      'capability conditionalWrite: racing write-once writers of one new path leave exactly one of them intact',
    ],
    [
      'half-writing',
      'capability atomicWrite: a reader polling during a write sees the whole file or none, never part of it',
    ],
    [
      'normalising',
      'every method, of the pod and of a sub-pod, rejects invalid paths with InvalidPathError',
    ],
    [
      'normalising',
      'invalid paths are refused before any I/O: nothing is read, created, moved or removed',
    ],
    ['utf16-sort', 'ls sorts names by Unicode code point'],
    [
      'sticky-folders',
      'removing the last file of a folder removes the folder and its empty parents',
    ],
    [
      'over-sweeping',
      'when a pod has sweep, a sweep with olderThanMs 0 removes no listed file, from the pod or a sub-pod',
    ],
  ])('fails %s on "%s"', (pod, title) => {
    const outcome = outcomes.get(pod)?.get(title);
    expect(outcome, `no test titled "${title}" ran for ${pod}`).toBeDefined();
    expect(outcome!.status).toBe('failed');
  });

  it('reports the capabilities a pod does not declare instead of checking them', () => {
    const modest = outcomes.get('modest')!;
    expect(failed('modest')).toEqual([]);
    for (const flag of ['conditionalWrite', 'atomicWrite', 'atomicMove', 'persistent']) {
      expect(modest.get(`capability ${flag}: not declared by modest`)?.status, flag).toBe('passed');
    }
    const checks = [...modest.values()].filter(
      (a) =>
        a.title.startsWith('capability ') &&
        !a.title.includes('not declared') &&
        !a.title.startsWith('capability evicts'),
    );
    expect(checks.map((a) => a.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
  });
});
