import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csv, lakota, listing, tempDir } from './run-cli.js';

// Bad input gives one clear line on stderr (expressions add the expression and
// a caret line), a non-zero exit, and leaves the repository as it was.

let dir: { path: string; cleanup: () => Promise<void> };
let repoPath: string;
let before: string[];

beforeAll(async () => {
  dir = await tempDir();
  repoPath = join(dir.path, 'repo');
  const r = ['-r', repoPath];
  await lakota([...r, 'create', 'temperature', 'timestamp timestamp*', 'value float']);
  await lakota([...r, 'write', 'temperature/Brussels'], {
    input: csv('timestamp,value', '2020-06-22,25', '2020-06-23,24'),
  });
  await lakota([...r, 'create', 'tempest', 'timestamp timestamp*', 'value float']);
  await lakota([...r, 'tag', 'temperature', 'v1']);
  before = await listing(repoPath);
});
afterAll(async () => {
  await dir.cleanup();
});

interface Case {
  args: string[];
  input?: string;
  /** Expected in the one error line. */
  message: string;
  /** Exit status: 2 for a malformed command line, 1 otherwise. */
  code?: number;
  /** Lines on stderr (expression errors show the expression and a caret). */
  lines?: number;
}

const CASES: Case[] = [
  {
    args: ['read', 'nope/Brussels'],
    message: "No collection 'nope' in this repository: there are temperature, tempest",
  },
  {
    args: ['read', 'temperature/Paris'],
    message: "No series 'Paris' in collection 'temperature': there are Brussels",
  },
  {
    args: ['read', 'temp/Brussels'],
    message: "'temp' matches several collections in this repository (temperature, tempest)",
  },
  { args: ['read', 'temperature'], message: 'should have the form "collection/series"' },
  {
    args: ['read', 'temperature/Brussels', 'valeur'],
    message: "Unknown column 'valeur': the series has timestamp, value",
  },
  {
    args: ['read', 'temperature/Brussels', '--before', 'yesterday'],
    message: '--before: cannot read "yesterday" as a time',
  },
  {
    args: ['read', 'temperature/Brussels', '--gt', '2020-13-45'],
    message: '--gt: cannot read "2020-13-45" as a date',
  },
  {
    args: ['read', 'temperature/Brussels', '--limit', 'ten'],
    message: "expected a whole number >= 0, got 'ten'",
    code: 2,
  },
  {
    args: ['read', 'temperature/Brussels', '--closed', 'middle'],
    message: 'use LEFT, RIGHT, BOTH or NONE',
    code: 2,
  },
  {
    args: ['read', 'temperature/Brussels', '--format', 'xml'],
    message: 'Allowed choices are csv, json, table',
    code: 2,
  },
  {
    args: ['read', 'temperature/Brussels', '--mask', '(< self.value 28'],
    message: 'Missing ")"',
    lines: 3,
  },
  {
    args: ['read', 'temperature/Brussels', '--mask', '(< self.valu 28)'],
    message: "Unknown column 'valu'",
    lines: 3,
  },
  {
    args: ['read', 'temperature/Brussels', '(sum self.timestamp)'],
    message: 'sum needs numbers, got a column of dates',
    lines: 3,
  },
  {
    args: ['read', 'temperature/Brussels', '(+ self.timestamp 1)'],
    message: 'Cannot apply + to a column of dates',
    lines: 3,
  },
  {
    args: ['write', 'temperature/Brussels'],
    input: csv('timestamp,value', '"2020-06-24,25'),
    message: 'Malformed CSV on stdin',
  },
  {
    args: ['write', 'temperature/Brussels'],
    input: csv('timestamp,value', '2020-06-24,25,3'),
    message: 'Malformed CSV on stdin',
  },
  {
    args: ['write', 'temperature/Brussels'],
    input: csv('timestamp,valeur', '2020-06-24,25'),
    message: "Unknown column 'valeur' in the CSV header",
  },
  {
    args: ['write', 'temperature/Brussels'],
    input: csv('timestamp', '2020-06-24'),
    message: "The CSV header lacks 'value'",
  },
  {
    args: ['write', 'temperature/Brussels'],
    input: csv('timestamp,value', '2020-06-31,25'),
    message: 'Column \'timestamp\' (datetime64[s]), line 2: "2020-06-31" is not a date',
  },
  {
    args: ['write', 'temperature/Brussels'],
    input: csv('timestamp,value', '2020-06-24,25', '2020-06-25,warm'),
    message: 'Column \'value\' (float64), line 3: "warm" is not a number',
  },
  {
    args: ['write', 'temperature/Brussels'],
    input: csv('timestamp,value', '2020-06-25,1', '2020-06-24,2'),
    message: 'The index is not sorted',
  },
  { args: ['write', 'temperature/Brussels'], input: '', message: 'Nothing on stdin' },
  {
    args: ['write', 'temperature/Brussels'],
    input: csv('timestamp,value'),
    message: 'No rows after the CSV header',
  },
  {
    args: ['write', 'nope/Brussels'],
    input: csv('timestamp,value', '2020-06-24,25'),
    message: "No collection 'nope'",
  },
  {
    args: ['create', 'rain', 'timestamp timestamp*', 'value money'],
    message: "Column 'value' has unknown type 'money'",
  },
  {
    args: ['create', 'rain', 'timestamp timestamp', 'value float'],
    message: 'A schema needs at least one index column',
  },
  {
    args: ['create', 'temperature', 'timestamp timestamp*', 'value int'],
    message: "A collection named 'temperature' already exists with another schema",
  },
  { args: ['create', 'rain/fall', 'x int*'], message: 'cannot contain' },
  {
    args: ['trim', 'temperature', '--before', 'someday'],
    message: '--before: cannot read "someday" as a time',
  },
  { args: ['delete', 'nope'], message: "No collection 'nope'" },
  { args: ['delete', 'temperature/Paris'], message: "No series 'Paris'" },
  { args: ['len', 'nope'], message: "No collection 'nope'" },
  { args: ['rev', 'nope'], message: "No collection 'nope'" },
  { args: ['merge', 'nope'], message: "No collection 'nope'" },
  { args: ['frobnicate'], message: "unknown command 'frobnicate'", code: 2 },
  {
    args: ['read', 'temperature/Brussels', '--frobnicate'],
    message: "unknown option '--frobnicate'",
    code: 2,
  },
  { args: ['create', 'rain'], message: "missing required argument 'columns'", code: 2 },
  { args: ['completion', 'powershell'], message: "Unknown shell 'powershell'" },
  {
    args: ['export', join('/', 'nonexistent-root-folder', 'x'), '-c', 'nope'],
    message: "No collection 'nope': list them with lakota ls",
  },
  // History: unknown revisions and tags, tags taken or malformed, retention without a rule.
  {
    args: ['rollback', 'temperature', 'ffffff'],
    message:
      "No revision matches 'ffffff' in collection 'temperature': list its snapshots with lakota log temperature",
  },
  { args: ['rollback', 'temperature', 'ab'], message: "'ab' is too short" },
  { args: ['diff', 'temperature', 'v9-beta'], message: "No revision matches 'v9-beta'" },
  {
    args: ['read', 'temperature/Brussels', '--at', 'v9-beta'],
    message: "No revision matches 'v9-beta'",
  },
  { args: ['tag', 'temperature', 'v2', 'v9-beta'], message: "No revision matches 'v9-beta'" },
  { args: ['tag', 'temperature', 'v1'], message: "Tag 'v1' already exists on 'temperature'" },
  { args: ['tag', 'temperature', 'first draft'], message: "Invalid tag name 'first draft'" },
  {
    args: ['rollback', 'temperature/Brussels', 'v1'],
    message:
      "works on a whole collection (its history is shared by its series): give 'temperature'",
  },
  {
    args: ['expire', 'temperature'],
    message: 'give --older-than DATE, --keep N, or both',
    code: 2,
  },
  {
    args: ['expire', 'temperature', '--keep', '0'],
    message: 'expected a whole number > 0',
    code: 2,
  },
  {
    args: ['expire', 'temperature', '--older-than', 'last week'],
    message: '--older-than: cannot read "last week" as a time',
  },
  { args: ['log', 'nope'], message: "No collection 'nope'" },
  { args: ['log', 'temperature', '-n', '0'], message: 'expected a whole number > 0', code: 2 },
  { args: ['diff', 'temperature'], message: "missing required argument 'rev1'", code: 2 },
  {
    args: ['delete', 'temperature', '-m', 'cleanup'],
    message: "deleting the collection 'temperature' records neither",
    code: 2,
  },
  // A token no client could send would make the server refuse every request.
  {
    args: ['serve', 'x memory://', '-w', 'http://127.0.0.1:0', '--token', 'my token'],
    message:
      '--token: The server token cannot be sent in an "Authorization: Bearer" header, so no request could authenticate: it has a space at character 3. A bearer token may hold only letters A-Z and a-z, digits, and - . _ ~ + /',
  },
  {
    args: ['serve', 'x memory://', '-w', 'http://127.0.0.1:0', '--token', ''],
    message: '--token: The server token is empty',
  },
];

