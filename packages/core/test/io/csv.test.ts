import { MemoryPod } from '@lakota/pod-memory';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { Frame } from '../../src/frame.js';
import { decodeCsv, encodeCsv, exportCollections } from '../../src/io/index.js';
import { formatCell } from '../../src/python-format.js';
import { Schema } from '../../src/schema.js';
import { expectSameFrame, sampleRepo, text, utf8, WIDE_ROWS, WIDE_SCHEMA } from './io-helpers.js';

describe('CSV export format', () => {
  it('writes a header, Python-style cells and \\r\\n line ends, as Python csv.writer does', async () => {
    const repo = await sampleRepo();
    const dest = new MemoryPod();
    await exportCollections(repo, dest, { collections: ['wide'] });
    expect(text(await dest.read('wide/short.csv'))).toBe(
      'timestamp,value,count,name,day,meta\r\n2020-01-01T00:00:00,1.0,1,x,2020-01-01,"{""k"": ""v""}"\r\n',
    );
    expect(await dest.ls('wide')).toEqual(['_schema.json', 'all-types.csv', 'short.csv']);
  });

  it('writes every cell as formatCell prints it, quoting only commas, quotes and line breaks', async () => {
    const schema = Schema.from(WIDE_SCHEMA);
    const frame = Frame.from(schema, WIDE_ROWS);
    const csv = text(await encodeCsv(frame));
    const [header, ...rows] = parse(csv) as string[][];
    expect(header).toEqual(schema.names);
    rows.forEach((row, i) => {
      row.forEach((cell, c) => {
        const col = schema.columns[c]!;
        expect(cell, `${col.name}[${i}]`).toBe(
          formatCell((frame.column(col.name) as ArrayLike<unknown>)[i], col),
        );
      });
    });
    expect(csv).toContain('\r\n2020-01-01T00:00:00,-0.0,-1,"line\nbreak",2000-02-29,3.5\r\n');
    expect(csv).toContain(',"quote "" here",');
    expect(csv).toContain(',😀 emoji 👍🏽,');
    expect(csv).toContain(', leading and trailing ,');
    expect(csv).toContain(',1.7976931348623157e+308,');
    expect(csv).toContain(',1e-05,');
  });

  it('quotes a lone empty cell so that it does not read back as a blank line', async () => {
    const schema = Schema.from('key str*');
    const csv = text(await encodeCsv(Frame.from(schema, { key: ['', 'a'] })));
    expect(csv).toBe('key\r\n""\r\na\r\n');
    expect((await decodeCsv(utf8(csv), schema, 'k.csv')).column('key')).toEqual(['', 'a']);
  });

  it('writes _schema.json as Python json.dumps writes the stored schema', async () => {
    const repo = await sampleRepo();
    const dest = new MemoryPod();
    await exportCollections(repo, dest, { collections: ['pairs'] });
    expect(text(await dest.read('pairs/_schema.json'))).toBe(
      '{"kind": null, "columns": {' +
        '"day": {"dt": "datetime64[D]", "codecs": ["blosc"], "idx": true}, ' +
        '"sensor": {"dt": "<U0", "codecs": ["msgpack2", "zstd"], "idx": true}, ' +
        '"reading": {"dt": "float64", "codecs": ["blosc"], "idx": false}}}',
    );
  });

  it('overwrites files of an earlier export', async () => {
    const repo = await sampleRepo();
    const dest = new MemoryPod();
    await dest.write('pairs/a/b.csv', utf8('stale'));
    await exportCollections(repo, dest, { collections: ['pairs'] });
    expect(text(await dest.read('pairs/a/b.csv'))).toMatch(/^day,sensor,reading\r\n/);
  });
});

describe('CSV import', () => {
  const schema = Schema.from('timestamp timestamp*\nvalue float\ncount int');

  it('accepts columns in any order, \\n line ends, a BOM and Python float spellings', async () => {
    const csv =
      '\ufeffcount,value,timestamp\n1,nan,2020-01-01T00:00:00\n-2,-inf,2020-01-02 00:00:00\n3,1E-05,2020-01-03\n';
    const frame = await decodeCsv(utf8(csv), schema, 'c/s.csv');
    expect(frame.toRecords({ timestamps: 'iso' })).toEqual([
      { timestamp: '2020-01-01T00:00:00', value: Number.NaN, count: 1n },
      { timestamp: '2020-01-02T00:00:00', value: Number.NEGATIVE_INFINITY, count: -2n },
      { timestamp: '2020-01-03T00:00:00', value: 1e-5, count: 3n },
    ]);
  });

  it('reads int64 cells exactly, past 2^53', async () => {
    const csv = 'timestamp,value,count\r\n2020-01-01T00:00:00,1.0,9007199254740993\r\n';
    expect((await decodeCsv(utf8(csv), schema, 'c/s.csv')).column('count')).toEqual(
      new BigInt64Array([9_007_199_254_740_993n]),
    );
  });

  it('round-trips datetimes of every unit exactly, NaT included', async () => {
    const units = Schema.from({
      ns: 'datetime64[ns]*',
      us: 'datetime64[us]',
      ms: 'datetime64[ms]',
      m: 'datetime64[m]',
      h: 'datetime64[h]',
    });
    const frame = Frame.from(units, {
      ns: new BigInt64Array([-1n, 1_700_000_000_123_456_789n]),
      us: new BigInt64Array([-(2n ** 63n), 1_700_000_000_123_456n]),
      ms: new BigInt64Array([-1n, 1_700_000_000_123n]),
      m: new BigInt64Array([-1n, 28_333_333n]),
      h: new BigInt64Array([-1n, 472_222n]),
    });
    const csv = text(await encodeCsv(frame));
    expect(csv.split('\r\n')[1]).toBe(
      '1969-12-31T23:59:59.999999999,NaT,1969-12-31T23:59:59.999,1969-12-31T23:59,1969-12-31T23',
    );
    expectSameFrame(await decodeCsv(utf8(csv), units, 'u.csv'), frame);
  });
});
