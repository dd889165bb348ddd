import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type Collection,
  hashedPath,
  LakotaError,
  PHI,
  type Pod,
  Repo,
  sha1Hex,
} from '@lakota/core';
import { FsPod } from '@lakota/pod-fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KVSeries } from '../../../core/src/registry.js';
import { summary, tempFolder } from './children.js';

// A catalogue of bad input through the library's API: each case must be
// refused with a typed LakotaError and leave the repository, and everything
// around it, as it was; or it is accepted on purpose, for a reason written
// beside it, and then checked. Nothing may be accepted wrongly or fail with
// an untyped error.

interface Ctx {
  repo: Repo;
  pod: Pod;
  clct: Collection;
  root: string;
}

interface Case {
  category: string;
  name: string;
  run: (ctx: Ctx) => Promise<unknown>;
  /** A typed error the engine must raise (default: any LakotaError), and a part of its message. */
  message?: RegExp;
  /** Accepted on purpose: why, and what must then hold. */
  accepted?: { why: string; check: (ctx: Ctx, result: unknown) => Promise<void> };
  /** Changes the case makes before the call under test (a forged file): checked against that state. */
  prepare?: (ctx: Ctx) => Promise<void>;
}

const SCHEMA = 'key int*\nvalue float\nname str';
const good = { key: [1, 2], value: [1.5, 2.5], name: ['a', 'b'] };
const write = (frame: unknown) => (ctx: Ctx) => ctx.clct.series('s').write(frame as never);
const read = (options: unknown) => (ctx: Ctx) => ctx.clct.series('s').read(options as never);

async function readBack(ctx: Ctx, collection: string, series: string) {
  return (await (await ctx.repo.collection(collection)).series(series).read()).toRecords({
    int64: 'number',
  });
}

