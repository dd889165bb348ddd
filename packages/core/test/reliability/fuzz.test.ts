import { performance } from 'node:perf_hooks';
import { MemoryPod } from '@lakota/pod-memory';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bloscDecode,
  codecsReady,
  decodeArray,
  encodeArray,
  msgpackDecode,
  msgpackEncode,
  sha1Hex,
  zstdCompress,
  zstdDecompress,
} from '../../src/codecs/index.js';
import { Commit, type CommitRow } from '../../src/commit.js';
import { IntegrityError } from '../../src/engine-errors.js';
import { LakotaError } from '../../src/errors.js';
import { hextime } from '../../src/hextime.js';
import { Repo } from '../../src/repo.js';
import { PHI, Revision } from '../../src/revision.js';
import { Schema } from '../../src/schema.js';

// The decoders of everything read from storage get random and mutated bytes:
// each input must decode or fail with a typed LakotaError (CodecError,
// InvalidInputError…), never with a TypeError or RangeError escaping, a crash
// or a hang. LAKOTA_FUZZ_RUNS sets the number of inputs (100,000 by default,
// spread over the decoders).
const RUNS = Number(process.env.LAKOTA_FUZZ_RUNS ?? 100_000);
const SEED = Number(process.env.LAKOTA_FUZZ_SEED ?? 20260101);

interface Target {
  name: string;
  decode: (bytes: Uint8Array) => unknown;
  /** Valid encodings that mutations start from. */
  seeds: () => Uint8Array[];
}

const TS = Schema.from('timestamp timestamp*\nvalue float');
const MIXED = Schema.from('category str*\nday date*\nqty int\nprice float\ncomment str\nextra O');

function commitOf(schema: Schema, rows: CommitRow[], embedded: [string, Uint8Array][]): Uint8Array {
  return new Commit(schema, rows, new Map(embedded)).encode({
    op: 'write',
    message: 'fuzz',
    series: ['a'],
    rows: 3,
  });
}

function seedsForTs(): Uint8Array[] {
  const ts = encodeArray(BigInt64Array.from([1n, 2n, 3n]), 'datetime64[s]', ['blosc']);
  const v = encodeArray(Float64Array.from([1.5, 2.5, 3.5]), 'float64', ['blosc']);
  const row = (
    label: string,
    start: bigint,
    stop: bigint,
    closed: 'b' | 'l' | 'r' | 'n',
  ): CommitRow => ({
    label,
    start: [start],
    stop: [stop],
    digests: ['a'.repeat(40), 'b'.repeat(40)],
    length: 3,
    closed,
  });
  return [
    Commit.empty(TS).encode(),
    commitOf(
      TS,
      [row('a', 1n, 3n, 'b')],
      [
        ['a'.repeat(40), ts],
        ['b'.repeat(40), v],
      ],
    ),
    commitOf(
      TS,
      [row('a', 1n, 2n, 'l'), row('a', 2n, 3n, 'r'), row('b', 1n, 3n, 'n')],
      [
        ['a'.repeat(40), ts],
        ['b'.repeat(40), v],
      ],
    ),
  ];
}

function seedsForMixed(): Uint8Array[] {
  const rows: CommitRow[] = [
    {
      label: 'série 🙂',
      start: ['a', 18000n],
      stop: ['z', 18010n],
      digests: [
        '1'.repeat(40),
        '2'.repeat(40),
        '3'.repeat(40),
        '4'.repeat(40),
        '5'.repeat(40),
        '6'.repeat(40),
      ],
      length: 2,
      closed: 'b',
    },
  ];
  return [
    commitOf(MIXED, rows, [['1'.repeat(40), encodeArray(['a', 'z'], '<U0', ['msgpack2', 'zstd'])]]),
  ];
}

const ints = (n: number) => BigInt64Array.from({ length: n }, (_, i) => BigInt(i * 7919) ** 2n);
const floats = (n: number) => Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 1e6);

const COMMITS: Target[] = [
  { name: 'commit (timestamp, value)', decode: (b) => Commit.decode(TS, b), seeds: seedsForTs },
  {
    name: 'commit (multi-column index, text, object)',
    decode: (b) => Commit.decode(MIXED, b),
    seeds: seedsForMixed,
  },
];

const CODECS: Target[] = [
  { name: 'commit info (peeked)', decode: (b) => Commit.peekInfo(b), seeds: seedsForTs },
  {
    name: 'int64 blosc array',
    decode: (b) => decodeArray(b, 'int64', ['blosc']),
    seeds: () => [
      encodeArray(ints(3), 'int64', ['blosc']),
      encodeArray(ints(400), 'int64', ['blosc']),
    ],
  },
  {
    name: 'float64 blosc array',
    decode: (b) => decodeArray(b, 'float64', ['blosc']),
    seeds: () => [
      encodeArray(floats(5), 'float64', ['blosc']),
      encodeArray(floats(600), 'float64', ['blosc']),
    ],
  },
  {
    name: 'datetime64[s] blosc array',
    decode: (b) => decodeArray(b, 'datetime64[s]', ['blosc']),
    seeds: () => [
      encodeArray(
        BigInt64Array.from({ length: 300 }, (_, i) => 1_600_000_000n + BigInt(i) * 60n),
        'datetime64[s]',
        ['blosc'],
      ),
    ],
  },
  {
    name: 'str msgpack2+zstd array',
    decode: (b) => decodeArray(b, '<U0', ['msgpack2', 'zstd']),
    seeds: () => [encodeArray(['paris', 'brüssel', '🙂', ''], '<U0', ['msgpack2', 'zstd'])],
  },
  {
    name: 'object msgpack2+zstd array',
    decode: (b) => decodeArray(b, 'object', ['msgpack2', 'zstd']),
    seeds: () => [encodeArray([{ a: 1 }, [1, 2], 'x', null, 3.5], 'object', ['msgpack2', 'zstd'])],
  },
  {
    name: 'msgpack',
    decode: (b) => msgpackDecode(b),
    seeds: () => [
      msgpackEncode({
        start: new Uint8Array([1, 2, 3]),
        label: ['a', 'b'],
        n: 2 ** 40,
        f: 1.5,
        t: true,
      }),
    ],
  },
  {
    name: 'zstd frame',
    decode: (b) => zstdDecompress(b),
    seeds: () => [
      zstdCompress(new TextEncoder().encode('lakota '.repeat(200))),
      zstdCompress(new Uint8Array(10)),
    ],
  },
  {
    name: 'blosc container',
    decode: (b) => bloscDecode(b),
    seeds: () => [
      encodeArray(ints(1000), 'int64', ['blosc']),
      encodeArray(floats(2), 'float64', ['blosc']),
    ],
  },
];

