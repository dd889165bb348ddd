import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csv, lakota, tempDir } from './run-cli.js';

// The user docs' scenarios (seeds: multiple writes and history, push & pull,
// merging divergent writes), done with the lakota command.

let dir: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(async () => {
  await dir.cleanup();
});

const day = (d: number) => `2020-01-${String(d).padStart(2, '0')}`;

interface RevJson {
  revision: string;
  child: string;
  date: string;
  leaf: boolean;
  length: number;
}

describe('many writes, revisions and time travel', () => {
  it('reads the series as of any revision', async () => {
    const repo = ['-r', join(dir.path, 'history')];
    await lakota([...repo, 'create', 'temperature', 'timestamp timestamp*', 'value float']);
    // Brussels gets 9 overlapping writes of 7 days, each starting a day later.
    for (let i = 1; i < 10; i++) {
      const rows = Array.from({ length: 7 }, (_, j) => `${day(i + j)},${i}`);
      const w = await lakota([...repo, 'write', 'temperature/Brussels'], {
        input: csv('timestamp,value', ...rows),
      });
      expect(w.code).toBe(0);
    }
    await lakota([...repo, 'write', 'temperature/Paris'], {
      input: csv('timestamp,value', `${day(1)},1`),
    });
    const values = (out: string) =>
      out
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[1]);
    expect(values((await lakota([...repo, 'read', 'temperature/Brussels'])).stdout)).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 9, 9, 9, 9].map((v) => `${v}.0`),
    );

    const log = JSON.parse(
      (await lakota([...repo, 'rev', 'temperature', '--format', 'json'])).stdout,
    ) as RevJson[];
    expect(log).toHaveLength(10);
    expect(log.map((r) => r.leaf)).toEqual([...new Array(9).fill(false), true]);
    // Total length counts whole segments (as Python Lakota's rev): each write adds one of 7 rows.
    expect(log.map((r) => r.length)).toEqual([7, 14, 21, 28, 35, 42, 49, 56, 63, 64]);

    // As of the 6th revision: five writes were done.
    const sixth = log[5] as RevJson;
    const past = await lakota([
      ...repo,
      'read',
      'temperature/Brussels',
      '--before',
      sixth.child.slice(0, 11),
    ]);
    expect(values(past.stdout)).toEqual([
      '1.0',
      '2.0',
      '3.0',
      '4.0',
      '5.0',
      '5.0',
      '5.0',
      '5.0',
      '5.0',
      '5.0',
      '5.0',
    ]);
    expect((await lakota([...repo, 'read', 'temperature/Brussels', '-B', sixth.date])).stdout).toBe(
      past.stdout,
    );
    // --at names a revision: the 5th is the state just before the 6th.
    const at = await lakota([
      ...repo,
      'read',
      'temperature/Brussels',
      '--at',
      (log[4] as RevJson).child.slice(12, 24),
    ]);
    expect(at.stdout).toBe(past.stdout);
    expect((await lakota([...repo, 'len', 'temperature'])).stdout).toBe('16\n');

    // The extended listing shows each commit's rows, for one series if asked.
    const extended = (await lakota([...repo, 'rev', 'temperature/Paris', '-e'])).stdout;
    expect(extended).toContain('label  start                stop                 length  closed');
    expect(extended).toContain('Paris  2020-01-01T00:00:00  2020-01-01T00:00:00       1  b');
    expect(extended).not.toMatch(/Brussels +2020/);
    const digests = (
      await lakota([...repo, 'rev', 'temperature', '-ee', '--format', 'csv'])
    ).stdout.split('\n');
    expect(digests[0]).toBe('revision,date,leaf,length,label,start,stop,rows,closed,digests');
    expect(digests.at(-2)).toMatch(
      /,True,64,Paris,2020-01-01T00:00:00,2020-01-01T00:00:00,1,b,[0-9a-f]{40} [0-9a-f]{40}$/,
    );

    // Defrag keeps the values, trim drops the history before it.
    expect((await lakota([...repo, 'defrag', 'temperature'])).code).toBe(0);
    const before = (await lakota([...repo, 'read', 'temperature/Brussels'])).stdout;
    expect((await lakota([...repo, 'trim', '--all', '--before', '2100-01-01'])).code).toBe(0);
    expect(
      JSON.parse((await lakota([...repo, 'rev', 'temperature', '--format', 'json'])).stdout),
    ).toHaveLength(1);
    expect((await lakota([...repo, 'read', 'temperature/Brussels'])).stdout).toBe(before);
  });
});

