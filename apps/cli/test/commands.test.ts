import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, csv, lakota, listing, tempDir } from './run-cli.js';

let dir: { path: string; cleanup: () => Promise<void> };
let repoPath: string;
let r: string[];
const ROWS = csv('timestamp,value', '2020-06-22,25', '2020-06-23,24', '2020-06-24,27');

beforeAll(async () => {
  dir = await tempDir();
  repoPath = join(dir.path, 'repo');
  r = ['-r', repoPath];
  await lakota([...r, 'create', 'temperature', 'timestamp timestamp*', 'value float']);
  await lakota([...r, 'write', 'temperature/Brussels'], { input: ROWS });
  await lakota([...r, 'write', 'temperature/Paris'], { input: ROWS });
});
afterAll(async () => {
  await dir.cleanup();
});

describe('global options', () => {
  it('logs storage operations with -v, timing with -t, metrics with -m', async () => {
    const run = await lakota([...r, '-v', '-t', '-m', 'read', 'temperature/Brussels']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      csv(
        'timestamp,value',
        '2020-06-22T00:00:00,25.0',
        '2020-06-23T00:00:00,24.0',
        '2020-06-24T00:00:00,27.0',
      ),
    );
    const lines = run.stderr.trim().split('\n');
    expect(lines.filter((l) => l.startsWith(`LIST ${repoPath} `)).length).toBeGreaterThan(0);
    expect(lines.some((l) => /^READ \S+ [0-9a-f]{2}\/[0-9a-f]{2}\/\S+ \d/.test(l))).toBe(true);
    expect(lines.at(-2)).toMatch(/^Timing \(read\): \d+\.\d{3} s$/);
    expect(lines.at(-1)).toMatch(
      new RegExp(`^Metrics for ${repoPath}: list \\d+, read \\d+ [\\d.]+ (B|KiB)`),
    );
    // Options after the command belong to it: read -t is --tail.
    expect((await lakota([...r, 'read', 'temperature/Brussels', '-t', '1'])).stdout).toBe(
      csv('timestamp,value', '2020-06-24T00:00:00,27.0'),
    );
  });

  it('reads through cache layers given as several -r', async () => {
    const cache = join(dir.path, 'cache');
    const run = await lakota(['-r', cache, ...r, '-m', 'read', 'temperature/Paris']);
    expect(run.stdout).toContain('2020-06-24T00:00:00,27.0');
    expect(run.stderr).toContain(`Metrics for ${cache}:`);
    expect(run.stderr).toContain(`Metrics for ${repoPath}:`);
    // The segments read are now in the local layer.
    expect((await listing(cache)).length).toBeGreaterThan(0);
  });
});

describe('maintenance', () => {
  it('deletes series and collections, then garbage-collects', async () => {
    const g = ['-r', join(dir.path, 'gc')];
    await lakota([...g, 'create', 'temperature', 'timestamp timestamp*', 'value float']);
    await lakota([...g, 'create', 'other', 'timestamp timestamp*', 'value float']);
    await lakota([...g, 'write', 'temperature/Brussels'], { input: ROWS });
    await lakota([...g, 'write', 'temperature/Paris'], { input: ROWS });
    expect(await lakota([...g, 'delete', 'temperature/Paris'])).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
    // Deleted through a prefix: the command says which.
    expect(await lakota([...g, 'del', 'oth'])).toEqual({
      code: 0,
      stdout: '',
      stderr: "Deleted collection 'other'\n",
    });
    expect((await lakota([...g, 'ls'])).stdout).toBe('collection\ntemperature\n');
    expect((await lakota([...g, 'gc'])).stdout).toBe('0 segments deleted\n');
    // Without labels: the registry's revisions, and maintenance of everything.
    expect((await lakota([...g, 'rev'])).stdout).toMatch(
      /^\nRevision: 0{11}-0{40}\.[0-9a-f]{11}-[0-9a-f]{40}\nDate: /,
    );
    expect((await lakota([...g, 'merge'])).code).toBe(0);
    expect((await lakota([...g, 'defrag', '-a'])).code).toBe(0);
    const shallow = ['-r', join(dir.path, 'shallow')];
    expect((await lakota([...shallow, 'pull', join(dir.path, 'gc'), '--shallow'])).code).toBe(0);
    expect(
      JSON.parse((await lakota([...shallow, 'rev', 'temperature', '-f', 'json'])).stdout),
    ).toHaveLength(1);
    expect((await lakota([...g, 'read', 'temperature/Brussels'])).stdout).toContain(
      '2020-06-24T00:00:00,27.0',
    );
  });
});