describe('bad input', () => {
  it.each(CASES)(
    '$args.0 $args.1 $args.2 $args.3 → $message',
    async ({ args, input, message, code = 1, lines = 1 }) => {
      const run = await lakota(['-r', repoPath, ...args], input === undefined ? {} : { input });
      expect(run.stdout).toBe('');
      expect(run.code).toBe(code);
      const errLines = run.stderr.trimEnd().split('\n');
      expect(errLines).toHaveLength(lines);
      expect(errLines[0]).toMatch(/^lakota/);
      expect(errLines[0]).toContain(message);
      if (lines === 3) expect(errLines[2]).toMatch(/^ +\^+$/);
      expect(await listing(repoPath)).toEqual(before);
    },
  );

  it('shows the stack with -v', async () => {
    const run = await lakota(['-r', repoPath, '-v', 'read', 'nope/x']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/lakota: No collection 'nope'/);
    expect(run.stderr).toMatch(/\n\s+at /);
  });
});

// A value in an error is cut short when long: its first characters, an
// ellipsis and its length, so a 200 KB cell never lands whole on stderr.
// (A command-line argument is at most 128 KiB on Linux: those are 100,000.)
const HUGE = 200_000;
const LONG = 100_000;
const nines = (n: number) => '9'.repeat(n);
const start = (c: string) => c.repeat(40);

