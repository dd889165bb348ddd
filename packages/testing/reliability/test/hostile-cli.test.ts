import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Repo, sha1Hex } from '@lakota/core';
import { FsPod } from '@lakota/pod-fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summary, tempFolder } from './children.js';

// Hostile input to the `lakota` command, run as users run it (a subprocess
// of apps/cli/bin/lakota.js, built by `pnpm build`): huge and malformed CSV
// on stdin, binary garbage, invalid UTF-8, traversal in labels and bad
// repository paths. Each must end with a non-zero exit and a short error
// (no stack trace), and change nothing; or be accepted on purpose.

const BIN = join(
  dirname(createRequire(import.meta.url).resolve('@lakota/cli/package.json')),
  'bin',
  'lakota.js',
);
const BUILT = existsSync(join(dirname(BIN), '..', 'dist', 'cli.js'));
const HUGE_ROWS = 200_000;

interface Case {
  name: string;
  args: (repo: string, sandbox: string) => string[];
  input?: () => Uint8Array | string;
  /** Accepted on purpose: why, and a check of the repository after it. */
  accepted?: { why: string; check: (repo: Repo) => Promise<void> };
  /** The command is killed after this long (default 2 minutes). */
  timeoutMs?: number;
  /** What the first line of the error must say, for a case that must be refused. */
  error?: RegExp;
  /** Longest stderr of a refusal (default 2,000 characters). */
  maxStderr?: number;
}

const csv = (...lines: string[]) => `${lines.join('\n')}\n`;
const rows = (n: number, from = 0) =>
  Array.from(
    { length: n },
    (_, i) =>
      `${new Date(Date.UTC(2021, 0, 1) + (from + i) * 60_000).toISOString().slice(0, 19)},${i % 97}.5`,
  );

const CASES: Case[] = [
  {
    name: `a valid CSV of ${HUGE_ROWS.toLocaleString('en')} rows`,
    args: (r) => ['-r', r, 'write', 'temperature/Huge'],
    input: () => `timestamp,value\n${rows(HUGE_ROWS).join('\n')}\n`,
    accepted: {
      why: 'large but well-formed input is what the command is for',
      check: async (repo) => {
        expect(await (await repo.collection('temperature')).series('Huge').length()).toBe(
          HUGE_ROWS,
        );
      },
    },
  },
  {
    name: 'a 200 KB value that is almost a number',
    args: (r) => ['-r', r, 'write', 'temperature/Brussels'],
    input: () => csv('timestamp,value', `2022-01-01,${'9'.repeat(200_000)}x`),
    // Refusing it takes milliseconds when the number check is linear.
    timeoutMs: 5000,
    // Named by its column, line, first characters and length: never repeated whole.
    error:
      /^lakota: Column 'value' \(float64\), line 2: "9{40}…" \(200,001 characters\) is not a number/,
    maxStderr: 1024,
  },
  {
    name: 'an unclosed quote',
    args: (r) => ['-r', r, 'write', 'temperature/Brussels'],
    input: () => csv('timestamp,value', '"2022-01-01,1'),
  },
  {
    name: '64 KB of random bytes',
    args: (r) => ['-r', r, 'write', 'temperature/Brussels'],
    input: () => Uint8Array.from({ length: 65_536 }, (_, i) => (i * 2_654_435_761) >>> 24),
  },
  {
    name: 'NUL bytes in a field',
    args: (r) => ['-r', r, 'write', 'temperature/Brussels'],
    input: () => csv('timestamp,value', '2022-01-01,1\u0000\u0000'),
  },
  {
    name: 'invalid UTF-8 in a text index',
    args: (r) => ['-r', r, 'write', 'tags/t'],
    input: () =>
      Buffer.concat([
        Buffer.from('tag,value\naa,1\n'),
        Buffer.from([0x62, 0x61, 0xff, 0xfe, 0x64]),
        Buffer.from(',2\n'),
      ]),
  },
  {
    name: 'a header of 10,000 columns',
    args: (r) => ['-r', r, 'write', 'temperature/Brussels'],
    input: () => csv(Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(','), '1'),
  },
  {
    name: 'a column given twice',
    args: (r) => ['-r', r, 'write', 'temperature/Brussels'],
    input: () => csv('timestamp,value,value', '2022-01-01,1,2'),
  },
  {
    name: 'rows out of order',
    args: (r) => ['-r', r, 'write', 'temperature/Brussels'],
    input: () => csv('timestamp,value', '2022-01-02,1', '2022-01-01,2'),
  },
  {
    name: 'an empty index value',
    args: (r) => ['-r', r, 'write', 'temperature/Brussels'],
    input: () => csv('timestamp,value', ',1'),
  },
  {
    name: "'NaN' as a time",
    args: (r) => ['-r', r, 'write', 'temperature/Brussels'],
    input: () => csv('timestamp,value', 'NaN,1'),
  },
  {
    name: 'a 5,000-character series label',
    args: (r) => ['-r', r, 'write', `temperature/${'x'.repeat(5000)}`],
    input: () => csv('timestamp,value', '2022-01-01,1'),
  },
  {
    name: "a label '../../etc/passwd'",
    args: (r) => ['-r', r, 'write', '../../etc/passwd'],
    input: () => csv('timestamp,value', '2022-01-01,1'),
  },
  {
    name: "a series label 'temperature/../../x'",
    args: (r) => ['-r', r, 'write', 'temperature/../../x'],
    input: () => csv('timestamp,value', '2022-01-01,1'),
    accepted: {
      why: 'a series label is data inside commits, never a path: it is stored as written',
      check: async (repo) => {
        expect(await (await repo.collection('temperature')).ls()).toContain('../../x');
      },
    },
  },
  {
    name: 'a repository path that is a file',
    args: (_r, s) => ['-r', join(s, 'not-a-folder.txt'), 'ls'],
    error: /not-a-folder\.txt', is a file, not a folder: give the path of the repository's folder/,
  },
  {
    name: 'a repository URI with an unknown scheme',
    args: () => ['-r', 'gopher://host/repo', 'ls'],
  },
  {
    name: 'a read of an unknown revision',
    args: (r) => ['-r', r, 'read', 'temperature/Brussels', '--at', '../../etc'],
  },
  {
    name: 'a negative limit',
    args: (r) => ['-r', r, 'read', 'temperature/Brussels', '--limit', '-5'],
  },
];