const CASES: Case[] = [
  // Labels are data stored inside commits, never paths; only collection labels refuse '/'.
  {
    category: 'path traversal in labels',
    name: "collection '../escape'",
    run: (c) => c.repo.createCollection(SCHEMA, '../escape'),
    message: /cannot contain '\/'/,
  },
  {
    category: 'path traversal in labels',
    name: "collection 'a/../../b'",
    run: (c) => c.repo.createCollection(SCHEMA, 'a/../../b'),
    message: /cannot contain '\/'/,
  },
  {
    category: 'path traversal in labels',
    name: "collection '..'",
    run: (c) => c.repo.createCollection(SCHEMA, '..'),
    accepted: {
      why: 'a collection label is only a key of the registry; its folder is a random hashed path',
      check: async (c) => {
        expect((await c.repo.collection('..')).path).toMatch(
          /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{36}$/,
        );
      },
    },
  },
  {
    category: 'path traversal in labels',
    name: "series '../../../etc/passwd'",
    run: (c) => c.clct.series('../../../etc/passwd').write(good),
    accepted: {
      why: 'a series label is a value inside commits, never a path',
      check: async (c) => {
        expect(await readBack(c, 'c', '../../../etc/passwd')).toHaveLength(2);
      },
    },
  },
  {
    category: 'labels',
    name: 'a NUL in a series label',
    run: (c) => c.clct.series('a\0b').write(good),
    message: /control characters/,
  },
  {
    category: 'labels',
    name: 'a newline in a collection label',
    run: (c) => c.repo.createCollection(SCHEMA, 'a\nb'),
    message: /control characters/,
  },
  {
    category: 'labels',
    name: 'a 1,025-character label',
    run: (c) => c.clct.series('x'.repeat(1025)).write(good),
    message: /at most 1024/,
  },
  {
    category: 'labels',
    name: 'a 10-million-character label',
    run: (c) => c.repo.createCollection(SCHEMA, 'x'.repeat(10_000_000)),
    message: /at most 1024/,
  },
  {
    category: 'labels',
    name: 'a lone surrogate (invalid UTF-16) in a label',
    run: (c) => c.clct.series('a\uD800').write(good),
    message: /lone surrogate/,
  },
  {
    category: 'labels',
    name: 'a label of spaces',
    run: (c) => c.clct.series('   ').write(good),
    message: /spaces/,
  },
  {
    category: 'labels',
    name: 'a number as a label',
    run: (c) => c.clct.series(42 as never).write(good),
    message: /must be a string/,
  },
  // Pod paths are checked before any I/O.
  {
    category: 'path traversal in pod paths',
    name: "read('../outside')",
    run: (c) => c.pod.read('../outside'),
    message: /Invalid path/,
  },
  {
    category: 'path traversal in pod paths',
    name: "write('/etc/lakota')",
    run: (c) => c.pod.write('/etc/lakota', new Uint8Array(1)),
    message: /Invalid path/,
  },
  {
    category: 'path traversal in pod paths',
    name: "write('a/../../b')",
    run: (c) => c.pod.write('a/../../b', new Uint8Array(1)),
    message: /Invalid path/,
  },
  {
    category: 'path traversal in pod paths',
    name: 'a backslash',
    run: (c) => c.pod.write('a\\..\\b', new Uint8Array(1)),
    message: /Invalid path/,
  },
  {
    category: 'path traversal in pod paths',
    name: 'a NUL',
    run: (c) => c.pod.write('a\0b', new Uint8Array(1)),
    message: /Invalid path/,
  },
  {
    category: 'path traversal in pod paths',
    name: "cd('..')",
    run: async (c) => c.pod.cd('..'),
    message: /Invalid path/,
  },
  {
    category: 'path traversal in pod paths',
    name: "rm('', recursive) through a sub-pod of '..'",
    run: async (c) => c.pod.cd('a/../..').rm('', { recursive: true }),
    message: /Invalid path/,
  },
  // URIs.
  {
    category: 'URIs',
    name: 'an unknown scheme',
    run: () => Repo.open('gopher://x/y'),
    message: /gopher/,
  },
  {
    category: 'URIs',
    name: 'an empty file:// URI',
    run: () => Repo.open('file://'),
    message: /names no folder/,
  },
  {
    category: 'URIs',
    name: 'a bad percent-escape',
    run: () => Repo.open('file:///tmp/a%zz'),
    message: /percent-escape/,
  },
  {
    category: 'URIs',
    name: 'a NUL in a folder URI',
    run: () => Repo.open('file:///tmp/a%00b'),
    message: /NUL/,
  },
  { category: 'URIs', name: 'an empty URI', run: () => Repo.open(''), message: /empty/ },
  {
    category: 'URIs',
    name: 'a bad memory:// parameter',
    run: () => Repo.open('memory://?lru_size=-3'),
    message: /lru_size/,
  },
  {
    category: 'URIs',
    name: 'an empty list of layers',
    run: () => Repo.open([]),
    message: /at least one/,
  },
  // Frames of the wrong shape or type.
  {
    category: 'wrong types',
    name: 'null as a frame',
    run: write(null),
    message: /frame is an object/,
  },
  {
    category: 'wrong types',
    name: 'a number as a frame',
    run: write(42),
    message: /frame is an object/,
  },
  {
    category: 'wrong types',
    name: 'an array of numbers as a frame',
    run: write([1, 2, 3]),
    message: /records/,
  },
  { category: 'wrong types', name: 'a string as a column', run: write({ ...good, key: 'abc' }) },
  {
    category: 'wrong types',
    name: 'an object in a float column',
    run: write({ ...good, value: [{}, 1] }),
    message: /'value'/,
  },
  {
    category: 'wrong types',
    name: 'a symbol in a str column',
    run: write({ ...good, name: [Symbol('x'), 'b'] }),
    message: /'name'/,
  },
  {
    category: 'wrong types',
    name: 'an int beyond int64',
    run: write({ ...good, key: [1n, 2n ** 64n] }),
    message: /'key'/,
  },
  {
    category: 'wrong types',
    name: 'Infinity in an int index',
    run: write({ ...good, key: [1, Number.POSITIVE_INFINITY] }),
    message: /'key'/,
  },
  {
    category: 'wrong types',
    name: 'columns of different lengths',
    run: write({ ...good, value: [1] }),
    message: /different lengths/,
  },
  {
    category: 'wrong types',
    name: 'an unknown column',
    run: write({ ...good, extra: [1, 2] }),
    message: /Unknown column/,
  },
  {
    category: 'wrong types',
    name: 'a missing column',
    run: write({ key: [1], value: [1] }),
    message: /Missing column/,
  },
  // Index values.
  {
    category: 'index values',
    name: 'NaN in the index',
    run: write({ ...good, key: [1, Number.NaN] }),
  },
  { category: 'index values', name: 'null in the index', run: write({ ...good, key: [null, 2] }) },
  {
    category: 'index values',
    name: 'undefined in the index',
    run: write({ ...good, key: [1, undefined] }),
  },
  {
    category: 'index values',
    name: 'an unsorted index',
    run: write({ ...good, key: [2, 1] }),
    message: /not sorted/,
  },
  {
    category: 'index values',
    name: 'a duplicated index value',
    run: write({ key: [1, 1], value: [1, 2], name: ['a', 'b'] }),
    accepted: {
      why: 'Python Lakota tolerates duplicates (FORMAT.md §10): both rows replace key 1, in order',
      check: async (c) => {
        expect((await readBack(c, 'c', 's')).map((r) => [r.key, r.value])).toEqual([
          [1, 1],
          [1, 2],
          [2, 2.5],
        ]);
      },
    },
  },
  {
    category: 'index values',
    name: 'an invalid Date as a timestamp',
    prepare: async (c) => {
      await c.repo.createCollection('t timestamp*\nv float', 't');
    },
    run: async (c) =>
      (await c.repo.collection('t')).series('s').write({ t: [new Date(Number.NaN)], v: [1] }),
    message: /'t'/,
  },
  {
    category: 'index values',
    name: 'February 30th',
    prepare: async (c) => {
      await c.repo.createCollection('t timestamp*\nv float', 't');
    },
    run: async (c) =>
      (await c.repo.collection('t')).series('s').write({ t: ['2020-02-30'], v: [1] }),
    message: /not a valid date/,
  },
  // Text.
  {
    category: 'text',
    name: 'a lone surrogate in a str value',
    run: write({ ...good, name: ['ok', 'bad \uDC00'] }),
  },
  // Queries.
  { category: 'queries', name: 'an object as start', run: read({ start: {} }) },
  { category: 'queries', name: 'a negative limit', run: read({ limit: -1 }), message: /limit/ },
  {
    category: 'queries',
    name: 'a fractional offset',
    run: read({ offset: 1.5 }),
    message: /offset/,
  },
  {
    category: 'queries',
    name: 'select as a string',
    run: read({ select: 'value' }),
    accepted: {
      why: 'a single column name is part of the API (QueryOptions.select)',
      check: async (_c, result) => {
        expect((result as { names: string[] }).names).toEqual(['value']);
      },
    },
  },
  {
    category: 'queries',
    name: 'an unknown closed value',
    run: read({ closed: 'SIDEWAYS' }),
    message: /closed/,
  },
  {
    category: 'queries',
    name: 'before as words',
    run: read({ before: 'yesterday' }),
    message: /as a time/,
  },
  {
    category: 'queries',
    name: 'a path as a revision',
    run: read({ at: '../../etc/passwd' }),
    message: /No revision/,
  },
  // Schemas.
  {
    category: 'schemas',
    name: 'an unknown type',
    run: (c) => c.repo.createCollection('x decimal*', 'd'),
    message: /unknown type/,
  },
  {
    category: 'schemas',
    name: 'no index column',
    run: (c) => c.repo.createCollection('x int', 'd'),
    message: /index/,
  },
  {
    category: 'schemas',
    name: 'a number as a schema',
    run: (c) => c.repo.createCollection(42 as never, 'd'),
  },
  {
    category: 'schemas',
    name: 'an unknown codec',
    run: (c) => c.repo.createCollection('x int* | lz4', 'd'),
    message: /lz4/,
  },
  // Forged and malformed files: reads fail with an error naming the file, and give no other values.
  {
    category: 'forged files',
    name: 'a revision file whose bytes do not match its name',
    prepare: async (c) => {
      const leaf = (await c.clct.changelog.leaf())!;
      await c.clct.changelog.pod.write(
        `${leaf.child}.fffffffffff-${'1'.repeat(40)}`,
        new TextEncoder().encode('forged'),
      );
    },
    run: read({}),
    message: /fffffffffff-1{40}.*(corrupted|SHA-1)/,
  },
  {
    category: 'forged files',
    name: 'a revision file of malformed msgpack, named by its own SHA-1',
    prepare: async (c) => {
      const leaf = (await c.clct.changelog.leaf())!;
      const bytes = new Uint8Array([0x93, 0x87, 0xa5, 0xff, 0xff]);
      await c.clct.changelog.pod.write(`${leaf.child}.fffffffffff-${sha1Hex(bytes)}`, bytes);
    },
    run: read({}),
    message: /Cannot decode revision 'fffffffffff|fffffffffff-/,
  },
  {
    category: 'forged files',
    name: 'revision names that are not revisions (parent = child, upper case, junk)',
    prepare: async (c) => {
      const leaf = (await c.clct.changelog.leaf())!;
      const payload = await c.clct.changelog.pod.read(leaf.path);
      await c.clct.changelog.pod.write(`${leaf.child}.${leaf.child}`, payload);
      await c.clct.changelog.pod.write(`${PHI}.FFFFFFFFFFF-${leaf.digest.toUpperCase()}`, payload);
      await c.clct.changelog.pod.write('..lakota', payload);
    },
    run: read({}),
    accepted: {
      why: 'names that are not `<parent>.<child>` with distinct lowercase ids are not revisions: reads ignore them',
      check: async (_c, result) => {
        expect((result as { length: number }).length).toBe(2);
      },
    },
  },
  {
    category: 'forged files',
    name: 'a segment file of malformed blosc',
    prepare: async (c) => {
      const ci = (await c.clct.commitAt())!;
      const [digest] = [...ci.segmentDigests()];
      await c.pod.write(
        hashedPath(digest!),
        new Uint8Array([2, 1, 0x94, 8, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0, 32, 0, 0, 0]),
        { force: true },
      );
    },
    run: (c) => c.clct.series('big').read(),
    message: /Cannot decode segment file '[0-9a-f]{2}\/[0-9a-f]{2}\//,
  },
  {
    category: 'forged files',
    name: 'a registry entry pointing outside the repository',
    prepare: async (c) => {
      await new KVSeries(c.repo.registry.series('collection')).set([
        {
          label: 'evil',
          meta: {
            path: '../../outside',
            schema: { kind: null, columns: { k: { dt: 'int64', codecs: ['blosc'], idx: true } } },
          },
        },
      ]);
    },
    run: (c) => c.repo.collection('evil'),
    message: /Invalid path/,
  },
  {
    category: 'forged files',
    name: 'a registry entry with a schema that is not one',
    prepare: async (c) => {
      await new KVSeries(c.repo.registry.series('collection')).set([
        {
          label: 'evil2',
          meta: { path: 'ab/cd/0123456789abcdef0123456789abcdef0123', schema: 42 },
        },
      ]);
    },
    run: (c) => c.repo.collection('evil2'),
  },
  // Wrong objects where a pod is expected.
  {
    category: 'wrong types',
    name: 'a number as a pod',
    run: async () => (await Repo.open(42 as never)).ls(),
    message: /pod/i,
  },
];

