import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FsPod } from '@lakota/pod-fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Collection, type Frame, Repo } from '../src/index.js';
import { formatCell } from '../src/python-format.js';
import { extractFixture } from './fixture-helpers.js';

interface Query {
  id: string;
  method: 'frame' | 'tail' | 'ls_collections' | 'ls_series' | 'changelog' | 'leaf';
  collection?: string;
  series?: string;
  kwargs?: Record<string, unknown> | null;
  columns?: string[];
  rows?: string[][];
  result?: unknown;
}

interface Manifest {
  collections: string[];
  collection: Record<
    string,
    {
      path: string;
      series: string[];
      data: Record<string, { columns: string[]; rows: string[][] }>;
      changelog: {
        path: string;
        is_leaf: boolean;
        commit: {
          rows: { label: string; start: string[]; stop: string[]; length: number; closed: string; digest: Record<string, string> }[];
          embedded: string[];
        };
      }[];
      leaf: string;
      heads?: Record<string, Record<string, { columns: string[]; rows: string[][] }>>;
    }
  >;
  registry: { changelog: { path: string }[] };
  queries: Query[];
}

let repo: Repo;
let manifest: Manifest;
const root = extractFixture();
manifest = JSON.parse(readFileSync(join(root, 'ref.manifest.json'), 'utf8'));

beforeAll(async () => {
  repo = await Repo.open(new FsPod(join(root, 'ref')));
});

function cells(frame: Frame): string[][] {
  const cols = frame.names.map((n) => [frame.schema.column(n), frame.column(n) as ArrayLike<unknown>] as const);
  return Array.from({ length: frame.length }, (_, i) => cols.map(([c, v]) => formatCell(v[i], c)));
}

/** Manifest kwargs use Python's names and values. */
function queryOptions(kwargs: Record<string, unknown> | null | undefined) {
  const { before, start, stop, closed, limit, offset, select } = kwargs ?? {};
  return {
    ...(before !== undefined ? { before: before as string } : {}),
    ...(start !== undefined ? { start } : {}),
    ...(stop !== undefined ? { stop } : {}),
    ...(closed !== undefined ? { closed: closed as 'LEFT' } : {}),
    ...(limit !== undefined ? { limit: limit as number } : {}),
    ...(offset !== undefined ? { offset: offset as number } : {}),
    ...(select !== undefined ? { select: select as string[] } : {}),
  };
}

describe('the Python Lakota fixture', () => {
  describe.each(manifest.queries.map((q) => [q.id, q] as const))('query %s', (_id, q) => {
    it('gives the manifest result', async () => {
      const clct: Collection | undefined = q.collection ? await repo.collection(q.collection) : undefined;
      switch (q.method) {
        case 'ls_collections':
          expect(await repo.ls()).toEqual(q.result);
          break;
        case 'ls_series':
          expect(await clct!.ls()).toEqual(q.result);
          break;
        case 'leaf': {
          const leaf = await clct!.changelog.leaf(queryOptions(q.kwargs).before);
          expect(leaf?.path ?? null).toEqual(q.result);
          break;
        }
        case 'changelog': {
          const log = await clct!.changelog.log();
          expect(
            log.map((r) => ({ path: r.path, parent: r.parent, child: r.child, epoch: r.epoch, is_leaf: r.isLeaf })),
          ).toEqual(q.result);
          break;
        }
        case 'frame': {
          const frame = await clct!.series(q.series!).read(queryOptions(q.kwargs));
          expect(frame.names).toEqual(q.columns);
          expect(cells(frame)).toEqual(q.rows);
          break;
        }
        case 'tail': {
          const { length, ...rest } = q.kwargs as { length: number };
          const frame = await clct!.series(q.series!).tail(length, queryOptions(rest));
          expect(frame.names).toEqual(q.columns);
          expect(cells(frame)).toEqual(q.rows);
          break;
        }
      }
    });
  });

  describe.each(Object.keys(manifest.collection))('collection %s', (name) => {
    const expected = manifest.collection[name]!;

    it('reads every series at the leaf', async () => {
      const clct = await repo.collection(name);
      expect(clct.path).toBe(expected.path);
      expect(await clct.ls()).toEqual(expected.series);
      for (const [label, data] of Object.entries(expected.data)) {
        const frame = await clct.series(label).read();
        expect(frame.names).toEqual(data.columns);
        expect(cells(frame)).toEqual(data.rows);
      }
      expect((await clct.changelog.leaf())?.path).toBe(expected.leaf);
    });

    it('decodes every commit of its changelog', async () => {
      const clct = await repo.collection(name);
      const log = await clct.changelog.log();
      expect(log.map((r) => [r.path, r.isLeaf])).toEqual(expected.changelog.map((r) => [r.path, r.is_leaf]));
      for (const [i, rev] of log.entries()) {
        const ci = await clct.readCommit(rev);
        const want = expected.changelog[i]!.commit;
        const idx = clct.schema.index;
        expect(
          ci.rows.map((r) => ({
            label: r.label,
            start: r.start.map((v, k) => formatCell(v, idx[k]!)),
            stop: r.stop.map((v, k) => formatCell(v, idx[k]!)),
            length: r.length,
            closed: r.closed,
            digest: Object.fromEntries(clct.schema.names.map((n, k) => [n, r.digests[k]])),
          })),
        ).toEqual(want.rows);
        expect([...ci.embedded.keys()].sort()).toEqual([...want.embedded].sort());
        // Re-encoding a decoded commit gives the bytes Python wrote (the file's name is their SHA-1).
        const bytes = ci.encode();
        const { sha1Hex } = await import('../src/codecs/index.js');
        expect(sha1Hex(bytes)).toBe(rev.digest);
      }
    });

  });

  // Only unmerged collections list their heads in the manifest.
  const forked = Object.keys(manifest.collection).filter((n) => manifest.collection[n]!.heads);
  describe.each(forked)('heads of %s', (name) => {
    it('reads each head at its revision', async () => {
      const clct = await repo.collection(name);
      for (const [path, series] of Object.entries(manifest.collection[name]!.heads!)) {
        for (const [label, data] of Object.entries(series)) {
          const frame = await clct.series(label).read({ at: path.split('.')[1]! });
          expect(cells(frame)).toEqual(data.rows);
        }
      }
    });
  });

  it('lists the registry revisions in log order', async () => {
    const log = await repo.registry.changelog.log();
    expect(log.map((r) => r.path)).toEqual(manifest.registry.changelog.map((r) => r.path));
  });
});
