import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, csv, lakota, type RunOptions, tempDir } from './run-cli.js';

// The time-travel guide's use cases from the shell: recovery after a bad
// write, an analysis pinned to a tag, an audit of who changed what, and
// retention that keeps what a tag names.

let dir: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(async () => {
  await dir.cleanup();
});

interface SnapshotJson {
  id: string;
  digest: string;
  timestamp: string;
  parents: string[];
  operation: string;
  author: string | null;
  message: string | null;
  series: string[];
  rows: number;
  tags: string[];
  current: boolean;
}

interface TagJson {
  name: string;
  revision: string;
  created: string;
  message: string | null;
}

/** Runs a command that must succeed silently on stderr; returns its stdout. */
async function ok(args: readonly string[], options: RunOptions = {}): Promise<string> {
  const run = await lakota(args, options);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout;
}

/** A fresh repository with the temperature collection. */
async function newRepo(name: string): Promise<string[]> {
  const r = ['-r', join(dir.path, name)];
  await ok([...r, 'create', 'temperature', 'timestamp timestamp*', 'value float']);
  return r;
}

async function snapshots(r: readonly string[], label = 'temperature'): Promise<SnapshotJson[]> {
  return JSON.parse(await ok([...r, 'log', label, '--format', 'json'])) as SnapshotJson[];
}

const GOOD = csv('timestamp,value', '2020-06-22,25', '2020-06-23,24', '2020-06-24,27');
const GOOD_READ = csv(
  'timestamp,value',
  '2020-06-22T00:00:00,25.0',
  '2020-06-23T00:00:00,24.0',
  '2020-06-24T00:00:00,27.0',
);
const SHORT_ID = /^[0-9a-f]{11}-[0-9a-f]{8}$/;
const FULL_ID = /^[0-9a-f]{11}-[0-9a-f]{40}$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('data recovery after a bad write', () => {
  it('finds the bad write in the log and rolls the collection back', async () => {
    const r = await newRepo('recovery');
    await ok([...r, 'write', 'temperature/Brussels', '-m', 'daily import', '--author', 'ana'], {
      input: GOOD,
    });
    await ok(
      [...r, 'write', 'temperature/Brussels', '-m', 'import, broken sensor', '--author', 'bob'],
      { input: csv('timestamp,value', '2020-06-23,-999') },
    );
    expect(await ok([...r, 'read', 'temperature/Brussels'])).toContain('-999.0');

    const lines = (await ok([...r, 'log', 'temperature'])).trimEnd().split('\n');
    expect(lines[0]).toBe('id,timestamp,operation,author,message,series,rows,tags,current');
    expect(lines).toHaveLength(3);
    const [badId, badTime, ...bad] = (lines[1] as string).split(',');
    expect(badId).toMatch(SHORT_ID);
    expect(badTime).toMatch(ISO_UTC);
    expect(bad.join(',')).toBe('write,bob,"import, broken sensor",Brussels,1,,*');
    const good = (lines[2] as string).split(',');
    expect(good.slice(2).join(',')).toBe('write,ana,daily import,Brussels,3,,');

    // The short id of the log is enough to name the snapshot.
    expect(
      await ok([...r, 'rollback', 'temperature', good[0] as string], {
        env: { LAKOTA_AUTHOR: 'carol' },
      }),
    ).toBe('');
    expect(await ok([...r, 'read', 'temperature/Brussels'])).toBe(GOOD_READ);

    // Nothing was erased: the rollback is a new snapshot, and the bad write can still be read.
    const log = await snapshots(r);
    expect(log.map((s) => [s.operation, s.author, s.current])).toEqual([
      ['rollback', 'carol', true],
      ['write', 'bob', false],
      ['write', 'ana', false],
    ]);
    expect(log[0]?.message).toBe(`rollback to ${log[2]?.id}`);
    expect(log[0]?.id).toMatch(FULL_ID);
    expect(await ok([...r, 'read', 'temperature/Brussels', '--at', badId as string])).toContain(
      '2020-06-23T00:00:00,-999.0',
    );
  });
});

