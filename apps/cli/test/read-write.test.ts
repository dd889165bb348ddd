import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PAGE_ROWS } from '../src/commands/read.js';
import { csv, lakota, tempDir } from './run-cli.js';

let dir: { path: string; cleanup: () => Promise<void> };
let r: string[];
beforeAll(async () => {
  dir = await tempDir();
  r = ['-r', join(dir.path, 'repo')];
  await lakota([...r, 'create', 'ints', 'x int*', 'y float']);
  await lakota([...r, 'write', 'ints/s'], {
    input: csv('x,y', ...Array.from({ length: 10 }, (_, i) => `${i + 1},${(i + 1) / 2}`)),
  });
});
afterAll(async () => {
  await dir.cleanup();
});

const xs = (out: string) =>
  out
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => Number(l.split(',')[0]));

describe('read flags', () => {
  it('limits, offsets, tails and pages', async () => {
    const read = async (...args: string[]) =>
      xs((await lakota([...r, 'read', 'ints/s', ...args])).stdout);
    expect(await read('--limit', '3')).toEqual([1, 2, 3]);
    expect(await read('-l', '3', '-o', '4')).toEqual([5, 6, 7]);
    expect(await read('--tail', '3')).toEqual([8, 9, 10]);
    // Python Lakota printed nothing here (FORMAT.md §15.17): the offset applies within the tail.
    expect(await read('--tail', '4', '--offset', '1')).toEqual([8, 9, 10]);
    expect(await read('-t', '4', '-o', '1', '-l', '2')).toEqual([8, 9]);
    const paged = await lakota([...r, 'read', 'ints/s', '--paginate', '3']);
    expect(paged.stdout).toBe((await lakota([...r, 'read', 'ints/s'])).stdout);
    expect(xs((await lakota([...r, 'read', 'ints/s', '-p', '4', '-t', '6'])).stdout)).toEqual([
      5, 6, 7, 8, 9, 10,
    ]);
  });

  it('reads index ranges with each closed setting', async () => {
    const read = async (...args: string[]) =>
      xs((await lakota([...r, 'read', 'ints/s', '--gt', '3', '--lt', '6', ...args])).stdout);
    expect(await read()).toEqual([3, 4, 5]);
    expect(await read('--closed', 'RIGHT')).toEqual([4, 5, 6]);
    expect(await read('-c', 'b')).toEqual([3, 4, 5, 6]);
    expect(await read('-c', 'none')).toEqual([4, 5]);
    expect(xs((await lakota([...r, 'read', 'ints/s', '--greater-than', '9'])).stdout)).toEqual([
      9, 10,
    ]);
    expect(xs((await lakota([...r, 'read', 'ints/s', '--less-than', '2'])).stdout)).toEqual([1]);
  });

  it('selects and computes columns', async () => {
    expect((await lakota([...r, 'read', 'ints/s', 'y', '-l', '2'])).stdout).toBe('y\n0.5\n1.0\n');
    expect(
      (await lakota([...r, 'read', 'ints/s', 'x', '(as (* self.y 2) "double")', '-l', '2'])).stdout,
    ).toBe('x,double\n1,1.0\n2,2.0\n');
    // Groups are exact when pages split them.
    expect(
      (await lakota([...r, 'read', 'ints/s', '(% self.x 2)', '(sum self.y)', '(count)', '-p', '3']))
        .stdout,
    ).toBe('(% self.x 2),(sum self.y),(count)\n0,15.0,5\n1,12.5,5\n');
    expect(
      (
        await lakota([
          ...r,
          'read',
          'ints/s',
          '-m',
          '(> self.y 4)',
          '(mean self.x)',
          '(quantile self.x 0.5)',
        ])
      ).stdout,
    ).toBe('(mean self.x),(quantile self.x 0.5)\n9.5,9.5\n');
  });

  it('prints JSON and tables', async () => {
    const json = await lakota([...r, 'read', 'ints/s', '-l', '2', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual([
      { x: 1, y: 0.5 },
      { x: 2, y: 1 },
    ]);
    expect((await lakota([...r, 'read', 'ints/s', '-l', '0', '-f', 'json'])).stdout).toBe('[]\n');
    expect((await lakota([...r, 'read', 'ints/s', '-l', '2', '-f', 'table'])).stdout).toBe(
      'x    y\n-  ---\n1  0.5\n2  1.0\n',
    );
    expect((await lakota([...r, 'ls', '--format', 'json'])).stdout).toBe(
      '[\n{"collection":"ints"}\n]\n',
    );
    expect((await lakota([...r, '-P', 'ls', 'ints'])).stdout).toBe('series\n------\ns\n');
    expect(JSON.parse((await lakota([...r, 'len', 'ints', '-f', 'json'])).stdout)).toEqual([
      { label: 'ints', length: 10 },
    ]);
    expect((await lakota([...r, 'length', 'ints/s', '-f', 'csv'])).stdout).toBe(
      'label,length\nints/s,10\n',
    );
  });
});

describe('read | write round trips', () => {
  it('keeps every value exactly, whatever the type', async () => {
    const schema = [
      'ts timestamp*',
      'f float',
      'n int',
      'b bool',
      's str',
      'd date',
      'small int32',
      'ms datetime64[ms]',
      'o O',
    ];
    await lakota([...r, 'create', 'mixed', ...schema]);
    const rows = [
      'ts,f,n,b,s,d,small,ms,o',
      '1969-12-31T23:59:59,0.1,9223372036854775807,True,"comma, and ""quotes""",1969-01-01,-2147483648,1969-12-31T23:59:59.999,"{""a"": [1, 2.5, ""x""]}"',
      '1970-01-01T00:00:00,-0.0,-9223372036854775808,False,,2020-02-29,2147483647,2020-01-01T00:00:00.001,null',
      '2020-06-22T12:34:56,1e-07,0,True,"multi\nline",2020-06-22,0,2020-06-22T12:34:56.789,"""text"""',
      '2020-06-23T00:00:00,nan,42,False,héllo 👋,2020-06-23,7,2020-06-23T00:00:00.000,3',
      '2020-06-24T00:00:00,inf,-1,True, spaced ,2020-06-24,-7,2020-06-24T00:00:00.500,[]',
      '2020-06-25T00:00:00,-inf,1,False,x,2020-06-25,1,2020-06-25T00:00:00.000,true',
      '2020-06-26T00:00:00,1.7976931348623157e+308,2,True,y,2020-06-26,2,2020-06-26T00:00:00.000,"{""b"": null}"',
      '2020-06-27T00:00:00,5e-324,3,False,z,2020-06-27,3,2020-06-27T00:00:00.000,"[1, [2]]"',
      '2020-06-28T00:00:00,123456789.125,4,True,w,2020-06-28,4,2020-06-28T00:00:00.000,"{}"',
    ];
    expect((await lakota([...r, 'write', 'mixed/a'], { input: csv(...rows) })).code).toBe(0);
    const first = await lakota([...r, 'read', 'mixed/a']);
    expect(first.code).toBe(0);
    const lines = first.stdout.split('\n');
    expect(lines[1]).toBe(
      '1969-12-31T23:59:59,0.1,9223372036854775807,True,"comma, and ""quotes""",1969-01-01,-2147483648,1969-12-31T23:59:59.999,"{""a"": [1, 2.5, ""x""]}"',
    );
    expect(lines[2]).toBe(
      '1970-01-01T00:00:00,-0.0,-9223372036854775808,False,,2020-02-29,2147483647,2020-01-01T00:00:00.001,null',
    );
    expect(first.stdout).toContain('2020-06-23T00:00:00,nan,42,False,héllo 👋,');
    expect(first.stdout).toContain(',inf,-1,True, spaced ,');
    expect(first.stdout).toContain(',1.7976931348623157e+308,');
    expect(first.stdout).toContain(',5e-324,');

    // Written back into another series and another repository: the same text, so the same values.
    expect((await lakota([...r, 'write', 'mixed/b'], { input: first.stdout })).code).toBe(0);
    const other = ['-r', join(dir.path, 'other')];
    await lakota([...other, 'create', 'mixed', ...schema]);
    expect((await lakota([...other, 'write', 'mixed/a'], { input: first.stdout })).code).toBe(0);
    expect((await lakota([...r, 'read', 'mixed/b'])).stdout).toBe(first.stdout);
    expect((await lakota([...other, 'read', 'mixed/a'])).stdout).toBe(first.stdout);
  });

  it('round-trips a string index and a one-column series with empty strings', async () => {
    await lakota([...r, 'create', 'words', 'w str*']);
    expect((await lakota([...r, 'write', 'words/all'], { input: 'w\n""\n"a,b"\nz\n' })).code).toBe(
      0,
    );
    const out = await lakota([...r, 'read', 'words/all']);
    expect(out.stdout).toBe('w\n""\n"a,b"\nz\n');
    expect((await lakota([...r, 'write', 'words/copy'], { input: out.stdout })).code).toBe(0);
    expect((await lakota([...r, 'read', 'words/copy'])).stdout).toBe(out.stdout);
  });

  it('streams a series larger than one page', async () => {
    const n = DEFAULT_PAGE_ROWS + 20_000;
    const lines = ['x,y'];
    for (let i = 0; i < n; i++) lines.push(`${i},${i % 7}.5`);
    await lakota([...r, 'create', 'big', 'x int*', 'y float']);
    const text = `${lines.join('\n')}\n`;
    expect((await lakota([...r, 'write', 'big/s'], { input: text })).code).toBe(0);
    const out = await lakota([...r, 'read', 'big/s']);
    expect(out.stdout).toBe(text);
    expect((await lakota([...r, 'len', 'big/s'])).stdout).toBe(`${n}\n`);
  });
});
