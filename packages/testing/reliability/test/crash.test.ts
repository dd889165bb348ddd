import { readdir } from 'node:fs/promises';
import { hextime, PHI, Repo, type Revision } from '@lakota/core';
import { FsPod } from '@lakota/pod-fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyRepo } from '../../../core/src/verify.js';
import type { CrashConfig, CrashScenario } from '../src/children/crash-worker.js';
import type { ChildMessage, CrashPhase } from '../src/messages.js';
import { below, prng } from '../src/prng.js';
import { stateHash } from '../src/state-hash.js';
import { startChild, summary, tempFolder } from './children.js';

// kill -9 at random points: a writer process loops over one kind of operation
// (writes, defrag, trim, gc) on a folder repository and is killed 0–30 ms
// after it is ready; then the repository must open, read every state the
// writer reported as committed exactly as it was, and hold nothing but those
// states (or one more commit that landed before the kill). At the end, gc
// must reclaim every file the killed writers left behind: orphan segments,
// and the temp files of writes cut short (swept by FsPod.sweep).

const TRIALS = Number(
  process.env.LAKOTA_CRASH_TRIALS ?? (process.env.LAKOTA_LONG === '1' ? 250 : 50),
);
const SCENARIOS: CrashScenario[] = ['write', 'defrag', 'trim', 'gc'];
const SCHEMA = 'key int*\nvalue float\ntrial int';
const TEMP_PREFIX = '.lakota-tmp-';

interface Committed {
  digest: string;
  epoch: string;
  hash: string;
}

interface Lane {
  scenario: CrashScenario;
  trials: number;
  /** Trials after which every check passed. */
  readable: number;
  kills: Partial<Record<CrashPhase | 'start', number>>;
  /** Commits reported by the children. */
  committed: number;
  /** Commits that landed although the child was killed before reporting them. */
  unreported: number;
  /** Reported revisions removed by a trim the child reported. */
  trimmed: number;
  problems: string[];
  orphansBeforeGc: number;
  orphansAfterGc: number;
  softDeletedAfterGc: number;
  /** Temp files of killed writers before the final gc, and how many it swept. */
  tempFilesBeforeGc: number;
  tempFilesSwept: number;
  tempFilesLeft: number;
  damagedAtEnd: string[];
}

async function tempFiles(root: string): Promise<number> {
  const entries = await readdir(root, { recursive: true });
  return entries.filter((p) => (p.split('/').at(-1) ?? '').startsWith(TEMP_PREFIX)).length;
}

/** Segment files no revision references, and soft-deleted files. */
async function garbage(repo: Repo): Promise<{ orphans: number; softDeleted: number }> {
  const active = await repo.activeDigests();
  let orphans = 0;
  let softDeleted = 0;
  for await (const path of repo.pod.walk('', { maxDepth: 3 })) {
    const [a, b, name] = path.split('/') as [string, string, string?];
    if (!name) continue;
    if (/^[0-9a-f]{36}$/.test(name)) {
      if (!active.has(a + b + name)) orphans++;
    } else if (/^[0-9a-f]{36}\.[0-9a-f]{11}$/.test(name)) softDeleted++;
  }
  return { orphans, softDeleted };
}