describe('push and pull', () => {
  it('pulls everything, then pushes one collection', async () => {
    const remote = join(dir.path, 'remote_repo');
    const local = join(dir.path, 'local_repo');
    const rows = csv(
      'timestamp,value',
      '2020-01-01T00:00,0',
      '2020-01-02T00:00,1',
      '2020-01-03T00:00,2',
      '2020-01-04T00:00,3',
    );
    await lakota(['-r', remote, 'create', 'temperature', 'timestamp timestamp*', 'value float']);
    await lakota(['-r', remote, 'write', 'temperature/Brussels'], { input: rows });
    expect((await lakota(['-r', local, 'ls'])).stdout).toBe('collection\n');
    const pulled = await lakota(['-r', local, 'pull', remote]);
    // Progress bars are drawn on terminals only: nothing on a piped stderr.
    expect(pulled).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await lakota(['-r', local, 'ls'])).stdout).toBe('collection\ntemperature\n');
    const expected = csv(
      'timestamp,value',
      '2020-01-01T00:00:00,0.0',
      '2020-01-02T00:00:00,1.0',
      '2020-01-03T00:00:00,2.0',
      '2020-01-04T00:00:00,3.0',
    );
    expect((await lakota(['-r', local, 'read', 'temperature/Brussels'])).stdout).toBe(expected);

    await lakota(['-r', local, 'create', 'rainfall', 'timestamp timestamp*', 'value float']);
    await lakota(['-r', local, 'write', 'rainfall/Brussels'], { input: rows });
    expect((await lakota(['-r', local, 'push', remote, 'rainfall', '--shallow'])).code).toBe(0);
    expect((await lakota(['-r', remote, 'ls'])).stdout).toBe('collection\nrainfall\ntemperature\n');
    expect((await lakota(['-r', remote, 'read', 'rainfall/Brussels'])).stdout).toBe(expected);
  });

  it('merges divergent writes after a pull', async () => {
    const a = ['-r', join(dir.path, 'repo')];
    const b = ['-r', join(dir.path, 'repo_bis')];
    await lakota([...a, 'create', 'temperature', 'timestamp timestamp*', 'value float']);
    await lakota([...a, 'push', join(dir.path, 'repo_bis')]);
    expect((await lakota([...b, 'ls', 'temperature'])).stdout).toBe('series\n');
    await lakota([...a, 'write', 'temperature/Brussels'], {
      input: csv(
        'timestamp,value',
        '2020-01-01T00:00,0',
        '2020-01-02T00:00,1',
        '2020-01-03T00:00,2',
        '2020-01-04T00:00,3',
      ),
    });
    await lakota([...b, 'write', 'temperature/Brussels'], {
      input: csv(
        'timestamp,value',
        '2020-01-02T00:00,10',
        '2020-01-03T00:00,11',
        '2020-01-04T00:00,12',
        '2020-01-05T00:00,13',
      ),
    });
    await lakota([...a, 'pull', join(dir.path, 'repo_bis')]);
    // Two heads: the later write shadows the earlier one until they are merged.
    const heads = JSON.parse(
      (await lakota([...a, 'rev', 'temperature', '--format', 'json'])).stdout,
    ) as RevJson[];
    expect(heads.map((r) => r.leaf)).toEqual([true, true]);
    expect((await lakota([...a, 'read', 'temperature/Brussels'])).stdout).toBe(
      csv(
        'timestamp,value',
        '2020-01-02T00:00:00,10.0',
        '2020-01-03T00:00:00,11.0',
        '2020-01-04T00:00:00,12.0',
        '2020-01-05T00:00:00,13.0',
      ),
    );
    expect((await lakota([...a, 'merge', 'temperature'])).code).toBe(0);
    expect((await lakota([...a, 'read', 'temperature/Brussels'])).stdout).toBe(
      csv(
        'timestamp,value',
        '2020-01-01T00:00:00,0.0',
        '2020-01-02T00:00:00,10.0',
        '2020-01-03T00:00:00,11.0',
        '2020-01-04T00:00:00,12.0',
        '2020-01-05T00:00:00,13.0',
      ),
    );
    const merged = JSON.parse(
      (await lakota([...a, 'rev', 'temperature', '--format', 'json'])).stdout,
    ) as RevJson[];
    expect(merged).toHaveLength(4);
  });
});