function run(
  args: string[],
  input: Uint8Array | string | undefined,
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string; hung: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, LAKOTA_REPO: '' },
    });
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, hung });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

async function tree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const p = join(entry.parentPath, entry.name);
    out.set(p, sha1Hex(await readFile(p)));
  }
  return out;
}

interface Outcome {
  c: Case;
  ok: boolean;
  detail: string;
}

// The command is built by `pnpm build` (turbo builds it before these tests);
// run on its own, this file needs `pnpm --filter @lakota/cli build` first.
describe.skipIf(!BUILT)(`hostile input to the lakota command (${CASES.length} cases)`, () => {
  let sandbox: Awaited<ReturnType<typeof tempFolder>>;
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    sandbox = await tempFolder('hostile-cli');
    await writeFile(join(sandbox.path, 'not-a-folder.txt'), 'hello');
    const root = join(sandbox.path, 'repo');
    const repo = await Repo.open(new FsPod(root));
    await (await repo.createCollection('timestamp timestamp*\nvalue float', 'temperature'))
      .series('Brussels')
      .write({ timestamp: ['2020-06-22', '2020-06-23'], value: [25, 24] });
    await repo.createCollection('tag str*\nvalue float', 'tags');
    for (const c of CASES) {
      const before = await tree(sandbox.path);
      const r = await run(c.args(root, sandbox.path), c.input?.(), c.timeoutMs ?? 120_000);
      const after = await tree(sandbox.path);
      const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
        (p) => before.get(p) !== after.get(p),
      );
      const lines = r.stderr.trim().split('\n');
      const stack = lines.some((l) => /^\s+at /.test(l));
      if (r.hung) {
        outcomes.push({
          c,
          ok: false,
          detail: `still running after ${(c.timeoutMs ?? 120_000) / 1000} s: killed`,
        });
      } else if (c.accepted) {
        try {
          expect(r.code, r.stderr).toBe(0);
          await c.accepted.check(await Repo.open(new FsPod(root)));
          const outside = changed.filter((p) => !p.startsWith(`${root}/`));
          expect(outside).toEqual([]);
          outcomes.push({ c, ok: true, detail: `accepted: ${c.accepted.why}` });
        } catch (err) {
          outcomes.push({ c, ok: false, detail: `accepted wrongly: ${(err as Error).message}` });
        }
      } else if (r.code === 0) {
        outcomes.push({
          c,
          ok: false,
          detail: `accepted (exit 0), changed ${changed.length} files`,
        });
      } else if (stack || lines.length > 3 || r.stderr.length > (c.maxStderr ?? 2000)) {
        outcomes.push({
          c,
          ok: false,
          detail: `unclear error (${lines.length} lines, ${r.stderr.length} characters): ${r.stderr.slice(0, 300)}`,
        });
      } else if (changed.length) {
        outcomes.push({ c, ok: false, detail: `refused but changed ${changed.join(', ')}` });
      } else if (c.error && !c.error.test(lines[0] ?? '')) {
        outcomes.push({ c, ok: false, detail: `refused, but not saying ${c.error}: ${lines[0]}` });
      } else {
        outcomes.push({ c, ok: true, detail: `refused: ${lines[0]}` });
      }
    }
    summary('hostile input (CLI)', {
      inputsTried: outcomes.length,
      refused: outcomes.filter((o) => o.ok && !o.c.accepted).length,
      acceptedByDesign: outcomes.filter((o) => o.ok && o.c.accepted).length,
      wrong: outcomes.filter((o) => !o.ok).length,
    });
    for (const o of outcomes.filter((x) => !x.ok))
      console.info(`  ${o.c.name}: ${o.detail.slice(0, 200)}`);
  }, 600_000);

  afterAll(async () => {
    await sandbox?.remove();
  });

  it('refuses each with a short error and a non-zero exit, changing nothing, or accepts it on purpose', () => {
    expect(outcomes.filter((o) => !o.ok).map((o) => `${o.c.name}: ${o.detail}`)).toEqual([]);
    expect(outcomes).toHaveLength(CASES.length);
  });
});
