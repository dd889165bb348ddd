import { MemoryPod } from '@lakota/pod-memory';
import { describe, expect, it } from 'vitest';
import { IntegrityError } from '../../src/engine-errors.js';
import { LakotaError } from '../../src/errors.js';
import { FaultyPod, type FaultyPodOptions } from '../../src/faulty-pod.js';
import type { Pod } from '../../src/pod.js';
import { Repo } from '../../src/repo.js';
import { RetryingPod } from '../../src/retrying-pod.js';
import { verifyRepo } from '../../src/verify.js';
import { copyPod, readState } from './helpers.js';

// The engine's operations run on a pod that fails a share of its calls. Each
// operation must either complete, or fail with a typed LakotaError, and the
// repository, read through a pod without faults, must then hold either the
// state before the operation or the state the operation gives when nothing
// fails (it is atomic): never half a commit. The state an operation should
// give is found by running it on a copy of the repository without faults.

const SEEDS = Number(process.env.LAKOTA_FAULT_SEEDS ?? 6);
const STEPS = 40;
const SCHEMA = 'key int*\nvalue float';

/** mulberry32, for the choice of operations (the pod has its own sequence). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Step {
  name: string;
  run: (repo: Repo) => Promise<unknown>;
}

/** A deterministic operation chosen by `r` (the same step on the copy and on the faulty repository). */
function step(r: () => number, i: number): Step {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  const series = pick(['s0', 's1', 's2']);
  const start = Math.floor(r() * 80);
  const len = 1 + Math.floor(r() * 30);
  // Large writes become segment files, small ones are embedded in the commit.
  const big = r() < 0.3;
  const frame = (salt: number) => {
    const n = big ? 400 : len;
    return {
      key: Array.from({ length: n }, (_, k) => start * 10 + k),
      value: Array.from({ length: n }, (_, k) => Math.sin(i * 1000 + k + salt)),
    };
  };
  const kind = pick([
    'write',
    'write',
    'write',
    'multi',
    'delete',
    'rename',
    'defrag',
    'trim',
    'gc',
    'merge',
    'collections',
    'pull',
  ]);
  // Each step is one engine operation, so its all-or-nothing can be checked.
  const clct = (repo: Repo) => repo.collection('c');
  switch (kind) {
    case 'write':
      return {
        name: `write ${series}`,
        run: async (repo) => (await clct(repo)).series(series).write(frame(0)),
      };
    case 'multi':
      return {
        name: 'multi',
        run: async (repo) =>
          (await clct(repo)).multi(async (b) => {
            await b.series('s0').write(frame(1));
            await b.series('s2').write(frame(2));
          }),
      };
    case 'delete':
      return {
        name: `delete ${series}`,
        run: async (repo) => (await clct(repo)).series(series).delete(start * 10, start * 10 + len),
      };
    case 'rename':
      return {
        name: 'rename',
        run: async (repo) => {
          const c = await clct(repo);
          const labels = await c.ls();
          if (labels.includes('s1')) return c.rename('s1', 'moved');
          if (labels.includes('moved')) return c.rename('moved', 's1');
          return [];
        },
      };
    case 'defrag':
      return { name: 'defrag', run: async (repo) => (await clct(repo)).defrag(2) };
    case 'trim': {
      // One mark for both runs, so they remove the same revisions.
      const mark = Date.now() - 50;
      return { name: 'trim', run: async (repo) => (await clct(repo)).trim(mark) };
    }
    case 'gc':
      return { name: 'gc', run: (repo) => repo.gc() };
    case 'merge':
      return { name: 'merge', run: (repo) => repo.merge() };
    case 'collections':
      return {
        name: 'create or delete a collection',
        run: async (repo) => {
          if (await repo.hasCollection('other')) return repo.deleteCollection('other');
          return repo.createCollection(SCHEMA, 'other');
        },
      };
    default: {
      // One remote for both runs (made by the first). A remote made for each
      // run is another remote: its revision id holds the millisecond it was
      // written. The pulled commit is a root, and reads see the leaf under
      // the root whose id sorts last (FORMAT.md §4.4: epoch, then digest).
      // When the remote of the run without faults was written in the same
      // millisecond as a local root (the first commit, or another writer's
      // fork made just before the step), the digests decided and reads kept
      // the local head, while the faulty run's remote, written later, won:
      // two outcomes of two different pulls, with no fault involved.
      let remote: Promise<Repo> | undefined;
      const made = async () => {
        const r = await Repo.open(new MemoryPod());
        await (await r.createCollection(SCHEMA, 'c')).series(`pulled-${i}`).write(frame(4));
        return r;
      };
      return {
        name: 'pull',
        run: async (repo) => {
          remote ??= made();
          return repo.pull(await remote, { labels: ['c'] });
        },
      };
    }
  }
}