describe('a reproducible analysis pinned to a tag', () => {
  it('reads the tagged state after more writes', async () => {
    const r = await newRepo('pinned');
    await ok([...r, 'write', 'temperature/Brussels'], { input: GOOD });
    await ok([...r, 'tag', 'temperature', 'q2-report', '-m', 'figures sent to the board']);
    const mean = ['read', 'temperature/Brussels', '(mean self.value)'];
    const pinned = await ok([...r, ...mean]);
    expect(pinned).toBe(csv('(mean self.value)', '25.333333333333332'));

    await ok([...r, 'write', 'temperature/Brussels'], {
      input: csv('timestamp,value', '2020-06-24,30', '2020-06-25,31'),
    });
    await ok([...r, 'write', 'temperature/Paris'], { input: GOOD });
    expect(await ok([...r, ...mean])).not.toBe(pinned);
    expect(await ok([...r, ...mean, '--at', 'q2-report'])).toBe(pinned);
    expect(await ok([...r, 'read', 'temperature/Brussels', '--at', 'q2-report'])).toBe(GOOD_READ);

    // A tag on an older snapshot, named by another tag, and the list of tags.
    await ok([...r, 'tag', 'temperature', 'q2-final', 'q2-report']);
    const tags = JSON.parse(
      await ok([...r, 'tag', 'temperature', '--format', 'json']),
    ) as TagJson[];
    const log = await snapshots(r);
    const tagged = log[2] as SnapshotJson;
    expect(tagged.tags.sort()).toEqual(['q2-final', 'q2-report']);
    expect(tags.map((t) => [t.name, t.revision, t.message])).toEqual([
      ['q2-report', tagged.id, 'figures sent to the board'],
      ['q2-final', tagged.id, null],
    ]);
    expect(tags[0]?.created).toMatch(ISO_UTC);
    const listed = (await ok([...r, 'tag', 'temperature'])).trimEnd().split('\n');
    expect(listed[0]).toBe('name,revision,created,message');
    expect(listed[1]).toMatch(
      /^q2-report,[0-9a-f]{11}-[0-9a-f]{8},[^,]+,figures sent to the board$/,
    );
    expect(listed[1]?.split(',')[1]).toBe(tagged.id.slice(0, 20));
  });
});

