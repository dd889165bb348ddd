import { MemoryPod } from '@lakota/pod-memory';
import { describe, expect, it } from 'vitest';
import {
  CollectionExistsError,
  InvalidInputError,
  InvalidLabelError,
  type Pod,
  Repo,
  Schema,
  SchemaError,
  SchemaMismatchError,
  UnknownRevisionError,
} from '../src/index.js';

/** Every file and its bytes, to prove a failed call changed nothing. */
async function snapshot(pod: Pod): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const p of pod.walk()) out.set(p, Buffer.from(await pod.read(p)).toString('base64'));
  return out;
}

async function setup() {
  const pod = new MemoryPod();
  const repo = await Repo.open(pod);
  const clct = await repo.createCollection('timestamp timestamp*\nvalue float\ncount int', 'c');
  await clct
    .series('s')
    .write({ timestamp: ['2020-01-01', '2020-01-02'], value: [1, 2], count: [1, 2] });
  return { pod, repo, clct, series: clct.series('s') };
}

const cases: [string, Record<string, unknown>, RegExp][] = [
  [
    'an unsorted index',
    { timestamp: ['2020-01-02', '2020-01-01'], value: [1, 2], count: [1, 2] },
    /not sorted/,
  ],
  [
    'null in the index',
    { timestamp: ['2020-01-01', null], value: [1, 2], count: [1, 2] },
    /timestamp/,
  ],
  [
    'columns of different lengths',
    { timestamp: ['2020-01-01'], value: [1, 2], count: [1] },
    /different lengths/,
  ],
  [
    'an unknown column',
    { timestamp: ['2020-01-01'], value: [1], count: [1], other: [1] },
    /Unknown column 'other'/,
  ],
  ['a missing column', { timestamp: ['2020-01-01'], value: [1] }, /Missing column 'count'/],
  [
    'text in a float column',
    { timestamp: ['2020-01-01'], value: ['abc'], count: [1] },
    /'value'.*not a number/,
  ],
  [
    'a fraction in an int column',
    { timestamp: ['2020-01-01'], value: [1], count: [1.5] },
    /'count'.*not an integer/,
  ],
  [
    'a bad date',
    { timestamp: ['2020-13-45'], value: [1], count: [1] },
    /'timestamp'.*not a valid date/,
  ],
  [
    'an int beyond 2^53 as a number',
    { timestamp: ['2020-01-01'], value: [1], count: [2 ** 60] },
    /bigint/,
  ],
];

describe('bad input gets a typed error and leaves the repository as it was', () => {
  it.each(cases)('a write with %s', async (_what, frame, message) => {
    const { pod, series } = await setup();
    const before = await snapshot(pod);
    const err = await series.write(frame as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as Error).message).toMatch(message);
    expect(await snapshot(pod)).toEqual(before);
  });

  it('NaN in a float index', async () => {
    const repo = await Repo.open(new MemoryPod());
    const clct = await repo.createCollection('x float*\ny float', 'f');
    await expect(clct.series('s').write({ x: [1, Number.NaN], y: [1, 2] })).rejects.toThrow(
      /missing value \(null or NaN\) at row 1/,
    );
  });

  it('rows outside the replaced range', async () => {
    const { pod, series } = await setup();
    const before = await snapshot(pod);
    await expect(
      series.write(
        { timestamp: ['2020-01-05'], value: [1], count: [1] },
        { start: '2020-01-01', stop: '2020-01-03' },
      ),
    ).rejects.toThrow(/outside the range/);
    expect(await snapshot(pod)).toEqual(before);
  });

  it.each([
    ['', 'series'],
    ['a\nb', 'series'],
    ['x'.repeat(2000), 'series'],
    ['a/b', 'collection'],
    ['', 'collection'],
  ])('label %j for a %s', async (label, kind) => {
    const { pod, repo, clct } = await setup();
    const before = await snapshot(pod);
    const call =
      kind === 'series'
        ? async () =>
            clct.series(label).write({ timestamp: ['2020-01-01'], value: [1], count: [1] })
        : () => repo.createCollection('a int*', label);
    await expect(call()).rejects.toBeInstanceOf(InvalidLabelError);
    expect(await snapshot(pod)).toEqual(before);
  });

  it('schemas that cannot be read', () => {
    expect(() => Schema.from('value float')).toThrow(SchemaError);
    expect(() => Schema.from('x decimal*')).toThrow(/unknown type 'decimal'/);
    expect(() => Schema.from('x int*\nx float')).toThrow(/defined twice/);
    expect(() => Schema.from('x int* | lz4')).toThrow(/unknown codec 'lz4'/);
  });

  it('a collection created again with another schema', async () => {
    const { pod, repo } = await setup();
    const before = await snapshot(pod);
    await expect(
      repo.createCollection('timestamp timestamp*\nvalue int', 'c'),
    ).rejects.toBeInstanceOf(CollectionExistsError);
    expect(await snapshot(pod)).toEqual(before);
  });

  it('a schema mismatch on pull', async () => {
    const { repo } = await setup();
    const other = await Repo.open(new MemoryPod());
    await other.createCollection('timestamp timestamp*\nvalue int', 'c');
    const before = await snapshot(other.pod);
    await expect(other.pull(repo)).rejects.toBeInstanceOf(SchemaMismatchError);
    expect(await snapshot(other.pod)).toEqual(before);
  });

  it('an unknown revision and an invalid closed value', async () => {
    const { series } = await setup();
    await expect(series.read({ at: 'ffffffffff' })).rejects.toBeInstanceOf(UnknownRevisionError);
    await expect(series.read({ closed: 'SIDEWAYS' as never })).rejects.toThrow(
      /Invalid closed value "SIDEWAYS"/,
    );
    await expect(series.read({ limit: -1 })).rejects.toThrow(/limit must be/);
    await expect(series.read({ select: ['nope'] })).rejects.toThrow(/Unknown column 'nope'/);
  });
});