type Edit = { op: 'flip' | 'set' | 'insert' | 'delete' | 'truncate'; at: number; byte: number };

function mutate(seed: Uint8Array, edits: readonly Edit[]): Uint8Array {
  let out = Array.from(seed);
  for (const e of edits) {
    const at = out.length ? e.at % out.length : 0;
    if (e.op === 'flip' && out.length) out[at] = (out[at] as number) ^ (1 << (e.byte % 8));
    else if (e.op === 'set' && out.length) out[at] = e.byte;
    else if (e.op === 'insert') out.splice(at, 0, e.byte);
    else if (e.op === 'delete') out.splice(at, 1);
    else if (e.op === 'truncate') out = out.slice(0, at);
  }
  return Uint8Array.from(out);
}

function inputs(seeds: Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const edit = fc.record({
    op: fc.constantFrom<Edit['op']>('flip', 'flip', 'set', 'insert', 'delete', 'truncate'),
    at: fc.nat(),
    byte: fc.nat(255),
  });
  return fc.oneof(
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 256 }) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 4 }))
        .map(([s, edits]) => mutate(s, edits)),
    },
  );
}

interface Escape {
  error: string;
  input: string;
}

describe(`decoders of stored bytes, ${RUNS.toLocaleString('en')} fuzzed inputs`, () => {
  beforeAll(async () => {
    await codecsReady();
  });

  const escapes: Record<string, Escape[]> = {};
  let tried = 0;
  let typed = 0;
  let untyped = 0;
  let slowest = 0;
  const runs = Math.ceil(RUNS / (COMMITS.length + CODECS.length));

  function fuzz(target: Target, onFailure?: (bytes: Uint8Array) => void): Escape[] {
    const found: Escape[] = [];
    fc.assert(
      fc.property(inputs(target.seeds()), (bytes) => {
        tried++;
        const t0 = performance.now();
        try {
          target.decode(bytes);
        } catch (err) {
          onFailure?.(bytes);
          if (err instanceof LakotaError) typed++;
          else {
            untyped++;
            if (found.length < 5) {
              found.push({
                error: `${(err as Error)?.name}: ${(err as Error)?.message}`,
                input: Buffer.from(bytes).toString('hex').slice(0, 200),
              });
            }
          }
        }
        slowest = Math.max(slowest, performance.now() - t0);
      }),
      { numRuns: runs, seed: SEED },
    );
    escapes[target.name] = found;
    return found;
  }

  it.each(CODECS.map((t) => [t.name, t] as const))(
    '%s: decodes or fails with a typed error',
    (_name, target) => {
      expect(fuzz(target)).toEqual([]);
    },
  );

  /** Payloads Commit.decode refused, to read through the engine below. */
  const malformed: Uint8Array[] = [];

  // Commit.decode checks the layout of the payload (keys, binaries, array
  // lengths, closed flags), so a malformed one gives a CodecError.
  it.each(COMMITS.map((t) => [t.name, t] as const))(
    '%s: decodes or fails with a typed error',
    (_name, target) => {
      expect(fuzz(target, (b) => malformed.length < 100 && malformed.push(b))).toEqual([]);
    },
  );

  it('a malformed commit read through the engine fails with an IntegrityError naming its file', async () => {
    expect(malformed.length).toBeGreaterThan(0);
    const repo = await Repo.open(new MemoryPod());
    const clct = await repo.createCollection('timestamp timestamp*\nvalue float', 'c');
    for (const payload of malformed) {
      const rev = new Revision(PHI, `${hextime()}-${sha1Hex(payload)}`);
      await clct.changelog.pod.write(rev.path, payload);
      const err = await clct.readCommit(rev).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IntegrityError);
      expect((err as IntegrityError).path).toBe(rev.path);
      expect((err as Error).message).toContain(rev.path);
    }
  });

  it('summary', () => {
    console.info(
      `[reliability] fuzz: inputs=${tried} typedErrors=${typed} untypedErrors=${untyped} (decoders with untyped errors: ${
        Object.entries(escapes)
          .filter(([, e]) => e.length)
          .map(([n]) => n)
          .join('; ') || 'none'
      }) slowestMs=${slowest.toFixed(1)}`,
    );
    expect(tried).toBeGreaterThanOrEqual(RUNS);
  });
});
