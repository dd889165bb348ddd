import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsPod } from '@lakota/pod-fs';
import { MemoryPod } from '@lakota/pod-memory';
import { describe, expect, it } from 'vitest';
import { type Pod, Repo } from '../src/index.js';

const pods: [string, () => Pod][] = [
  ['memory', () => new MemoryPod()],
  ['folder', () => new FsPod(mkdtempSync(join(tmpdir(), 'lakota-history-')))],
];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const values = async (
  s: { read: (o?: object) => Promise<{ toRecords: () => Record<string, unknown>[] }> },
  o?: object,
) => (await s.read(o)).toRecords().map((r) => r.value);

describe.each(pods)('history on the %s pod', (_name, makePod) => {
  async function setup() {
    const repo = await Repo.open(makePod());
    const clct = await repo.createCollection('day date*\nvalue float', 'users');
    return { repo, clct, series: clct.series('alice') };
  }

  it('recovers from a bad write by rolling back to a known-good snapshot', async () => {
    const { clct, series } = await setup();
    await series.write(
      { day: ['2024-01-01', '2024-01-02'], value: [1, 2] },
      { message: 'good data', author: 'ana' },
    );
    const good = await clct.history.current();
    await series.write(
      { day: ['2024-01-01', '2024-01-02'], value: [-999, -999] },
      { message: 'oops', author: 'bob' },
    );
    expect(await values(series)).toEqual([-999, -999]);
    // The good state is still readable by id, then restored as a new revision.
    expect(await values(series, { at: good!.id })).toEqual([1, 2]);
    await clct.history.rollback(good!.id, { author: 'ana' });
    expect(await values(series)).toEqual([1, 2]);
    const snaps = await clct.history.snapshots();
    expect(snaps.map((s) => s.operation)).toEqual(['write', 'write', 'rollback']);
    expect(snaps[2]!.message).toBe(`rollback to ${good!.id}`);
    // Nothing was erased: the bad write is still in history.
    expect(await values(series, { at: snaps[1]!.id })).toEqual([-999, -999]);
  });

  it('pins a reproducible analysis to a tag, by id prefix and by time', async () => {
    const { clct, series } = await setup();
    await series.write({ day: ['2024-01-01'], value: [1] });
    const tagged = await clct.history.tag('q1-report', undefined, { message: 'as published' });
    await sleep(3);
    const between = new Date();
    await sleep(3);
    await series.write({ day: ['2024-01-02'], value: [2] });
    expect(await values(series, { at: 'q1-report' })).toEqual([1]);
    expect(await values(series, { at: tagged.revision.slice(12, 22) })).toEqual([1]);
    expect(await values(series, { before: between })).toEqual([1]);
    expect(await values(series, { before: between.getTime() })).toEqual([1]);
    expect(await values(series, { before: between.toISOString() })).toEqual([1]);
    expect(await values(series)).toEqual([1, 2]);
    expect((await clct.history.snapshot('q1-report')).tags).toEqual(['q1-report']);
    await expect(clct.history.tag('q1-report')).rejects.toThrow(/immutable/);
    expect(await clct.ls({ at: 'q1-report' })).toEqual(['alice']);
  });

  it('audits who changed what and when', async () => {
    const { clct, series } = await setup();
    const t0 = Date.now();
    await series.write(
      { day: ['2024-01-01', '2024-01-02', '2024-01-03'], value: [1, 2, 3] },
      { author: 'ana', message: 'load' },
    );
    await series.delete('2024-01-02', '2024-01-02', { author: 'bob', message: 'drop bad day' });
    await clct.multi(
      async (b) => {
        await b.series('carol').write({ day: ['2024-02-01'], value: [7] });
        await b.series('alice').write({ day: ['2024-01-03'], value: [30] });
      },
      { author: 'carol', message: 'batch' },
    );
    const snaps = await clct.history.snapshots();
    expect(snaps.map((s) => [s.operation, s.author, s.message, s.series, s.rowsWritten])).toEqual([
      ['write', 'ana', 'load', ['alice'], 3],
      ['delete', 'bob', 'drop bad day', ['alice'], 0],
      ['multi', 'carol', 'batch', ['carol', 'alice'].sort(), 2],
    ]);
    for (const s of snaps) expect(s.timestamp.getTime()).toBeGreaterThanOrEqual(t0 - 1);
    expect(snaps[1]!.parents).toEqual([snaps[0]!.id]);
    expect(snaps.filter((s) => s.current).map((s) => s.id)).toEqual([snaps[2]!.id]);
    const diff = await clct.history.diff(snaps[0]!.id, snaps[2]!.id, { rows: true });
    const alice = diff.find((d) => d.series === 'alice')!;
    expect([alice.rowsAdded, alice.rowsRemoved, alice.rowsChanged]).toEqual([0, 1, 1]);
    expect(alice.frames!.changed.toRecords({ timestamps: 'iso' })).toEqual([
      { day: '2024-01-03', value: 30 },
    ]);
    const carol = diff.find((d) => d.series === 'carol')!;
    expect(carol.added).toHaveLength(1);
    expect(carol.added[0]!.rows).toBe(1);
  });

  it('expires old snapshots but keeps the current and tagged ones, then gc reclaims the rest', async () => {
    const repo = await Repo.open(makePod(), { timeoutMs: 0 });
    const clct = await repo.createCollection('day date*\nvalue float', 'users');
    const series = clct.series('alice');
    // 400 random floats per write do not compress below 1 KiB: they become segment files.
    const write = (i: number) =>
      series.write({
        day: Array.from({ length: 400 }, (_, k) => 19_000 + k),
        value: Array.from({ length: 400 }, () => Math.random() + i),
      });
    for (let i = 0; i < 6; i++) await write(i);
    const snaps = await clct.history.snapshots();
    const expected = new Map<string, unknown[]>();
    for (const s of snaps) expected.set(s.id, await values(series, { at: s.id }));
    await clct.history.tag('keep-me', snaps[1]!.id);
    const { removed } = await clct.history.expire({ keep: 2 });
    expect(removed).toBe(3);
    const left = await clct.history.snapshots();
    expect(left.map((s) => s.id).sort()).toEqual([snaps[1]!.id, snaps[4]!.id, snaps[5]!.id].sort());
    // The isolated tagged snapshot is a pin, not a concurrent writer.
    expect(await clct.heads()).toHaveLength(1);
    const segmentsBefore = await countSegments(repo.pod);
    const first = await repo.gc();
    // The days compress into the commits; each expired snapshot leaves one value segment.
    expect(first.softDeleted).toBe(3);
    const second = await repo.gc();
    expect(second.deleted).toBe(first.softDeleted);
    expect(await countSegments(repo.pod)).toBe(segmentsBefore - second.deleted);
    for (const s of left) expect(await values(series, { at: s.id })).toEqual(expected.get(s.id));
    expect(await values(series, { at: 'keep-me' })).toEqual(expected.get(snaps[1]!.id));
  });
});

async function countSegments(pod: Pod): Promise<number> {
  let n = 0;
  for await (const p of pod.walk('', { maxDepth: 3 })) if (p.split('/').length === 3) n++;
  return n;
}