interface Tally {
  steps: number;
  completed: number;
  failedTyped: number;
  failedUntyped: string[];
  /** Failed steps whose effect landed whole (a response lost after the commit). */
  failedButApplied: number;
  invalidStates: string[];
  damaged: string[];
  faults: number;
  errors: string[];
}

async function scenario(
  seed: number,
  options: FaultyPodOptions,
  wrap: (pod: Pod) => Pod = (p) => p,
): Promise<Tally> {
  const inner = new MemoryPod();
  const faulty = new FaultyPod(inner, { seed, ...options });
  faulty.pause();
  // gc's grace period is 0 so its delete phase runs too; nothing else writes meanwhile.
  const repo = await Repo.open(wrap(faulty), { timeoutMs: 0 });
  await (await repo.createCollection(SCHEMA, 'c'))
    .series('s0')
    .write({ key: [1, 2, 3], value: [1, 2, 3] });
  const r = prng(seed);
  const tally: Tally = {
    steps: 0,
    completed: 0,
    failedTyped: 0,
    failedUntyped: [],
    failedButApplied: 0,
    invalidStates: [],
    damaged: [],
    faults: 0,
    errors: [],
  };
  for (let i = 0; i < STEPS; i++) {
    const s = step(r, i);
    if (r() < 0.1) {
      // Another writer forks a head, for merge to join (no faults: it is not under test).
      const other = await Repo.open(inner);
      await (await other.collection('c'))
        .series('fork')
        .write({ key: [i], value: [i] }, { root: true });
    }
    const before = await readState(await Repo.open(inner));
    const copy = new MemoryPod();
    await copyPod(inner, copy);
    await s.run(await Repo.open(copy, { timeoutMs: 0 }));
    const after = await readState(await Repo.open(copy));

    faulty.resume();
    tally.steps++;
    let failed: unknown;
    try {
      await s.run(repo);
      tally.completed++;
    } catch (err) {
      failed = err;
      if (err instanceof LakotaError) tally.failedTyped++;
      else tally.failedUntyped.push(`${s.name}: ${(err as Error).name}: ${(err as Error).message}`);
      tally.errors.push(`${s.name}: ${(err as Error).name}: ${(err as Error).message}`);
    }
    faulty.pause();

    const now = await readState(await Repo.open(inner));
    if (failed === undefined ? now !== after : now !== before && now !== after) {
      tally.invalidStates.push(
        `${s.name} (${failed === undefined ? 'completed' : `failed: ${(failed as Error).message}`})`,
      );
    }
    if (failed !== undefined && now === after && now !== before) tally.failedButApplied++;
    const report = await verifyRepo(await Repo.open(inner));
    for (const d of report.damaged) tally.damaged.push(`${s.name}: ${d.kind} ${d.path}`);
  }
  tally.faults = faulty.faults.length;
  return tally;
}