interface Outcome {
  c: Case;
  kind: 'refused' | 'accepted' | 'accepted wrongly' | 'untyped error' | 'changed something';
  detail: string;
}

const settled = (o: Outcome) => o.kind === 'refused' || o.kind === 'accepted';

/** Every file under a folder (the repository's and its neighbours'), with its content. */
async function tree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const p = join(entry.parentPath, entry.name);
    out.set(p, sha1Hex(await readFile(p)));
  }
  return out;
}

describe(`hostile input through the API (${CASES.length} cases)`, () => {
  let sandbox: Awaited<ReturnType<typeof tempFolder>>;
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    sandbox = await tempFolder('hostile');
    for (const [i, c] of CASES.entries()) {
      const root = join(sandbox.path, `case-${i}`, 'repo');
      const pod = new FsPod(root);
      const repo = await Repo.open(pod);
      const clct = await repo.createCollection(SCHEMA, 'c');
      await clct.series('s').write(good);
      const n = 600;
      await clct.series('big').write({
        key: Array.from({ length: n }, (_, k) => k),
        value: Array.from({ length: n }, (_, k) => Math.sin(k)),
        name: Array.from({ length: n }, (_, k) => `n${k * 7919}`),
      });
      const ctx: Ctx = { repo, pod, clct, root };
      await c.prepare?.(ctx);
      const before = await tree(sandbox.path);
      let result: unknown;
      let error: unknown;
      try {
        result = await c.run(ctx);
      } catch (err) {
        error = err;
      }
      const after = await tree(sandbox.path);
      const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
        (p) => before.get(p) !== after.get(p),
      );
      const what = `${c.category}: ${c.name}`;
      if (error !== undefined) {
        const e = error as Error;
        if (!(error instanceof LakotaError))
          outcomes.push({
            c,
            kind: 'untyped error',
            detail: `${what} → ${e?.name}: ${e?.message}`,
          });
        else if (c.message && !c.message.test(e.message))
          outcomes.push({
            c,
            kind: 'untyped error',
            detail: `${what} → unexpected message: ${e.message}`,
          });
        else if (changed.length)
          outcomes.push({
            c,
            kind: 'changed something',
            detail: `${what} → ${changed.join(', ')}`,
          });
        else
          outcomes.push({
            c,
            kind: 'refused',
            detail: `${what} → ${e.name}: ${e.message.slice(0, 160)}`,
          });
      } else if (c.accepted) {
        try {
          await c.accepted.check(ctx, result);
          const outside = changed.filter((p) => !p.startsWith(`${root}/`));
          if (outside.length)
            outcomes.push({
              c,
              kind: 'changed something',
              detail: `${what} → outside the repository: ${outside.join(', ')}`,
            });
          else
            outcomes.push({ c, kind: 'accepted', detail: `${what} → accepted: ${c.accepted.why}` });
        } catch (err) {
          outcomes.push({
            c,
            kind: 'accepted wrongly',
            detail: `${what} → ${(err as Error).message}`,
          });
        }
      } else {
        outcomes.push({
          c,
          kind: 'accepted wrongly',
          detail: `${what} → accepted (changed: ${changed.length} files)`,
        });
      }
    }
    const count = (k: Outcome['kind']) => outcomes.filter((o) => o.kind === k).length;
    summary('hostile input (API)', {
      inputsTried: outcomes.length,
      refusedWithTypedError: count('refused'),
      acceptedByDesign: count('accepted'),
      acceptedWrongly: count('accepted wrongly'),
      untypedErrors: count('untyped error'),
      changedSomething: count('changed something'),
    });
    for (const o of outcomes.filter((x) => !settled(x)))
      console.info(`  ${o.kind}: ${o.detail.slice(0, 240)}`);
  }, 300_000);

  afterAll(async () => {
    await sandbox?.remove();
  });

  it('every input is refused with a typed error that changes nothing, or accepted on purpose', () => {
    expect(outcomes.filter((o) => !settled(o)).map((o) => `${o.kind}: ${o.detail}`)).toEqual([]);
    expect(outcomes).toHaveLength(CASES.length);
  });
});
