import { MemoryPod } from '@lakota/pod-memory';
import { describe, expect, it } from 'vitest';
import {
  CollectionNotFoundError,
  InvalidInputError,
  SchemaError,
} from '../../src/engine-errors.js';
import { AbortError } from '../../src/errors.js';
import { exportCollections, importCollections } from '../../src/io/index.js';
import type { Pod } from '../../src/pod.js';
import type { Repo } from '../../src/repo.js';
import { newRepo, sampleRepo, snapshot, utf8 } from './io-helpers.js';

const SCHEMA_JSON =
  '{"kind": null, "columns": {"timestamp": {"dt": "datetime64[s]", "codecs": ["blosc"], "idx": true}, "value": {"dt": "float64", "codecs": ["blosc"], "idx": false}, "count": {"dt": "int64", "codecs": ["blosc"], "idx": false}}}';
const GOOD = 'timestamp,value,count\r\n2020-01-01T00:00:00,1.0,1\r\n2020-01-02T00:00:00,2.0,2\r\n';

/** A repository with one collection and a source tree holding a good collection and `bad/`. */
async function setup(
  badFiles: Record<string, string>,
): Promise<{ repo: Repo; repoPod: Pod; src: Pod }> {
  const repoPod = new MemoryPod();
  const repo = await newRepo(repoPod);
  const existing = await repo.createCollection(
    'timestamp timestamp*\nvalue float\ncount int',
    'existing',
  );
  await existing.series('s').write({ timestamp: ['2019-01-01'], value: [0], count: [0n] });
  const src = new MemoryPod();
  // 'a-good' sorts first, so a late failure must also undo nothing it prepared.
  await src.write('a-good/_schema.json', utf8(SCHEMA_JSON));
  await src.write('a-good/s.csv', utf8(GOOD));
  await src.write('existing/s.csv', utf8(GOOD));
  await src.write('bad/_schema.json', utf8(SCHEMA_JSON));
  await src.write('bad/fine.csv', utf8(GOOD));
  for (const [name, content] of Object.entries(badFiles))
    await src.write(`bad/${name}`, utf8(content));
  return { repo, repoPod, src };
}

async function expectRefused(
  badFiles: Record<string, string>,
  kind: new (...a: never[]) => Error,
  message: RegExp,
) {
  const { repo, repoPod, src } = await setup(badFiles);
  const before = await snapshot(repoPod);
  const err = await importCollections(repo, src).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(kind);
  expect((err as Error).message).toMatch(message);
  expect(await snapshot(repoPod)).toEqual(before);
  expect(await repo.ls()).toEqual(['existing']);
}

