import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csv, lakota, tempDir } from './run-cli.js';

// Python Lakota's CLI walkthrough, from the shell: create, write, ls, read,
// pretty print, update, rev, group-by, mask, defrag and trim.
const INPUT = csv(
  'timestamp,value',
  '2020-06-22,25',
  '2020-06-23,24',
  '2020-06-24,27',
  '2020-06-25,31',
  '2020-06-26,32',
  '2020-06-27,30',
);
const CORRECTED = csv(
  'timestamp,value',
  '2020-06-23,24.2',
  '2020-06-24,27.9',
  '2020-06-25,31.0',
  '2020-06-26,32.5',
  '2020-06-27,30.1',
  '2020-06-28,29.2',
);
const MERGED = csv(
  'timestamp,value',
  '2020-06-22T00:00:00,25.0',
  '2020-06-23T00:00:00,24.2',
  '2020-06-24T00:00:00,27.9',
  '2020-06-25T00:00:00,31.0',
  '2020-06-26T00:00:00,32.5',
  '2020-06-27T00:00:00,30.1',
  '2020-06-28T00:00:00,29.2',
);

describe('quickstart in the default repository (.lakota in the current folder)', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  const run = (args: string[], input?: string) =>
    lakota(args, { cwd: dir.path, ...(input ? { input } : {}) });

  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(async () => {
    await dir.cleanup();
  });

  it('creates, writes, lists and reads', async () => {
    expect(await run(['create', 'temperature', 'timestamp timestamp*', 'value float'])).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
    expect(existsSync(join(dir.path, '.lakota'))).toBe(true);
    expect((await run(['write', 'temperature/Brussels'], INPUT)).code).toBe(0);
    expect((await run(['ls'])).stdout).toBe('collection\ntemperature\n');
    expect((await run(['ls', 'temperature'])).stdout).toBe('series\nBrussels\n');
    const read = await run(['read', 'temperature/Brussels']);
    expect(read).toEqual({
      code: 0,
      stderr: '',
      stdout: csv(
        'timestamp,value',
        '2020-06-22T00:00:00,25.0',
        '2020-06-23T00:00:00,24.0',
        '2020-06-24T00:00:00,27.0',
        '2020-06-25T00:00:00,31.0',
        '2020-06-26T00:00:00,32.0',
        '2020-06-27T00:00:00,30.0',
      ),
    });
    // Unique prefixes of collection and series names are accepted.
    expect((await run(['read', 'temp/Bru'])).stdout).toBe(read.stdout);
    expect((await run(['len', 'temperature/Brussels'])).stdout).toBe('6\n');
  });

  it('pretty-prints an aligned table', async () => {
    const { stdout } = await run(['-P', 'read', 'temperature/Brussels', '--limit', '2']);
    expect(stdout).toBe(
      [
        'timestamp            value',
        '-------------------  -----',
        '2020-06-22T00:00:00   25.0',
        '2020-06-23T00:00:00   24.0',
        '',
      ].join('\n'),
    );
  });

  it('updates the series, keeps the history and reads the past', async () => {
    expect((await run(['write', 'temperature/Brussels'], CORRECTED)).code).toBe(0);
    expect((await run(['read', 'temperature/Brussels'])).stdout).toBe(MERGED);
    const rev = (await run(['rev', 'temperature'])).stdout;
    const blocks = rev.split('\n\n').filter((b) => b.trim());
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatch(
      /^\nRevision: 0{11}-0{40}\.[0-9a-f]{11}-[0-9a-f]{40}\nDate: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?\nTotal length: 6$/,
    );
    expect(blocks[1]).toMatch(
      /^\nRevision: [0-9a-f]{11}-[0-9a-f]{40}\.[0-9a-f]{11}-[0-9a-f]{40}\*\nDate: .*\nTotal length: 12$/,
    );
    const first = /Revision: [^.]+\.([0-9a-f]{11})-/.exec(blocks[0]!)![1]!;
    const second = /Revision: [^.]+\.([0-9a-f]{11})-/.exec(blocks[1]!)![1]!;
    // Before the second revision, the series is as first written.
    const before = await run(['read', 'temperature/Brussels', '--before', second, '--limit', '2']);
    expect(before.stdout).toBe(
      csv('timestamp,value', '2020-06-22T00:00:00,25.0', '2020-06-23T00:00:00,24.0'),
    );
    const iso = new Date(Number.parseInt(second, 16)).toISOString();
    expect((await run(['read', 'temperature/Brussels', '-B', iso, '-l', '2'])).stdout).toBe(
      before.stdout,
    );
    expect((await run(['read', 'temperature/Brussels', '--before', first])).stdout).toBe(
      'timestamp,value\n',
    );
  });

  it('groups by month and filters with expressions', async () => {
    expect(
      (
        await run([
          'read',
          'temperature/Brussels',
          "(floor self.timestamp 'M')",
          '(max self.value)',
        ])
      ).stdout,
    ).toBe(csv("(floor self.timestamp 'M'),(max self.value)", '2020-06-01T00:00:00,32.5'));
    expect(
      (await run(['read', 'temperature/Brussels', '--mask', '(< self.value 28)'])).stdout,
    ).toBe(
      csv(
        'timestamp,value',
        '2020-06-22T00:00:00,25.0',
        '2020-06-23T00:00:00,24.2',
        '2020-06-24T00:00:00,27.9',
      ),
    );
  });

  it('defrags and trims the history down to one revision', async () => {
    expect((await run(['defrag', 'temperature'])).code).toBe(0);
    expect((await run(['trim', 'temperature', '-b', '2100-01-01'])).code).toBe(0);
    const blocks = (await run(['rev', 'temperature'])).stdout.split('\n\n').filter((b) => b.trim());
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toContain('*\nDate:');
    expect((await run(['read', 'temperature/Brussels'])).stdout).toBe(MERGED);
  });
});

describe('LAKOTA_REPO and -r', () => {
  it('uses $LAKOTA_REPO, and -r over it', async () => {
    const dir = await tempDir();
    try {
      const env = { LAKOTA_REPO: join(dir.path, 'from-env') };
      await lakota(['create', 'a', 'x int*'], { env });
      await lakota(['-r', join(dir.path, 'from-flag'), 'create', 'b', 'x int*'], { env });
      expect((await lakota(['ls'], { env })).stdout).toBe('collection\na\n');
      expect((await lakota(['-r', join(dir.path, 'from-flag'), 'ls'], { env })).stdout).toBe(
        'collection\nb\n',
      );
    } finally {
      await dir.cleanup();
    }
  });
});
