import { MemoryPod } from '@lakota/pod-memory';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Closed, Repo, type Series } from '../src/index.js';
import { RevisionGraph } from '../src/revision-graph.js';

/**
 * Random sequences of writes, deletes, multi() batches, concurrent heads and
 * merges, checked after every step against a plain model: a sorted map from
 * index to value.
 */
type Model = Map<number, number>;

type Op =
  | {
      kind: 'write';
      series: string;
      keys: number[];
      value: number;
      pad: [number, number];
      closed: Closed;
    }
  | { kind: 'delete'; series: string; start: number; stop: number; closed: Closed }
  | { kind: 'multi'; writes: { series: string; keys: number[]; value: number }[] };

const SERIES = ['a', 'b', 'c'];
const closedArb = fc.constantFrom<Closed>('b', 'l', 'r', 'n');
const keysArb = fc
  .uniqueArray(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 12 })
  .map((k) => k.sort((x, y) => x - y));
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('write' as const),
      series: fc.constantFrom(...SERIES),
      keys: keysArb,
      value: fc.integer({ min: 1, max: 999 }),
      pad: fc.tuple(fc.nat(3), fc.nat(3)),
      closed: closedArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        kind: fc.constant('delete' as const),
        series: fc.constantFrom(...SERIES),
        start: fc.integer({ min: -2, max: 42 }),
        stop: fc.integer({ min: -2, max: 42 }),
        closed: closedArb,
      })
      .map((o) => ({ ...o, start: Math.min(o.start, o.stop), stop: Math.max(o.start, o.stop) })),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('multi' as const),
      writes: fc.array(
        fc.record({
          series: fc.constantFrom(...SERIES),
          keys: keysArb,
          value: fc.integer({ min: 1, max: 999 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
  },
);

const inRange = (k: number, start: number, stop: number, closed: Closed) =>
  (k > start || (k === start && (closed === 'b' || closed === 'l'))) &&
  (k < stop || (k === stop && (closed === 'b' || closed === 'r')));

function applyModel(models: Map<string, Model>, op: Op): void {
  const get = (s: string) => models.get(s) ?? models.set(s, new Map()).get(s)!;
  const replace = (
    s: string,
    start: number,
    stop: number,
    closed: Closed,
    keys: number[],
    value: number,
  ) => {
    const m = get(s);
    for (const k of [...m.keys()]) if (inRange(k, start, stop, closed)) m.delete(k);
    for (const [i, k] of keys.entries()) m.set(k, value + i / 100);
  };
  if (op.kind === 'write') {
    const start = op.keys[0]! - op.pad[0];
    const stop = op.keys[op.keys.length - 1]! + op.pad[1];
    // Keys on an open end are not written (the range does not include them).
    const keys = op.keys.filter((k) => inRange(k, start, stop, op.closed));
    replace(op.series, start, stop, op.closed, keys, op.value);
  } else if (op.kind === 'delete') replace(op.series, op.start, op.stop, op.closed, [], 0);
  else
    for (const w of op.writes)
      replace(w.series, w.keys[0]!, w.keys[w.keys.length - 1]!, 'b', w.keys, w.value);
}

async function applyRepo(repo: Repo, op: Op, root = false): Promise<void> {
  const clct = await repo.collection('c');
  const frame = (keys: number[], value: number) => ({
    idx: keys,
    value: keys.map((_, i) => value + i / 100),
  });
  if (op.kind === 'write') {
    const start = op.keys[0]! - op.pad[0];
    const stop = op.keys[op.keys.length - 1]! + op.pad[1];
    const keys = op.keys.filter((k) => inRange(k, start, stop, op.closed));
    if (keys.length === 0)
      await clct.series(op.series).delete(start, stop, { closed: op.closed, root });
    else
      await clct
        .series(op.series)
        .write(frame(keys, op.value), { start, stop, closed: op.closed, root });
  } else if (op.kind === 'delete') {
    await clct.series(op.series).delete(op.start, op.stop, { closed: op.closed, root });
  } else {
    await clct.multi(async (batch) => {
      for (const w of op.writes) await batch.series(w.series).write(frame(w.keys, w.value));
    });
  }
}

async function expectSame(
  series: (s: string) => Series,
  models: Map<string, Model>,
): Promise<void> {
  for (const s of SERIES) {
    const frame = await series(s).read();
    const got = frame.toRecords({ int64: 'number' }).map((r) => [r.idx, r.value]);
    const want = [...(models.get(s) ?? new Map()).entries()].sort((x, y) => x[0] - y[0]);
    expect(got).toEqual(want);
  }
}

async function freshRepo(): Promise<Repo> {
  const repo = await Repo.open(new MemoryPod());
  await repo.createCollection('idx int*\nvalue float', 'c');
  return repo;
}

describe('engine against a model', () => {
  it('matches the model after every write, delete and multi()', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 12 }), async (ops) => {
        const repo = await freshRepo();
        const clct = await repo.collection('c');
        const models = new Map<string, Model>();
        for (const op of ops) {
          applyModel(models, op);
          await applyRepo(repo, op);
          await expectSame((s) => clct.series(s), models);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps earlier states readable at every revision', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 8 }), async (ops) => {
        const repo = await freshRepo();
        const clct = await repo.collection('c');
        const models = new Map<string, Model>();
        const snapshots: [string, Map<string, Model>][] = [];
        for (const op of ops) {
          applyModel(models, op);
          await applyRepo(repo, op);
          const leaf = await clct.changelog.leaf();
          snapshots.push([leaf!.child, new Map([...models].map(([k, v]) => [k, new Map(v)]))]);
        }
        for (const [at, model] of snapshots) {
          await expectSame((s) => ({ read: () => clct.series(s).read({ at }) }) as Series, model);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('merges concurrent heads: later heads win where they overlap', async () => {
    const sideOp = opArb.filter((o) => o.kind !== 'multi');
    // The common history holds no deletion: deleting again a range that the
    // common ancestor had already deleted is no change, so it does not win
    // over the other head (docs/compatibility.md), which a replay model
    // cannot express.
    const commonOp = opArb.filter(
      (o) => o.kind !== 'delete' && (o.kind !== 'write' || o.closed === 'b'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(commonOp, { minLength: 0, maxLength: 4 }),
        fc.array(sideOp, { minLength: 1, maxLength: 4 }),
        fc.array(sideOp, { minLength: 1, maxLength: 4 }),
        async (common, left, right) => {
          const repo = await freshRepo();
          const base = new Map<string, Model>();
          for (const op of common) {
            applyModel(base, op);
            await applyRepo(repo, op);
          }
          // A second repository starts from the same state, then both write.
          const other = await Repo.open(new MemoryPod());
          await other.pull(repo);
          for (const op of left) await applyRepo(repo, op);
          for (const op of right) await applyRepo(other, op);
          const clct = await repo.collection('c');
          const leftHead = (await clct.changelog.leaf())!.digest;
          await repo.pull(other);
          const heads = await clct.changelog.heads();
          const graph = new RevisionGraph(await clct.changelog.log());
          await clct.merge();
          expect(await clct.changelog.heads()).toHaveLength(1);
          // The base is the head holding the most commits (the first in log
          // order among equals); the other head's writes win where they overlap.
          const held = heads.map((h) => graph.ancestors(h.digest).size);
          const baseAt = held.indexOf(Math.max(...held));
          const order =
            heads.length < 2
              ? [left, right]
              : [heads[baseAt]!, ...heads.filter((_, i) => i !== baseAt)].map((h) =>
                  h.digest === leftHead ? left : right,
                );
          const model = new Map([...base].map(([k, v]) => [k, new Map(v)]));
          for (const ops of order) for (const op of ops) applyModel(model, op);
          await expectSame((s) => clct.series(s), model);
        },
      ),
      { numRuns: 500 },
    );
  });
});
