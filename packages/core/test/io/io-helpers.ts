import { MemoryPod } from '@lakota/pod-memory';
import { expect } from 'vitest';
import type { Frame } from '../../src/frame.js';
import type { Pod } from '../../src/pod.js';
import { Repo } from '../../src/repo.js';

/** Every column type an export must carry exactly. */
export const WIDE_SCHEMA = [
  'timestamp timestamp*',
  'value float',
  'count int',
  'name str',
  'day date',
  'meta O',
].join('\n');

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Values chosen to break careless formatting and parsing. */
export const WIDE_ROWS = {
  timestamp: [
    '1969-12-31T23:59:59',
    '1970-01-01T00:00:00',
    '2000-02-29T12:34:56',
    '2020-01-01T00:00:00',
    '2020-01-01T00:00:01',
    '2021-06-30T23:59:59',
    '2038-01-19T03:14:08',
    '2100-12-31T00:00:00',
    '2200-01-01T00:00:00',
    '9999-12-31T23:59:59',
  ],
  value: [
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    5e-324,
    1.7976931348623157e308,
    0.1,
    1e16,
    1e-5,
    -123.456,
  ],
  count: [INT64_MIN, INT64_MAX, 0n, -1n, 1n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, 42n, 7n, -7n],
  name: [
    '',
    'comma, here',
    'quote " here',
    'line\nbreak',
    'crlf\r\nand cr\r',
    'été ñ 中文',
    '😀 emoji 👍🏽',
    ' leading and trailing ',
    '"quoted"',
    'tab\there',
  ],
  day: [
    '1900-01-01',
    '1969-12-31',
    '1970-01-01',
    '2000-02-29',
    '2020-12-31',
    '2024-02-29',
    '2100-03-01',
    '0001-01-01',
    '9999-12-31',
    '2020-06-15',
  ],
  meta: [
    { a: 1, b: [1, 2] },
    null,
    'just text',
    3.5,
    [1, 'x', null],
    true,
    { nested: { deep: 'é😀' } },
    -2,
    'with, comma and "quote"',
    {},
  ],
};

export async function newRepo(pod: Pod = new MemoryPod()): Promise<Repo> {
  return Repo.open(pod);
}

/** A repository with two collections: every type in `wide`, a two-column index in `pairs`. */
export async function sampleRepo(): Promise<Repo> {
  const repo = await newRepo();
  const wide = await repo.createCollection(WIDE_SCHEMA, 'wide');
  await wide.series('all-types').write(WIDE_ROWS);
  await wide.series('short').write({
    timestamp: ['2020-01-01T00:00:00'],
    value: [1],
    count: [1n],
    name: ['x'],
    day: ['2020-01-01'],
    meta: [{ k: 'v' }],
  });
  const pairs = await repo.createCollection('day date*\nsensor str*\nreading float', 'pairs');
  await pairs.series('a/b').write({
    day: ['2020-01-01', '2020-01-01', '2020-01-02'],
    sensor: ['x', 'y', 'x'],
    reading: [1.5, 2.5, 3.5],
  });
  return repo;
}

/** Cell-by-cell equality that tells -0 from 0 and NaN from everything but NaN. */
export function expectSameFrame(actual: Frame, expected: Frame): void {
  expect(actual.names).toEqual(expected.names);
  expect(actual.length).toBe(expected.length);
  for (const name of expected.names) {
    const a = Array.from(actual.column(name) as ArrayLike<unknown>);
    const e = Array.from(expected.column(name) as ArrayLike<unknown>);
    for (let i = 0; i < e.length; i++) {
      if (typeof e[i] === 'number') {
        expect(Object.is(a[i], e[i]), `${name}[${i}]: ${String(a[i])} vs ${String(e[i])}`).toBe(
          true,
        );
      } else {
        expect(a[i], `${name}[${i}]`).toEqual(e[i]);
      }
    }
  }
}

/** Reads every series of every collection, to compare two repositories. */
export async function readAll(repo: Repo): Promise<Map<string, Frame>> {
  const out = new Map<string, Frame>();
  for (const label of await repo.ls()) {
    const collection = await repo.collection(label);
    for (const s of await collection.ls())
      out.set(`${label}/${s}`, await collection.series(s).read());
  }
  return out;
}

/** Every file of a pod and its bytes, to prove a failed call changed nothing. */
export async function snapshot(pod: Pod): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const p of pod.walk()) out.set(p, Buffer.from(await pod.read(p)).toString('base64'));
  return out;
}

export const utf8 = (text: string) => new TextEncoder().encode(text);
export const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
