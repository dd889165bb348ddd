import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FsPod } from '@lakota/pod-fs';
import { describe, expect, it } from 'vitest';
import { formatFloat, Repo } from '../src/index.js';

// An independent reader written from the format notes alone, run by the
// Python that Python Lakota uses (numpy, msgpack, numcodecs: Debian's
// python3-numcodecs). Without it the test is skipped and says why.
const READER = fileURLToPath(new URL('./python/read_repo.py', import.meta.url));
const PYTHON = '/usr/bin/python3';
const hasNumcodecs = (() => {
  try {
    execFileSync(PYTHON, ['-c', 'import numcodecs, msgpack, numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn(
      'python-reader: skipped, no python3 with numcodecs (apt-get install python3-numcodecs)',
    );
    return false;
  }
})();

describe.skipIf(!hasNumcodecs)('a decoder that follows FORMAT.md alone', () => {
  it('reads the same current state of a repository that uses every history feature', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lakota-pyread-'));
    const repo = await Repo.open(new FsPod(dir));
    const clct = await repo.createCollection(
      'timestamp timestamp*\nvalue float\nnote str',
      'temperature',
    );
    const other = await repo.createCollection('day date*\ncount int', 'counts');
    const ts = (d: number) => Array.from({ length: 3000 }, (_, i) => 1_577_836_800 + (d + i) * 60);
    const values = (seed: number) =>
      Array.from({ length: 3000 }, (_, i) => Math.sin(seed + i) * 100);
    const notes = (seed: number) => Array.from({ length: 3000 }, (_, i) => `n${seed}-${i % 7}-é🙂`);
    await clct
      .series('paris')
      .write(
        { timestamp: ts(0), value: values(1), note: notes(1) },
        { message: 'load', author: 'ana' },
      );
    await clct.history.tag('v1');
    await clct
      .series('paris')
      .write(
        { timestamp: ts(1000), value: values(2), note: notes(2) },
        { message: 'bad', author: 'bob' },
      );
    await clct.history.rollback('v1', { author: 'ana' });
    await clct.multi(
      async (b) => {
        await b.series('london').write({ timestamp: ts(50), value: values(3), note: notes(3) });
        await b.series('paris').write({
          timestamp: ts(2500).slice(0, 10),
          value: values(4).slice(0, 10),
          note: notes(4).slice(0, 10),
        });
      },
      { message: 'batch' },
    );
    await clct.series('paris').delete(ts(0)[5]!, ts(0)[9]!, { message: 'drop' });
    // A concurrent writer, then a merge.
    const twin = await Repo.open(new FsPod(dir));
    await (await twin.collection('temperature'))
      .series('berlin')
      .write({ timestamp: ts(7), value: values(5), note: notes(5) }, { root: true });
    await clct.merge({ message: 'join' });
    await other.series('x').write({ day: ['2020-01-01', '2020-01-02'], count: [1n, 2n] });
    await clct.history.expire({ keep: 3 });
    await repo.gc();

    const python = JSON.parse(
      execFileSync(PYTHON, [READER, dir], { encoding: 'utf8', maxBuffer: 1 << 28 }),
    ) as Record<string, Record<string, string[][]>>;
    expect(Object.keys(python)).toEqual(await repo.ls());
    for (const name of await repo.ls()) {
      const c = await repo.collection(name);
      expect(Object.keys(python[name]!)).toEqual(await c.ls());
      for (const label of await c.ls()) {
        const frame = await c.series(label).read();
        const cols = frame.names.map(
          (n) => [c.schema.column(n), frame.column(n) as ArrayLike<unknown>] as const,
        );
        const ours = Array.from({ length: frame.length }, (_, i) =>
          cols.map(([col, v]) =>
            col.kind === 'float' ? formatFloat(v[i] as number) : String(v[i]),
          ),
        );
        expect(python[name]![label], `${name}/${label}`).toEqual(ours);
      }
    }
  });
});