async function runLane(scenario: CrashScenario, seed: number): Promise<Lane> {
  const folder = await tempFolder(`crash-${scenario}`);
  const lane: Lane = {
    scenario,
    trials: 0,
    readable: 0,
    kills: {},
    committed: 0,
    unreported: 0,
    trimmed: 0,
    problems: [],
    orphansBeforeGc: 0,
    orphansAfterGc: 0,
    softDeletedAfterGc: 0,
    tempFilesBeforeGc: 0,
    tempFilesSwept: 0,
    tempFilesLeft: 0,
    damagedAtEnd: [],
  };
  try {
    const pod = new FsPod(folder.path);
    await (await Repo.open(pod)).createCollection(SCHEMA, 'crash');
    const states = new Map<string, Committed>();
    const trims: number[] = [];
    const random = prng(seed);
    const trimmedAway = (s: Committed) => trims.some((mark) => s.epoch < hextime(mark));

    /** Reads every reported state still in the changelog; a missing one must have been trimmed. */
    async function checkStates(
      repo: Repo,
      which: Iterable<Committed>,
      problems: string[],
    ): Promise<void> {
      const c = await repo.collection('crash');
      const log = await c.changelog.log();
      const byDigest = new Map(log.map((r) => [r.digest, r]));
      for (const s of which) {
        const rev = byDigest.get(s.digest);
        if (!rev) {
          if (!trimmedAway(s)) problems.push(`committed revision ${s.digest} is gone`);
          continue;
        }
        const hash = await stateHash(c, rev.child);
        if (hash !== s.hash) problems.push(`revision ${s.digest} reads differently`);
      }
    }

    for (let trial = 0; trial < TRIALS; trial++) {
      lane.trials++;
      const fresh: Committed[] = [];
      let phase: CrashPhase | 'start' = 'start';
      const onMessage = (m: ChildMessage) => {
        if (m.type === 'state') {
          const s = { digest: m.digest, epoch: m.epoch, hash: m.hash };
          states.set(m.digest, s);
          fresh.push(s);
        } else if (m.type === 'trim') trims.push(m.mark);
        else if (m.type === 'phase') phase = m.name;
      };
      const config: CrashConfig = { root: folder.path, collection: 'crash', scenario, trial };
      const child = startChild('crash-worker', config, onMessage);
      const problems: string[] = [];
      try {
        await child.ready;
        await new Promise((r) => setTimeout(r, below(random, 31)));
        child.process.kill('SIGKILL');
      } catch (err) {
        problems.push(`the worker did not start: ${(err as Error).message}`);
      }
      const exit = await child.exited;
      if (exit.signal !== 'SIGKILL')
        problems.push(`the worker stopped by itself (${exit.code}): ${exit.stderr}`);
      lane.kills[phase] = (lane.kills[phase] ?? 0) + 1;
      lane.committed += fresh.length;

      try {
        const repo = await Repo.open(new FsPod(folder.path));
        const c = await repo.collection('crash');
        const log = await c.changelog.log();
        const leaf = log.at(-1);
        const hash = await stateHash(c);
        const known = leaf && states.get(leaf.digest);
        if (known && known.hash !== hash)
          problems.push('the current state reads differently than when it was committed');
        if (leaf && !known) {
          // Commits that landed before the kill but were not reported: they
          // must be built, one on the other, on a known state (or on revisions
          // a reported trim removed). From now on they are known states.
          const byChild = new Map(log.map((r) => [r.child, r]));
          let cur: Revision | undefined = leaf;
          while (cur && !states.has(cur.digest)) {
            states.set(cur.digest, {
              digest: cur.digest,
              epoch: cur.epoch,
              hash: await stateHash(c, cur.child),
            });
            lane.unreported++;
            if (cur.parent === PHI) break;
            const parent = byChild.get(cur.parent);
            if (
              !parent &&
              !trimmedAway({ digest: cur.parentDigest, epoch: cur.parent.slice(0, 11), hash: '' })
            ) {
              problems.push(
                `the current revision ${leaf.child} is built on ${cur.parent}, which the writer never reported`,
              );
            }
            cur = parent;
          }
        }
        await checkStates(repo, fresh, problems);
      } catch (err) {
        problems.push(
          `the repository cannot be read after the kill: ${(err as Error).name}: ${(err as Error).message}`,
        );
      }
      if (problems.length === 0) lane.readable++;
      lane.problems.push(...problems.map((p) => `trial ${trial} (killed in ${phase}): ${p}`));
    }

    // Every state ever reported, once more, then gc reclaims what the kills left.
    const repo = await Repo.open(new FsPod(folder.path), { timeoutMs: 0 });
    const problems: string[] = [];
    await checkStates(repo, states.values(), problems);
    lane.problems.push(...problems.map((p) => `at the end: ${p}`));
    lane.trimmed = [...states.values()].filter(trimmedAway).length;
    const leafHash = await stateHash(await repo.collection('crash'));
    lane.orphansBeforeGc = (await garbage(repo)).orphans;
    lane.tempFilesBeforeGc = await tempFiles(folder.path);
    // A grace period of 0: no writer runs any more, so every temp file is a leftover.
    lane.tempFilesSwept = (await repo.gc()).swept;
    lane.tempFilesSwept += (await repo.gc()).swept;
    const after = await garbage(repo);
    lane.orphansAfterGc = after.orphans;
    lane.softDeletedAfterGc = after.softDeleted;
    if ((await stateHash(await repo.collection('crash'))) !== leafHash)
      lane.problems.push('gc changed the current state');
    lane.damagedAtEnd = (await verifyRepo(repo)).damaged.map((d) => `${d.kind} ${d.path}`);
    lane.tempFilesLeft = await tempFiles(folder.path);
    return lane;
  } finally {
    await folder.remove();
  }
}