function total(tallies: Tally[]) {
  return {
    steps: tallies.reduce((n, t) => n + t.steps, 0),
    completed: tallies.reduce((n, t) => n + t.completed, 0),
    failedTyped: tallies.reduce((n, t) => n + t.failedTyped, 0),
    failedButApplied: tallies.reduce((n, t) => n + t.failedButApplied, 0),
    faults: tallies.reduce((n, t) => n + t.faults, 0),
    failedUntyped: tallies.flatMap((t) => t.failedUntyped),
    invalidStates: tallies.flatMap((t) => t.invalidStates),
    damaged: tallies.flatMap((t) => t.damaged),
    errors: tallies.flatMap((t) => t.errors),
  };
}

const seeds = Array.from({ length: SEEDS }, (_, i) => 1000 + i);

describe('engine operations on a pod that fails', () => {
  it('either complete or fail with a typed error, leaving the state before or after, never half', async () => {
    const tallies: Tally[] = [];
    for (const seed of seeds) {
      tallies.push(
        await scenario(seed, {
          rate: 0.08,
          kinds: { error: 2, transient: 2, timeout: 1, slow: 1, partial: 1 },
          timeoutMs: 5,
          slowMs: 3,
        }),
      );
    }
    const t = total(tallies);
    console.info(
      `[reliability] faults: operations=${t.steps} completed=${t.completed} failedTyped=${t.failedTyped} failedUntyped=${t.failedUntyped.length} ` +
        `failedButAppliedWhole=${t.failedButApplied} halfStates=${t.invalidStates.length} damagedAfter=${t.damaged.length} injectedFaults=${t.faults}`,
    );
    expect(t.failedUntyped).toEqual([]);
    expect(t.invalidStates).toEqual([]);
    expect(t.damaged).toEqual([]);
    // The scenario must have exercised both outcomes.
    expect(t.completed).toBeGreaterThan(0);
    expect(t.failedTyped).toBeGreaterThan(0);
  });

  it('behind a RetryingPod, retryable faults never reach the caller', async () => {
    const tallies: Tally[] = [];
    for (const seed of seeds) {
      tallies.push(
        await scenario(
          seed,
          { rate: 0.1, kinds: { transient: 3, timeout: 1, slow: 1 }, timeoutMs: 5, slowMs: 3 },
          (pod) => new RetryingPod(pod, { attempts: 8, baseDelayMs: 1 }),
        ),
      );
    }
    const t = total(tallies);
    console.info(
      `[reliability] faults behind RetryingPod: operations=${t.steps} completed=${t.completed} failed=${t.failedTyped + t.failedUntyped.length} injectedFaults=${t.faults}`,
    );
    expect(t.faults).toBeGreaterThan(0);
    expect(t.errors).toEqual([]);
    expect(t.completed).toBe(t.steps);
    expect(t.invalidStates).toEqual([]);
    expect(t.damaged).toEqual([]);
  });

  it('on a store without atomic writes, a commit cut short fails reads with an error naming the file, never other values', async () => {
    const inner = new MemoryPod();
    const repo = await Repo.open(inner);
    const c = await repo.createCollection(SCHEMA, 'c');
    await c.series('s').write({ key: [1, 2], value: [1, 2] });
    const faulty = new FaultyPod(inner, {
      rate: 1,
      kinds: { partial: 1 },
      partialWrites: true,
      filter: (op, path) => op === 'write' && path.startsWith(`${c.path}/`),
    });
    expect(faulty.capabilities.atomicWrite).toBe(false);
    const viaFaulty = await (await Repo.open(faulty)).collection('c');
    await expect(viaFaulty.series('s').write({ key: [3], value: [3] })).rejects.toThrow(
      /stored only part/,
    );
    const reader = await (await Repo.open(inner)).collection('c');
    const leaf = (await reader.changelog.leaf())!;
    const err = await reader
      .series('s')
      .read()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrityError);
    expect((err as Error).message).toContain(leaf.path);
    const report = await verifyRepo(await Repo.open(inner));
    expect(report.damaged.map((d) => d.kind)).toEqual(['revision-digest']);
  });
});