describe('gc and the temp files of killed writers', () => {
  it('removes those older than the grace period and says how many with -v', async () => {
    const g = join(dir.path, 'gc-temp');
    await lakota(['-r', g, 'create', 'temperature', 'timestamp timestamp*', 'value float']);
    await mkdir(join(g, 'aa', 'bb'), { recursive: true });
    const old = join(g, 'aa', 'bb', '.lakota-tmp-killed-writer');
    const young = join(g, '.lakota-tmp-writing');
    await writeFile(old, 'half a segment');
    await writeFile(young, 'half a segment');
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(old, hourAgo, hourAgo);
    const run = await lakota(['-r', g, '-v', 'gc']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('0 segments deleted\n');
    expect(run.stderr.trim().split('\n').at(-1)).toBe(
      '0 segments set aside, 0 restored, 1 temp files of interrupted writes removed',
    );
    expect(existsSync(old)).toBe(false);
    expect(existsSync(join(g, 'aa'))).toBe(false);
    expect(existsSync(young)).toBe(true);
  });
});

describe('import and export', () => {
  it('exports to CSV or Parquet folders and imports them back', async () => {
    const out = join(dir.path, 'export');
    expect((await lakota([...r, 'export', out])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'temperature', '_schema.json'), 'utf8'))).toBeTruthy();
    expect(readFileSync(join(out, 'temperature', 'Brussels.csv'), 'utf8')).toContain('2020-06-22');
    const parquet = join(dir.path, 'export-parquet');
    expect(
      (await lakota([...r, 'export', parquet, '-c', 'temperature', '-T', 'parquet'])).code,
    ).toBe(0);
    expect(existsSync(join(parquet, 'temperature', 'Paris.parquet'))).toBe(true);
    for (const source of [out, parquet]) {
      const target = ['-r', join(source, '..', `${source.split('/').at(-1)}-imported`)];
      expect((await lakota([...target, 'import', source, '-c', 'temperature'])).code).toBe(0);
      expect((await lakota([...target, 'read', 'temperature/Paris'])).stdout).toBe(
        (await lakota([...r, 'read', 'temperature/Paris'])).stdout,
      );
    }
  });
});

describe('serve', () => {
  it('serves a repository that another lakota reads over HTTP', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'serve', `prices ${repoPath}`, '-w', 'http://127.0.0.1:0'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let err = '';
        child.stderr.setEncoding('utf8').on('data', (d: string) => {
          err += d;
          const m = /Serving prices at (http:\/\/127\.0\.0\.1:\d+\/prices)/.exec(err);
          if (m) resolve(m[1] as string);
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
      });
      expect((await lakota(['-r', url, 'ls', 'temperature'])).stdout).toBe(
        'series\nBrussels\nParis\n',
      );
      expect((await lakota(['-r', url, 'read', 'temperature/Paris', '--tail', '1'])).stdout).toBe(
        csv('timestamp,value', '2020-06-24T00:00:00,27.0'),
      );
    } finally {
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});

describe('help, version and completion', () => {
  it('shows help with examples for every command', async () => {
    const top = await lakota(['--help']);
    expect(top.code).toBe(0);
    const commands = [
      'read',
      'length',
      'rev',
      'ls',
      'create',
      'write',
      'merge',
      'defrag',
      'trim',
      'push',
      'pull',
      'delete',
      'gc',
      'serve',
      'import',
      'export',
      'version',
      'completion',
    ];
    for (const c of commands) expect(top.stdout).toMatch(new RegExp(`\\n  ${c}\\b`));
    // Without a command, the help too (as Python Lakota).
    expect((await lakota([])).stdout).toBe(top.stdout);
    const help = await Promise.all(commands.map((c) => lakota([c, '--help'])));
    help.forEach((h, k) => {
      expect(h.code, commands[k]).toBe(0);
      expect(h.stdout, commands[k]).toContain(`Usage: lakota ${commands[k]}`);
      expect(h.stdout, commands[k]).toMatch(/\nExamples:\n {2}(lakota|cat|eval) /);
    });
    expect((await lakota(['help', 'read'])).stdout).toBe(help[0]!.stdout);
    expect((await lakota(['len', '--help'])).stdout).toBe(help[1]!.stdout);
  });

  it('prints the version of the package', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(await lakota(['version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('generates completion scripts', async () => {
    const bash = await lakota(['completion', 'bash']);
    expect(bash.stdout).toContain('complete -o default -F _lakota lakota');
    expect(bash.stdout).toContain("read)\n        opts='-l --limit");
    const hasBash = spawnSync('bash', ['--version']).status === 0;
    if (hasBash) expect(spawnSync('bash', ['-n'], { input: bash.stdout }).status).toBe(0);
    const zsh = await lakota(['completion', 'zsh']);
    expect(zsh.stdout).toContain('bashcompinit');
    const fish = await lakota(['completion', 'fish']);
    expect(fish.stdout).toContain(
      "complete -c lakota -n '__fish_seen_subcommand_from read' -s l -l limit -r",
    );
    expect(fish.stdout).toContain("-l format -x -a 'csv json table'");
  });
});