describe('an audit of who changed what and when', () => {
  it('records messages and authors, and shows what changed between snapshots', async () => {
    const r = await newRepo('audit');
    await ok([...r, 'write', 'temperature/Brussels', '-m', 'import', '--author', 'ana'], {
      input: GOOD,
    });
    await ok([...r, 'write', 'temperature/Paris', '-m', 'import'], {
      input: GOOD,
      env: { LAKOTA_AUTHOR: 'bob' },
    });
    await ok([...r, 'write', 'temperature/Brussels', '-m', 'fix 06-23'], {
      input: csv('timestamp,value', '2020-06-23,24.5', '2020-06-24,27', '2020-06-25,26'),
    });
    await ok([...r, 'delete', 'temperature/Paris', '-m', 'station closed', '--author', 'ana']);

    const log = await snapshots(r);
    let me: string | null = null;
    try {
      me = userInfo().username || null;
    } catch {
      // No account name for this process: the CLI records no author either.
    }
    expect(log.map((s) => [s.operation, s.author, s.message, s.series, s.rows])).toEqual([
      ['drop', 'ana', 'station closed', ['Paris'], 0],
      ['write', me, 'fix 06-23', ['Brussels'], 3],
      ['write', 'bob', 'import', ['Paris'], 3],
      ['write', 'ana', 'import', ['Brussels'], 3],
    ]);
    const times = log.map((s) => Date.parse(s.timestamp));
    expect(times.every((t, k) => k === 0 || t <= (times[k - 1] as number))).toBe(true);
    expect(await ok([...r, 'log', 'temperature/Paris', '-n', '1', '--format', 'json'])).toContain(
      '"message": "station closed"',
    );

    const [drop, fix, paris] = log as [SnapshotJson, SnapshotJson, SnapshotJson];
    expect(await ok([...r, 'diff', 'temperature', paris.id, fix.id])).toBe(
      csv(
        'series,change,start,stop,rows',
        'Brussels,added,2020-06-25T00:00:00,2020-06-25T00:00:00,1',
        'Brussels,changed,2020-06-23T00:00:00,2020-06-23T00:00:00,1',
      ),
    );
    // Against the current snapshot by default, with the rows themselves.
    expect(await ok([...r, 'diff', 'temperature', paris.id, '--rows'])).toBe(
      csv(
        'change,series,timestamp,value',
        'added,Brussels,2020-06-25T00:00:00,26.0',
        'changed,Brussels,2020-06-23T00:00:00,24.5',
        'removed,Paris,2020-06-22T00:00:00,25.0',
        'removed,Paris,2020-06-23T00:00:00,24.0',
        'removed,Paris,2020-06-24T00:00:00,27.0',
      ),
    );
    expect(await ok([...r, 'diff', 'temperature/Brussels', fix.id, drop.id, '--rows'])).toBe(
      csv('change,timestamp,value'),
    );
    expect(await ok([...r, '-P', 'diff', 'temperature/Paris', paris.id])).toBe(
      [
        'series  change   start                stop                 rows',
        '------  -------  -------------------  -------------------  ----',
        'Paris   removed  2020-06-22T00:00:00  2020-06-24T00:00:00     3',
        '',
      ].join('\n'),
    );
  });

  it('records messages of defrag and merge too', async () => {
    const r = await newRepo('upkeep');
    // One large segment then small ones: what defrag rewrites.
    const january = Array.from(
      { length: 10 },
      (_, k) => `2020-01-${String(k + 1).padStart(2, '0')},${k}`,
    );
    await ok([...r, 'write', 'temperature/Brussels'], {
      input: csv('timestamp,value', ...january),
    });
    for (let d = 11; d <= 14; d++) {
      await ok([...r, 'write', 'temperature/Brussels'], {
        input: csv('timestamp,value', `2020-01-${d},${d}`),
      });
    }
    await ok([...r, 'defrag', 'temperature', '-m', 'weekly compaction', '--author', 'ops']);
    const [defrag] = await snapshots(r);
    expect([defrag?.operation, defrag?.author, defrag?.message]).toEqual([
      'defrag',
      'ops',
      'weekly compaction',
    ]);

    // Divergent heads: the same collection written in two repositories, then pulled.
    const other = ['-r', join(dir.path, 'upkeep-bis')];
    await ok([...other, 'pull', r[1] as string]);
    await ok([...r, 'write', 'temperature/Paris'], { input: GOOD });
    await ok([...other, 'write', 'temperature/Rome'], { input: GOOD });
    await ok([...r, 'pull', other[1] as string]);
    await ok([...r, 'merge', '-m', 'join the Rome import', '--author', 'ana']);
    const [merge] = await snapshots(r);
    expect([merge?.operation, merge?.author, merge?.message, merge?.parents.length]).toEqual([
      'merge',
      'ana',
      'join the Rome import',
      2,
    ]);
    expect(await ok([...r, 'ls', 'temperature'])).toBe(csv('series', 'Brussels', 'Paris', 'Rome'));
  });
});

