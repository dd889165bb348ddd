import { performance } from 'node:perf_hooks';
import { type GcResult, Repo } from '@lakota/core';
import { FsPod } from '@lakota/pod-fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyRepo } from '../../../core/src/verify.js';
import { Ancestry } from '../src/ancestry.js';
import type { ChildMessage } from '../src/messages.js';
import { type CommittedWrite, checkStress } from '../src/stress-check.js';
import { STRESS_SCHEMA, type StressPlan } from '../src/stress-plan.js';
import { startChild, summary, tempFolder } from './children.js';
import { readStressRows } from './stress-run.js';

// gc runs in a loop, with a short grace period, while writer processes commit
// (each revision file written up to COMMIT_DELAY_MS after its segments, as a
// slow writer would), a trimmer removes old revisions (so there is garbage)
// and a reader reads everything. gc must never delete a segment that a
// committed revision, or one in flight for less than the grace period, needs.

const LONG = process.env.LAKOTA_LONG === '1';
const WRITERS = 4;
const DURATION_MS = Number(process.env.LAKOTA_GC_LOAD_SECONDS ?? (LONG ? 60 : 10)) * 1000;
const GC_TIMEOUT_MS = 3000;
const COMMIT_DELAY_MS = 200;
// Big writes, so that most arrays are segment files rather than embedded, on
// few keys, so that later writes cover earlier ones and trim makes garbage.
const PLAN: StressPlan = {
  seed: 11,
  writers: WRITERS,
  writes: 0,
  sharedSeries: 2,
  keySpace: 500,
  maxSpan: 400,
  ownRows: 300,
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Figures {
  gcPasses: number;
  gcErrors: string[];
  gc: GcResult;
  trims: number;
  revisionsTrimmed: number;
  reads: number;
  readErrors: string[];
  committed: CommittedWrite[];
  failures: string[];
}

describe(`gc every 100 ms, grace period ${GC_TIMEOUT_MS} ms, while ${WRITERS} writers commit for ${DURATION_MS / 1000} s`, () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  let finalDeleted = 0;
  const f: Figures = {
    gcPasses: 0,
    gcErrors: [],
    gc: { softDeleted: 0, deleted: 0, restored: 0, swept: 0 },
    trims: 0,
    revisionsTrimmed: 0,
    reads: 0,
    readErrors: [],
    committed: [],
    failures: [],
  };
  let damaged: string[] = [];
  let damagedAfterFinalGc: string[] = [];
  let lost = { own: -1, shared: -1, invalid: -1 };

  beforeAll(async () => {
    folder = await tempFolder('gc-load');
    const pod = new FsPod(folder.path);
    await (await Repo.open(pod)).createCollection(STRESS_SCHEMA, 'load');
    const onMessage = (m: ChildMessage) => {
      if (m.type === 'committed')
        f.committed.push({ writer: m.writer, seq: m.seq, digest: m.digest });
      if (m.type === 'failed') f.failures.push(`${m.writer}/${m.seq}: ${m.name}: ${m.message}`);
    };
    const children = Array.from({ length: WRITERS }, (_, writer) =>
      startChild(
        'concurrent-writer',
        {
          pod: { kind: 'fs', root: folder.path },
          collection: 'load',
          plan: PLAN,
          writer,
          durationMs: DURATION_MS,
          commitDelayMs: COMMIT_DELAY_MS,
        },
        onMessage,
      ),
    );
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.process.send({ type: 'go' });
    let done = false;
    const exits = Promise.all(children.map((c) => c.exited)).finally(() => {
      done = true;
    });

    const gcLoop = (async () => {
      const repo = await Repo.open(new FsPod(folder.path), { timeoutMs: GC_TIMEOUT_MS });
      while (!done) {
        try {
          const r = await repo.gc();
          f.gcPasses++;
          f.gc.softDeleted += r.softDeleted;
          f.gc.deleted += r.deleted;
          f.gc.restored += r.restored;
          // No writer is killed here: a temp file swept would be one of a write in flight.
          f.gc.swept += r.swept;
        } catch (err) {
          // A revision trimmed while gc reads the changelog must not fail the
          // pass (it is skipped: packages/core/test/reliability/trim.test.ts).
          f.gcErrors.push(`${(err as Error).name}: ${(err as Error).message}`);
        }
        await sleep(100);
      }
    })();
    const trimLoop = (async () => {
      let n = 0;
      while (!done) {
        await sleep(400);
        const repo = await Repo.open(new FsPod(folder.path));
        const c = await repo.collection('load');
        // Merged heads stop being heads, so trim can remove them.
        await c.merge();
        // Garbage for sure: each scratch write replaces the whole previous one.
        const keys = Array.from({ length: 300 }, (_, i) => i);
        await c.series('scratch').write({
          key: keys,
          writer: keys.map(() => -1),
          seq: keys.map(() => n),
          noise: keys.map(() => Math.random()),
        });
        n++;
        f.revisionsTrimmed += await c.trim(Date.now() - 1000);
        f.trims++;
      }
    })();
    const readLoop = (async () => {
      while (!done) {
        // A new Repo each time: nothing read before is cached.
        const c = await (await Repo.open(new FsPod(folder.path))).collection('load');
        try {
          // A segment gc renames, or renames back, meanwhile is still found
          // (packages/core/test/reliability/gc-race.test.ts).
          for (const label of await c.ls()) await c.series(label).read();
          f.reads++;
        } catch (err) {
          f.readErrors.push(`${(err as Error).name}: ${(err as Error).message}`);
        }
        await sleep(50);
      }
    })();
    const t0 = performance.now();
    const ended = await exits;
    await Promise.all([gcLoop, trimLoop, readLoop]);
    for (const e of ended)
      if (e.code !== 0) f.failures.push(`a writer exited with ${e.code ?? e.signal}: ${e.stderr}`);

    const repo = await Repo.open(new FsPod(folder.path), { timeoutMs: 0 });
    damaged = (await verifyRepo(repo)).damaged.map((d) => `${d.kind} ${d.path}: ${d.message}`);
    const c = await repo.collection('load');
    await repo.merge();
    // Nothing is in flight any more: collect everything unreferenced, then check again.
    for (const pass of [await repo.gc(), await repo.gc()]) finalDeleted += pass.deleted;
    damagedAfterFinalGc = (await verifyRepo(repo)).damaged.map((d) => `${d.kind} ${d.path}`);
    const rows = await readStressRows(c);
    const outcome = checkStress(
      PLAN,
      f.committed,
      (s) => rows.get(s) ?? [],
      new Ancestry(await c.changelog.names()),
    );
    lost = {
      own: outcome.ownRowsLost,
      shared: outcome.sharedKeysLost,
      invalid: outcome.invalidRows,
    };
    summary('gc under load', {
      seconds: (performance.now() - t0) / 1000 + DURATION_MS / 1000,
      writesCommitted: f.committed.length,
      writeFailures: f.failures.length,
      gcPasses: f.gcPasses,
      gcPassesFailed: f.gcErrors.length,
      softDeleted: f.gc.softDeleted,
      deleted: f.gc.deleted,
      restored: f.gc.restored,
      tempFilesSwept: f.gc.swept,
      trims: f.trims,
      revisionsTrimmed: f.revisionsTrimmed,
      readsDuringLoad: f.reads,
      readErrors: f.readErrors.length,
      damagedFiles: damaged.length,
      rowsLost: outcome.ownRowsLost + outcome.sharedKeysLost,
    });
  }, 600_000);

  afterAll(async () => {
    await folder?.remove();
  });

  it('writers commit without errors', () => {
    expect(f.failures).toEqual([]);
    expect(f.committed.length).toBeGreaterThan(WRITERS * 5);
  });

  it('gc had work: it renamed unreferenced segments, and failed for no other reason', () => {
    expect(f.gcErrors).toEqual([]);
    expect(f.gc.softDeleted).toBeGreaterThan(0);
    // Whether a renamed file is still unreferenced after the grace period
    // (and so deleted) depends on timing: most renamed files belong to writes
    // in flight and are renamed back. The figure is reported, not asserted;
    // the crash and retention tests prove the delete phase.
    console.info(
      `[reliability] gc under load: deleted during the load=${f.gc.deleted}, in the final passes=${finalDeleted}`,
    );
    expect(f.revisionsTrimmed).toBeGreaterThan(0);
  });

  it('no segment a revision needs went missing, and every read during the load succeeded', () => {
    expect(damaged).toEqual([]);
    expect(f.readErrors).toEqual([]);
    expect(f.reads).toBeGreaterThan(0);
  });

  it('after the load, a merge and a full gc, every committed write is there', () => {
    expect(damagedAfterFinalGc).toEqual([]);
    expect(lost).toEqual({ own: 0, shared: 0, invalid: 0 });
  });
});