const LONG_CASES: Case[] = [
  {
    args: ['write', 'temperature/Brussels'],
    input: csv('timestamp,value', `2022-01-01,${nines(HUGE)}x`),
    message: `Column 'value' (float64), line 2: "${start('9')}…" (200,001 characters) is not a number`,
  },
  {
    args: ['write', 'temperature/Brussels'],
    input: csv('timestamp,value', `${nines(HUGE)},1`),
    message: `Column 'timestamp' (datetime64[s]), line 2: "${start('9')}…" (200,000 characters) is not a date`,
  },
  {
    args: ['write', 'temperature/Brussels'],
    input: csv('timestamp,value', `2022-01-01,1${nines(HUGE)}"x`),
    message: `Malformed CSV on stdin: Invalid Opening Quote: a quote is found on field 1 at line 2, value is "1${'9'.repeat(39)}…" (200,001 characters)`,
  },
  {
    args: ['write', 'temperature/Brussels'],
    input: csv(`timestamp,value,${'v'.repeat(HUGE)}`, '2022-01-01,1,2'),
    message: `Unknown column '${start('v')}…' (200,000 characters) in the CSV header`,
  },
  {
    args: ['write', 'temperature/Brussels'],
    input: csv(`timestamp,value,${'v'.repeat(HUGE)},${'v'.repeat(HUGE)}`, '2022-01-01,1,2,3'),
    message: `Column '${start('v')}…' (200,000 characters) appears twice in the CSV header`,
  },
  {
    args: ['write', 'temperature/Brussels'],
    input: csv(
      ['timestamp', 'value', ...Array.from({ length: 10_000 }, (_, i) => `c${i}`)].join(','),
      ['2022-01-01', '1', ...Array.from({ length: 10_000 }, () => '0')].join(','),
    ),
    message: "Unknown columns 'c0', 'c1', 'c2', 'c3', 'c4' and 9995 more in the CSV header",
  },
  {
    args: ['read', 'x'.repeat(LONG)],
    message: `Label '${start('x')}…' (100,000 characters) should have the form "collection/series"`,
  },
  {
    args: ['read', `${'x'.repeat(LONG)}/Brussels`],
    message: `No collection '${start('x')}…' (100,000 characters) in this repository: there are temperature, tempest`,
  },
  {
    args: ['read', `temperature/${'x'.repeat(LONG)}`],
    message: `No series '${start('x')}…' (100,000 characters) in collection 'temperature'`,
  },
  {
    args: ['read', 'temperature/Brussels', '--closed', 'x'.repeat(LONG)],
    message: `use LEFT, RIGHT, BOTH or NONE (or l, r, b, n), got '${start('x')}…' (100,000 characters)`,
    code: 2,
  },
  {
    args: ['read', 'temperature/Brussels', '--before', nines(LONG)],
    message: `--before: cannot read "${start('9')}…" (100,000 characters) as a time`,
  },
  {
    args: ['read', 'temperature/Brussels', 'y'.repeat(LONG)],
    message: `Unknown column '${start('y')}…' (100,000 characters): the series has timestamp, value`,
  },
  {
    args: ['serve', 'x memory://', '-w', `http://${'h'.repeat(LONG)}`],
    message: `Cannot listen on --web-uri 'http://${'h'.repeat(33)}…' (100,007 characters): `,
  },
  {
    args: ['serve', 'x memory://', '-w', `http://[${'h'.repeat(LONG)}`],
    message: `--web-uri 'http://[${'h'.repeat(32)}…' (100,008 characters) is not a URL`,
  },
  {
    args: ['read', 'temperature/Brussels', '--limit', `${nines(LONG - 1)}x`],
    message: `option '-l, --limit <n>' argument '${start('9')}…' (100,000 characters) is invalid`,
    code: 2,
  },
  {
    args: ['z'.repeat(LONG)],
    message: `unknown command '${start('z')}…' (100,000 characters) (see lakota --help)`,
    code: 2,
  },
  {
    args: ['read', 'temperature/Brussels', `--${'z'.repeat(LONG)}`],
    message: `unknown option '--${'z'.repeat(38)}…' (100,002 characters) (see lakota read --help)`,
    code: 2,
  },
];

describe('bad input too long to show whole', () => {
  it('says when the port to serve on is taken, and what to do', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      const run = await lakota(['serve', 'x memory://', '-w', `http://127.0.0.1:${port}`]);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `lakota: Cannot listen on --web-uri 'http://127.0.0.1:${port}': EADDRINUSE (the port is taken: pick another, or port 0 for any free one)\n`,
      );
    } finally {
      taken.close();
    }
  });

  it.each(LONG_CASES.map((c, i) => ({ ...c, i })))(
    'case $i: $message',
    async ({ args, input, message, code = 1 }) => {
      const run = await lakota(['-r', repoPath, ...args], input === undefined ? {} : { input });
      expect(run.stdout).toBe('');
      expect(run.code).toBe(code);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain(message);
      expect(run.stderr.length).toBeLessThan(1024);
      expect(await listing(repoPath)).toEqual(before);
    },
  );
});