describe('expire and gc', () => {
  it('removes old snapshots and keeps the tagged one readable', async () => {
    const r = await newRepo('retention');
    const day = (d: number) => csv('timestamp,value', `2020-06-2${d},${d}`);
    await ok([...r, 'write', 'temperature/Brussels'], { input: day(1) });
    await ok([...r, 'write', 'temperature/Brussels'], { input: day(2) });
    await ok([...r, 'tag', 'temperature', 'audit-2020']);
    await ok([...r, 'write', 'temperature/Brussels'], { input: day(3) });
    await ok([...r, 'write', 'temperature/Brussels'], { input: day(4) });
    const before = await snapshots(r);
    const tagged = await ok([...r, 'read', 'temperature/Brussels', '--at', 'audit-2020']);
    expect(tagged).toBe(
      csv('timestamp,value', '2020-06-21T00:00:00,1.0', '2020-06-22T00:00:00,2.0'),
    );

    expect(await ok([...r, 'expire', 'temperature', '--keep', '1'])).toBe(
      '2 snapshots removed, 2 kept\nRun lakota gc to reclaim the space of data no kept snapshot reads.\n',
    );
    const after = await snapshots(r);
    expect(after.map((s) => s.id)).toEqual([before[0]?.id, before[2]?.id]);
    expect(after[1]?.tags).toEqual(['audit-2020']);
    expect(await ok([...r, 'gc'])).toMatch(/^\d+ segments deleted\n$/);
    expect(await ok([...r, 'read', 'temperature/Brussels', '--at', 'audit-2020'])).toBe(tagged);
    expect(await ok([...r, 'read', 'temperature/Brussels'])).toContain('2020-06-24T00:00:00,4.0');

    const gone = await lakota([
      ...r,
      'read',
      'temperature/Brussels',
      '--at',
      before[3]?.id as string,
    ]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`No revision matches '${before[3]?.id}'`);
    expect(await ok([...r, 'expire', 'temperature', '--older-than', '2000-01-01'])).toBe(
      '0 snapshots removed, 2 kept\n',
    );
  });
});

describe('help and completion', () => {
  it('documents each history command with examples, and completes them', async () => {
    const help = await ok(['--help']);
    for (const name of ['log', 'tag', 'rollback', 'diff', 'expire']) {
      expect(help).toMatch(new RegExp(`\\n  ${name} `));
      const own = await ok([name, '--help']);
      expect(own).toContain('Examples:');
      expect(own).toContain(`  lakota ${name === 'log' ? '-P log' : name} temperature`);
    }
    expect(await ok(['write', '--help'])).toContain('--author <name>');
    const bash = await ok(['completion', 'bash']);
    expect(bash).toContain('      rollback)');
    expect(bash).toContain("opts='--older-than --keep --help'");
    expect(bash).toMatch(/ log tag rollback diff expire "/);
    expect(await ok(['completion', 'fish'])).toContain('-a diff -d');
  });

  it('completes tags where a snapshot is asked for (bash)', async () => {
    // Like the syntax check of commands.test.ts: only where bash is installed.
    if (spawnSync('bash', ['--version']).status !== 0) return;
    const r = await newRepo('completion');
    await ok([...r, 'write', 'temperature/Brussels'], { input: GOOD });
    await ok([...r, 'tag', 'temperature', 'v1']);
    await ok([...r, 'tag', 'temperature', 'v2']);
    // The script runs `lakota` from PATH, as in a user's shell.
    const bin = join(dir.path, 'bin');
    await mkdir(bin);
    await writeFile(join(bin, 'lakota'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, {
      mode: 0o755,
    });
    const script = await ok(['completion', 'bash']);
    const complete = (words: string[]) => {
      const line = words.map((w) => `'${w}'`).join(' ');
      const run = spawnSync(
        'bash',
        [
          '-c',
          `${script}\nCOMP_WORDS=(${line}); COMP_CWORD=${words.length - 1}; _lakota; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, encoding: 'utf8' },
      );
      return run.stdout.trim().split('\n').sort();
    };
    expect(complete(['lakota', ...r, 'rollback', 'temperature', ''])).toEqual(['v1', 'v2']);
    expect(complete(['lakota', ...r, 'diff', 'temp', 'v1', 'v'])).toEqual(['v1', 'v2']);
    expect(complete(['lakota', ...r, 'read', 'temperature/Brussels', '--at', 'v'])).toEqual([
      'v1',
      'v2',
    ]);
    expect(complete(['lakota', ...r, 'log', 'tem'])).toEqual(['temperature']);
    expect(complete(['lakota', ...r, 'expire', 'temperature', '--k'])).toEqual(['--keep']);
  });
});
