import * as A from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/engine-errors.js';
import { Frame } from '../../src/frame.js';
import { arrowToFrameInput, frameToArrow } from '../../src/io/index.js';
import { Schema } from '../../src/schema.js';
import { expectSameFrame, newRepo, WIDE_ROWS, WIDE_SCHEMA } from './io-helpers.js';

const wide = Schema.from(WIDE_SCHEMA);

describe('frameToArrow', () => {
  it('maps every column to its Arrow type', async () => {
    const table = await frameToArrow(Frame.from(wide, WIDE_ROWS));
    expect(table.numRows).toBe(10);
    expect(table.schema.fields.map((f) => `${f.name}: ${f.type}`)).toEqual([
      'timestamp: Timestamp<SECOND>',
      'value: Float64',
      'count: Int64',
      'name: Utf8',
      'day: Date32<DAY>',
      'meta: Utf8',
    ]);
    expect(
      table.schema.fields.find((f) => f.name === 'meta')!.metadata.get('ARROW:extension:name'),
    ).toBe('arrow.json');
    expect(table.getChild('day')!.get(0)).toBe(Date.UTC(1900, 0, 1));
    expect(table.getChild('timestamp')!.get(2)).toBe(Date.UTC(2000, 1, 29, 12, 34, 56));
    expect(JSON.parse(table.getChild('meta')!.get(0) as string)).toEqual({ a: 1, b: [1, 2] });
    expect(table.getChild('meta')!.get(1)).toBeNull();
  });

  it('round-trips through arrowToFrameInput, Arrow IPC included, every value exact', async () => {
    const frame = Frame.from(wide, WIDE_ROWS);
    const table = A.tableFromIPC(A.tableToIPC(await frameToArrow(frame)));
    expectSameFrame(Frame.from(wide, arrowToFrameInput(table, wide)), frame);
  });

  it('keeps sub-second units and turns NaT into null and back', async () => {
    const schema = Schema.from({ t: 'datetime64[ns]*', us: 'datetime64[us]', h: 'datetime64[h]' });
    const frame = Frame.from(schema, {
      t: new BigInt64Array([1n, 2n]),
      us: new BigInt64Array([-(2n ** 63n), 1_700_000_000_123_456n]),
      h: new BigInt64Array([0n, 472_222n]),
    });
    const table = await frameToArrow(frame);
    expect(table.schema.fields.map((f) => String(f.type))).toEqual([
      'Timestamp<NANOSECOND>',
      'Timestamp<MICROSECOND>',
      'Timestamp<SECOND>',
    ]);
    expect(table.getChild('us')!.isValid(0)).toBe(false);
    expectSameFrame(Frame.from(schema, arrowToFrameInput(table, schema)), frame);
  });

  it('gives tables Frame.from reads directly when the types line up (seconds, int64, float64, str)', async () => {
    const schema = Schema.from('timestamp timestamp*\nvalue float\ncount int\nname str');
    const frame = Frame.from(schema, {
      timestamp: ['2020-01-01T00:00:00', '2020-01-02T00:00:00'],
      value: [0.5, Number.NaN],
      count: [2n ** 62n, -1n],
      name: ['a', 'é😀'],
    });
    expectSameFrame(Frame.from(schema, await frameToArrow(frame)), frame);
  });
});

describe('arrowToFrameInput on tables made elsewhere', () => {
  const schema = Schema.from('timestamp timestamp*\nday date\nvalue float\nname str\ncount int');

  it('converts millisecond timestamps, dates, dictionaries and float nulls', async () => {
    const table = new A.Table({
      timestamp: A.vectorFromArray([
        new Date('2020-01-01T00:00:00Z'),
        new Date('2020-01-01T00:00:01Z'),
      ]),
      day: A.makeVector(
        A.makeData({
          type: new A.DateMillisecond(),
          length: 2,
          data: new BigInt64Array([0n, 86_400_000n]),
        }),
      ),
      value: A.vectorFromArray([1.5, null], new A.Float64()),
      name: A.vectorFromArray(['x', 'y'], new A.Dictionary(new A.Utf8(), new A.Int32())),
      count: A.makeVector(new BigInt64Array([1n, 2n])),
    });
    expect(String(table.schema.fields[0]!.type)).toBe('Timestamp<MILLISECOND>');
    const frame = Frame.from(schema, arrowToFrameInput(table, schema));
    expect(frame.toRecords({ timestamps: 'iso' })).toEqual([
      { timestamp: '2020-01-01T00:00:00', day: '1970-01-01', value: 1.5, name: 'x', count: 1n },
      {
        timestamp: '2020-01-01T00:00:01',
        day: '1970-01-02',
        value: Number.NaN,
        name: 'y',
        count: 2n,
      },
    ]);
  });

  it('refuses a timestamp finer than the column unit, naming the column and row', () => {
    const table = new A.Table({
      timestamp: A.vectorFromArray([new Date(0), new Date(1500)]),
    });
    expect(() => arrowToFrameInput(table, schema)).toThrow(InvalidInputError);
    expect(() => arrowToFrameInput(table, schema)).toThrow(/'timestamp'.*row 1 is finer/);
  });

  it('refuses nulls in an int column', () => {
    const table = new A.Table({ count: A.vectorFromArray([1n, null], new A.Int64()) });
    expect(() => arrowToFrameInput(table, schema)).toThrow(/'count' \(int64\) has 1 null value/);
  });

  it('feeds series.write', async () => {
    const repo = await newRepo();
    const c = await repo.createCollection(WIDE_SCHEMA, 'c');
    const frame = Frame.from(wide, WIDE_ROWS);
    await c.series('s').write(arrowToFrameInput(await frameToArrow(frame), wide));
    expectSameFrame(await c.series('s').read(), frame);
  });
});
