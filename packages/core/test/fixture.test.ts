import { FsPod } from '@lakota/pod-fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  answer,
  cells,
  expected,
  extractFixture,
} from '../../testing/engine-scenario/src/fixture.js';
import { Repo, sha1Hex } from '../src/index.js';
import { formatCell } from '../src/python-format.js';

const { repoDir, manifest } = extractFixture();
let repo: Repo;

beforeAll(async () => {
  repo = await Repo.open(new FsPod(repoDir));
});

describe('the Python Lakota fixture', () => {
  describe.each(manifest.queries.map((q) => [q.id, q] as const))('query %s', (_id, q) => {
    it('gives the manifest result', async () => {
      expect(await answer(repo, q)).toEqual(expected(q));
    });
  });
  describe.each(Object.keys(manifest.collection))('collection %s', (name) => {
    const want = manifest.collection[name]!;

    it('reads every series at the leaf', async () => {
      const clct = await repo.collection(name);
      expect(clct.path).toBe(want.path);
      expect(await clct.ls()).toEqual(want.series);
      for (const [label, data] of Object.entries(want.data)) {
        const frame = await clct.series(label).read();
        expect(frame.names).toEqual(data.columns);
        expect(cells(frame)).toEqual(data.rows);
      }
      expect((await clct.changelog.leaf())?.path).toBe(want.leaf);
    });

    it('decodes every commit of its changelog', async () => {
      const clct = await repo.collection(name);
      const log = await clct.changelog.log();
      expect(log.map((r) => [r.path, r.isLeaf])).toEqual(
        want.changelog.map((r) => [r.path, r.is_leaf]),
      );
      for (const [i, rev] of log.entries()) {
        const ci = await clct.readCommit(rev);
        const commit = want.changelog[i]!.commit;
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
        ).toEqual(commit.rows);
        expect([...ci.embedded.keys()].sort()).toEqual([...commit.embedded].sort());
        // Re-encoding a decoded commit gives the bytes Python wrote (the file's name is their SHA-1).
        const bytes = ci.encode();
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