describe(`kill -9 during writes, defrag, trim and gc (${TRIALS} trials each)`, () => {
  const lanes = new Map<CrashScenario, Lane>();

  beforeAll(async () => {
    // Two lanes at a time: each trial starts a Node process, on a shared 2-core machine.
    for (let i = 0; i < SCENARIOS.length; i += 2) {
      const pair = SCENARIOS.slice(i, i + 2);
      const done = await Promise.all(pair.map((s, k) => runLane(s, 7 + i + k)));
      for (const lane of done) lanes.set(lane.scenario, lane);
    }
    const all = [...lanes.values()];
    const sum = (f: (l: Lane) => number) => all.reduce((n, l) => n + f(l), 0);
    for (const l of all) {
      summary(`crash ${l.scenario}`, {
        trials: l.trials,
        readableAfterKill: l.readable,
        kills: Object.entries(l.kills)
          .map(([k, v]) => `${k}:${v}`)
          .join(','),
        commitsReported: l.committed,
        commitsLandedUnreported: l.unreported,
        reportedThenTrimmed: l.trimmed,
        orphansBeforeGc: l.orphansBeforeGc,
        orphansAfterGc: l.orphansAfterGc,
        tempFilesBeforeGc: l.tempFilesBeforeGc,
        tempFilesSwept: l.tempFilesSwept,
        tempFilesLeft: l.tempFilesLeft,
        problems: l.problems.length,
      });
      for (const p of l.problems.slice(0, 5)) console.info(`  ${l.scenario}: ${p}`);
    }
    summary('crash (all)', {
      trials: sum((l) => l.trials),
      repositoriesReadable: sum((l) => l.readable),
      commitsReported: sum((l) => l.committed),
      orphansReclaimedByGc: sum((l) => l.orphansBeforeGc - l.orphansAfterGc),
      tempFilesBeforeGc: sum((l) => l.tempFilesBeforeGc),
      tempFilesSweptByGc: sum((l) => l.tempFilesSwept),
      tempFilesLeft: sum((l) => l.tempFilesLeft),
    });
  }, TRIALS * 20_000);

  afterAll(() => {
    lanes.clear();
  });

  it.each(SCENARIOS)(
    '%s: after every kill the repository opens and every committed state reads as committed',
    (s) => {
      const lane = lanes.get(s)!;
      expect(lane.problems).toEqual([]);
      expect(lane.readable).toBe(TRIALS);
      expect(lane.committed).toBeGreaterThan(0);
    },
  );

  it.each(SCENARIOS)('%s: gc reclaims the files the killed writers left, and nothing else', (s) => {
    const lane = lanes.get(s)!;
    expect(lane.orphansAfterGc).toBe(0);
    expect(lane.softDeletedAfterGc).toBe(0);
    expect(lane.damagedAtEnd).toEqual([]);
    expect(lane.tempFilesLeft).toBe(0);
    expect(lane.tempFilesSwept).toBe(lane.tempFilesBeforeGc);
  });

  it('the kills landed in every kind of operation', () => {
    const phases = new Set([...lanes.values()].flatMap((l) => Object.keys(l.kills)));
    for (const p of ['write', 'defrag', 'trim', 'gc']) expect(phases).toContain(p);
  });
});