describe('import errors leave the repository unchanged', () => {
  it.each([
    [
      'a missing column',
      'timestamp,value\r\n2020-01-01T00:00:00,1.0\r\n',
      /'bad\/x\.csv' has columns 'timestamp', 'value' \(missing 'count'\)/,
    ],
    [
      'an extra column',
      'timestamp,value,count,other\r\n2020-01-01T00:00:00,1.0,1,x\r\n',
      /not in the schema 'other'/,
    ],
    ['a repeated column', 'timestamp,value,value,count\r\n', /repeated 'value'/],
    [
      'text in a float column',
      'timestamp,value,count\r\n2020-01-01T00:00:00,abc,1\r\n',
      /'bad\/x\.csv', data row 1, column 'value' \(float64\): cannot read "abc"/,
    ],
    [
      'a fraction in an int column',
      'timestamp,value,count\r\n2020-01-01T00:00:00,1.0,1.5\r\n',
      /column 'count' \(int64\): cannot read "1\.5": expected an integer/,
    ],
    [
      'an int beyond int64',
      'timestamp,value,count\r\n2020-01-01T00:00:00,1.0,9223372036854775808\r\n',
      /out of the range of int64/,
    ],
    [
      'a 100 KB cell, quoted short',
      `timestamp,value,count\r\n2020-01-01T00:00:00,${'9'.repeat(100_000)}x,1\r\n`,
      /column 'value' \(float64\): cannot read "9{40}…" \(100,001 characters\)/,
    ],
    [
      'an impossible date',
      'timestamp,value,count\r\n2020-02-30T00:00:00,1.0,1\r\n',
      /column 'timestamp' \(datetime64\[s\]\): cannot read "2020-02-30T00:00:00"/,
    ],
    [
      'a time finer than seconds',
      'timestamp,value,count\r\n2020-01-01T00:00:00.5,1.0,1\r\n',
      /finer than the column's unit/,
    ],
    [
      'a row with too few cells',
      'timestamp,value,count\r\n2020-01-01T00:00:00,1.0\r\n',
      /Cannot read 'bad\/x\.csv' as CSV/,
    ],
    [
      'an unsorted index',
      'timestamp,value,count\r\n2020-01-02T00:00:00,1.0,1\r\n2020-01-01T00:00:00,1.0,1\r\n',
      /'bad\/x\.csv': The index is not sorted/,
    ],
    ['an empty file', '', /'bad\/x\.csv' is empty/],
  ])('%s', async (_what, content, message) => {
    await expectRefused({ 'x.csv': content }, InvalidInputError, message);
  });

  it('an unsupported extension', async () => {
    await expectRefused(
      { 'notes.txt': 'hello' },
      InvalidInputError,
      /'bad\/notes\.txt': extension '\.txt' is not supported/,
    );
  });

  it('two files for one series', async () => {
    await expectRefused(
      { 'fine.parquet': 'unread' },
      InvalidInputError,
      /'bad\/fine\.csv' and 'bad\/fine\.parquet' both hold series 'fine'/,
    );
  });

  it('a file without extension', async () => {
    await expectRefused(
      { README: 'hello' },
      InvalidInputError,
      /'bad\/README': it has no extension/,
    );
  });

  it('bytes that are not Parquet', async () => {
    await expectRefused(
      { 'x.parquet': 'not parquet at all' },
      InvalidInputError,
      /Cannot read 'bad\/x\.parquet' as Parquet/,
    );
  });

  it('a malformed _schema.json', async () => {
    const { repo, repoPod, src } = await setup({});
    await src.write(
      'bad/_schema.json',
      utf8('{"kind": null, "columns": {"x": {"dt": "complex128"'),
      { force: true },
    );
    const before = await snapshot(repoPod);
    const err = await importCollections(repo, src).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SchemaError);
    expect((err as Error).message).toMatch(/'bad\/_schema\.json' is not valid JSON/);
    expect(await snapshot(repoPod)).toEqual(before);
  });

  it('a new collection without _schema.json', async () => {
    const { repo, repoPod, src } = await setup({});
    await src.rm('bad/_schema.json');
    const before = await snapshot(repoPod);
    const err = await importCollections(repo, src).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as Error).message).toMatch(/'bad\/_schema\.json' is missing/);
    expect(await snapshot(repoPod)).toEqual(before);
  });

  it('an aborted import', async () => {
    const { repo, repoPod, src } = await setup({});
    const before = await snapshot(repoPod);
    const controller = new AbortController();
    const err = await importCollections(repo, src, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'check' && p.done === 2) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(await snapshot(repoPod)).toEqual(before);
  });
});

describe('import skipping and selection', () => {
  it('skips files and folders starting with _ or ., and loose files at the top', async () => {
    const { repo, src } = await setup({ '_notes.txt': 'ignored', '.DS_Store': 'ignored' });
    await src.write('_meta/x.txt', utf8('ignored'));
    await src.write('README.md', utf8('ignored'));
    const summary = await importCollections(repo, src);
    expect(summary).toEqual({ collections: ['a-good', 'bad', 'existing'], series: 3, rows: 6 });
    expect(await repo.ls()).toEqual(['a-good', 'bad', 'existing']);
  });

  it('names a collection missing from the source', async () => {
    const { repo, src } = await setup({});
    await expect(importCollections(repo, src, { collections: ['nope'] })).rejects.toThrow(
      /No folder 'nope' to import/,
    );
  });
});

describe('export errors', () => {
  it('an unknown collection fails before anything is written', async () => {
    const repo = await sampleRepo();
    const dest = new MemoryPod();
    await expect(
      exportCollections(repo, dest, { collections: ['wide', 'nope'] }),
    ).rejects.toBeInstanceOf(CollectionNotFoundError);
    expect(await snapshot(dest)).toEqual(new Map());
  });

  it('an unknown format', async () => {
    const repo = await sampleRepo();
    await expect(
      exportCollections(repo, new MemoryPod(), { format: 'xlsx' as never }),
    ).rejects.toThrow(/Unknown file format 'xlsx': use csv or parquet/);
  });
});
