import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryPod } from '@lakota/pod-memory';
import * as A from 'apache-arrow';
import { parquetMetadata, parquetSchema } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/engine-errors.js';
import { Frame } from '../../src/frame.js';
import { decodeParquet, encodeParquet, exportCollections } from '../../src/io/index.js';
import { Schema } from '../../src/schema.js';
import { expectSameFrame, sampleRepo } from './io-helpers.js';

// parquet-wasm is the Rust `parquet`/`arrow` crates compiled to WebAssembly:
// a second, independent Parquet implementation to read and write files with.
const require = createRequire(import.meta.url);
const parquetWasm = require('parquet-wasm/node') as typeof import('parquet-wasm/node');

function readWithArrowRs(bytes: Uint8Array): A.Table {
  return A.tableFromIPC(parquetWasm.readParquet(bytes).intoIPCStream());
}

function writeWithArrowRs(table: A.Table, metadata?: Map<string, string>): Uint8Array {
  let props = new parquetWasm.WriterPropertiesBuilder().setCompression(
    parquetWasm.Compression.ZSTD,
  );
  if (metadata) props = props.setKeyValueMetadata(metadata);
  return parquetWasm.writeParquet(
    parquetWasm.Table.fromIPCStream(A.tableToIPC(table, 'stream')),
    props.build(),
  );
}

async function exportedWide(): Promise<{ bytes: Uint8Array; frame: Frame }> {
  const repo = await sampleRepo();
  const dest = new MemoryPod();
  await exportCollections(repo, dest, { format: 'parquet', collections: ['wide'] });
  const frame = await (await repo.collection('wide')).series('all-types').read();
  return { bytes: await dest.read('wide/all-types.parquet'), frame };
}

