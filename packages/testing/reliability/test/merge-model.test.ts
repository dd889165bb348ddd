import { type Pod, Repo } from '@lakota/core';
import { MemoryPod } from '@lakota/pod-memory';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Ancestry } from '../src/ancestry.js';
import { below, prng } from '../src/prng.js';
import { type CommittedWrite, checkStress } from '../src/stress-check.js';
import { frameOf, plannedWrite, STRESS_SCHEMA, type StressPlan } from '../src/stress-plan.js';
import { summary } from './children.js';
import { readStressRows } from './stress-run.js';

/**
 * Concurrency without processes, so every interleaving is replayable: each
 * writer works on its own copy of the repository and, at random steps,
 * writes, merges what it sees, pushes its files to the shared copy or pulls
 * the shared copy's. Merges are then built on merges, heads descend from
 * several of them, and writers see each other's work late, in any order.
 * After a final merge every committed write must be read back, with causal
 * last-writer-wins on overlaps (checkStress).
 */
const RUNS = Number(process.env.LAKOTA_MERGE_MODEL_RUNS ?? 150);
const STEPS = 80;

const PLAN: StressPlan = {
  seed: 0,
  writers: 4,
  writes: STEPS,
  sharedSeries: 2,
  keySpace: 24,
  maxSpan: 8,
  ownRows: 2,
};

/** Copies the files of `from` missing in `to` (both pods are write-once). */
async function sync(from: Pod, to: Pod): Promise<void> {
  for await (const path of from.walk('')) {
    if (!(await to.isFile(path))) await to.write(path, await from.read(path));
  }
}

async function simulate(seed: number, trims = false) {
  vi.setSystemTime(Date.UTC(2026, 0, 1));
  const plan = { ...PLAN, seed };
  const random = prng(seed, 99);
  const shared = new MemoryPod();
  await (await Repo.open(shared)).createCollection(STRESS_SCHEMA, 'stress');
  const views: MemoryPod[] = [];
  for (let w = 0; w < plan.writers; w++) {
    const view = new MemoryPod();
    await sync(shared, view);
    views.push(view);
  }
  const seqs = new Array<number>(plan.writers).fill(0);
  const committed: CommittedWrite[] = [];
  let merges = 0;
  let trimmed = 0;
  for (let step = 0; step < STEPS; step++) {
    // Writers share a clock that moves 0 to 2 ms a step: commits often share
    // a millisecond, as concurrent writers do.
    vi.setSystemTime(Date.now() + below(random, 3));
    const w = below(random, plan.writers);
    const view = views[w] as MemoryPod;
    const action = random();
    if (action < 0.55) {
      const seq = seqs[w] as number;
      seqs[w] = seq + 1;
      const pw = plannedWrite(plan, w, seq);
      const clct = await (await Repo.open(view)).collection('stress');
      const [rev] = await clct.series(pw.series).write(frameOf(pw));
      if (rev) committed.push({ writer: w, seq, digest: rev.digest });
    } else if (trims && action < 0.6) {
      // One store trims for all: revisions older than 20 ms, as the shared
      // copy sees them, go from every copy. Writers still on a removed
      // revision then commit on a parent that is gone.
      const clct = await (await Repo.open(shared)).collection('stress');
      const before = await clct.changelog.names();
      await clct.trim(Date.now() - 20);
      const kept = new Set(await clct.changelog.names());
      const gone = before.filter((n) => !kept.has(n));
      for (const view of views) {
        await view.rmMany(gone.map((n) => `${clct.path}/${n}`));
      }
      trimmed += gone.length;
    } else if (action < 0.7) {
      if ((await (await Repo.open(view)).merge()).length > 0) merges++;
    } else if (action < 0.85) {
      await sync(view, shared);
    } else {
      await sync(shared, view);
    }
  }
  for (const view of views) await sync(view, shared);
  const repo = await Repo.open(shared);
  const clct = await repo.collection('stress');
  const headsBefore = (await clct.heads()).length;
  await repo.merge();
  const rows = await readStressRows(clct);
  const names = await clct.changelog.names();
  const outcome = checkStress(plan, committed, (s) => rows.get(s) ?? [], new Ancestry(names));
  return {
    outcome,
    merges,
    headsBefore,
    headsAfter: (await clct.heads()).length,
    trimmed,
  };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(2026, 0, 1) });
});
afterEach(() => {
  vi.useRealTimers();
});

/**
 * Every seed's run, summed; a run that loses or invents a row (or, with
 * `causal`, breaks causal last-writer-wins) is named in `failing`.
 */
async function runAll(trims: boolean, causal: boolean) {
  const totals = {
    writes: 0,
    merges: 0,
    headsBefore: 0,
    trimmed: 0,
    lost: 0,
    invalid: 0,
    violations: 0,
  };
  const failing: string[] = [];
  for (let seed = 1; seed <= RUNS; seed++) {
    const r = await simulate(seed, trims);
    const o = r.outcome;
    const lost = o.ownRowsLost + o.sharedKeysLost;
    totals.writes += o.committed;
    totals.merges += r.merges;
    totals.headsBefore += r.headsBefore;
    totals.trimmed += r.trimmed;
    totals.lost += lost;
    totals.invalid += o.invalidRows;
    totals.violations += o.causalViolations.length;
    if (lost || o.invalidRows || (causal && o.causalViolations.length)) {
      failing.push(
        `seed ${seed}: ${lost} lost, ${o.invalidRows} invalid, ${o.causalViolations.length} causal violations`,
      );
    }
    expect(r.headsAfter, `seed ${seed}: heads after the final merge`).toBe(1);
  }
  return { totals, failing };
}

describe(`merges built on merges, ${RUNS} seeded runs of ${PLAN.writers} writers on their own copies`, () => {
  it('every committed write is read back after the final merge, last writer winning in causal order', async () => {
    const { totals, failing } = await runAll(false, true);
    summary('merge model', { runs: RUNS, ...totals });
    // The runs must exercise what they claim: merges in the writers' copies
    // and several heads at the final merge.
    expect(totals.merges).toBeGreaterThan(RUNS);
    expect(totals.headsBefore).toBeGreaterThan(2 * RUNS);
    expect(failing).toEqual([]);
  }, 600_000);
});

describe(`the same with trims, ${RUNS} seeded runs`, () => {
  it('loses no committed write when commits land on revisions trim removed', async () => {
    // Causal violations are possible here (docs/reliability.md, "Merge and
    // last-writer-wins"): the summary line counts them.
    const { totals, failing } = await runAll(true, false);
    summary('merge model with trims', { runs: RUNS, ...totals });
    expect(failing).toEqual([]);
    expect(totals.trimmed).toBeGreaterThan(RUNS / 2);
  }, 600_000);
});