describe('Parquet files', () => {
  it('use the documented Parquet types', async () => {
    const { bytes } = await exportedWide();
    const meta = parquetMetadata(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
    const elements = Object.fromEntries(
      parquetSchema(meta).children.map((c) => [c.element.name, c.element]),
    );
    expect(elements.timestamp).toMatchObject({
      type: 'INT64',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MILLIS' },
    });
    expect(elements.day).toMatchObject({ type: 'INT32', converted_type: 'DATE' });
    expect(elements.count).toMatchObject({ type: 'INT64' });
    expect(elements.value).toMatchObject({ type: 'DOUBLE' });
    expect(elements.name).toMatchObject({ type: 'BYTE_ARRAY', converted_type: 'UTF8' });
    expect(elements.meta).toMatchObject({ type: 'BYTE_ARRAY', converted_type: 'JSON' });
  });

  it('are read by another implementation (arrow-rs) with the expected Arrow types and values', async () => {
    const { bytes, frame } = await exportedWide();
    const table = readWithArrowRs(bytes);
    expect(table.schema.fields.map((f) => `${f.name}: ${f.type}`)).toEqual([
      'timestamp: Timestamp<MILLISECOND>',
      'value: Float64',
      'count: Int64',
      'name: Utf8',
      'day: Date32<DAY>',
      'meta: Utf8',
    ]);
    const seconds = frame.column('timestamp') as BigInt64Array;
    expect(table.getChild('timestamp')!.toArray()).toEqual(seconds.map((s) => s * 1000n));
    expect(table.getChild('count')!.toArray()).toEqual(frame.column('count'));
    expect(table.getChild('name')!.toArray()).toEqual(frame.column('name'));
    const days = Array.from(frame.column('day') as BigInt64Array, (d) => Number(d) * 86_400_000);
    expect(table.getChild('day')!.toArray()).toEqual(days);
    expect(JSON.parse(table.getChild('meta')!.get(0) as string)).toEqual({ a: 1, b: [1, 2] });
  });

  it('written by another tool as pandas would (ns timestamps, index column, zstd) are imported exactly', async () => {
    const schema = Schema.from('timestamp timestamp*\nvalue float\ncount int\nday date\nname str');
    const nanos = [1_577_836_800_000_000_000n, 1_577_836_801_000_000_000n];
    const table = new A.Table({
      timestamp: A.makeVector(
        A.makeData({
          type: new A.TimestampNanosecond(),
          length: 2,
          data: new BigInt64Array(nanos),
        }),
      ),
      value: A.makeVector(new Float64Array([0.5, Number.NaN])),
      count: A.makeVector(new BigInt64Array([2n ** 62n, -3n])),
      day: A.makeVector(
        A.makeData({ type: new A.DateDay(), length: 2, data: new Int32Array([18262, -1]) }),
      ),
      name: A.vectorFromArray(['a', 'é'], new A.Utf8()),
      __index_level_0__: A.makeVector(new BigInt64Array([10n, 11n])),
    });
    const pandas = JSON.stringify({ index_columns: ['__index_level_0__'], columns: [] });
    const bytes = writeWithArrowRs(table, new Map([['pandas', pandas]]));
    const frame = await decodeParquet(bytes, schema, 'c/s.parquet');
    expect(frame.toRecords({ timestamps: 'iso' })).toEqual([
      {
        timestamp: '2020-01-01T00:00:00',
        value: 0.5,
        count: 2n ** 62n,
        day: '2020-01-01',
        name: 'a',
      },
      {
        timestamp: '2020-01-01T00:00:01',
        value: Number.NaN,
        count: -3n,
        day: '1969-12-31',
        name: 'é',
      },
    ]);
  });

  it('refuse timestamps finer than the column unit, naming file, row and column', async () => {
    const schema = Schema.from('timestamp timestamp*\nvalue float');
    const table = new A.Table({
      timestamp: A.makeVector(
        A.makeData({
          type: new A.TimestampMillisecond(),
          length: 2,
          data: new BigInt64Array([0n, 1500n]),
        }),
      ),
      value: A.makeVector(new Float64Array([1, 2])),
    });
    const err = await decodeParquet(writeWithArrowRs(table), schema, 'c/s.parquet').catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as Error).message).toMatch(/'c\/s\.parquet', row 2, column 'timestamp'.*finer/);
  });

  it('round-trip sub-second units, NaT and every numpy integer width', async () => {
    const schema = Schema.from({
      t: 'datetime64[ns]*',
      us: 'datetime64[us]',
      ms: 'datetime64[ms]',
      i8: 'int8',
      i16: 'int16',
      i32: 'int32',
      u8: 'uint8',
      u16: 'uint16',
      u32: 'uint32',
      u64: 'uint64',
      f32: 'float32',
      b: 'bool',
    });
    const frame = Frame.from(schema, {
      t: new BigInt64Array([1n, 1_700_000_000_123_456_789n]),
      us: new BigInt64Array([-(2n ** 63n), 1_700_000_000_123_456n]),
      ms: new BigInt64Array([-1n, 1_700_000_000_123n]),
      i8: [-128, 127],
      i16: [-32768, 32767],
      i32: [-(2 ** 31), 2 ** 31 - 1],
      u8: [0, 255],
      u16: [0, 65535],
      u32: [0, 2 ** 32 - 1],
      u64: [0n, 2n ** 64n - 1n],
      f32: [0.1, -1e30],
      b: [true, false],
    });
    expectSameFrame(await decodeParquet(await encodeParquet(frame), schema, 'x.parquet'), frame);
  });

  it('are readable by Python (pandas + pyarrow) when it is installed', async (ctx) => {
    const python = (() => {
      try {
        execFileSync('python3', ['-c', 'import pandas, pyarrow'], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    })();
    // pandas and pyarrow are not on this machine (Debian bookworm packages no
    // pyarrow, and PyPI is out of reach); arrow-rs reads the files above instead.
    if (!python) ctx.skip('python3 with pandas and pyarrow is not installed');
    const { bytes } = await exportedWide();
    const dir = mkdtempSync(join(tmpdir(), 'lakota-parquet-'));
    try {
      writeFileSync(join(dir, 'f.parquet'), bytes);
      const out = execFileSync('python3', [
        '-c',
        'import sys, pandas; df = pandas.read_parquet(sys.argv[1]); print(df.dtypes["timestamp"], df["timestamp"].iloc[2], df["count"].iloc[0])',
        join(dir, 'f.parquet'),
      ]).toString();
      expect(out).toMatch(/^datetime64\[(ms|ns)\] 2000-02-29 12:34:56 -9223372036854775808/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
