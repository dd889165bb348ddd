import { performance } from 'node:perf_hooks';
import { type Collection, type Pod, Repo } from '@lakota/core';
import { expect } from 'vitest';
import { Ancestry } from '../src/ancestry.js';
import type { ChildMessage } from '../src/messages.js';
import type { PodSpec } from '../src/pod-spec.js';
import {
  type CommittedWrite,
  checkStress,
  type StressOutcome,
  type StressRow,
} from '../src/stress-check.js';
import { STRESS_SCHEMA, type StressPlan } from '../src/stress-plan.js';
import { type ChildExit, startChild, summary } from './children.js';

export interface StressResult {
  outcome: StressOutcome;
  failures: Extract<ChildMessage, { type: 'failed' }>[];
  exits: ChildExit[];
  /** Distinct heads left by the writers, before the final merge. */
  headsBefore: number;
  headsAfter: number;
  /** Revision files in the changelog after the merge. */
  revisionFiles: number;
  writeMs: number;
  mergeMs: number;
}

/**
 * Runs `plan.writers` writer processes on one collection of the repository
 * at `spec` (which `pod` also opens, for the parent), released together;
 * then merges and checks every committed write (see checkStress).
 */
export async function runStress(
  spec: PodSpec,
  pod: Pod,
  plan: StressPlan,
  options: { autoMerge?: boolean } = {},
): Promise<StressResult> {
  const setup = await Repo.open(pod);
  await setup.createCollection(STRESS_SCHEMA, 'stress');
  const committed: CommittedWrite[] = [];
  const failures: StressResult['failures'] = [];
  const onMessage = (m: ChildMessage) => {
    if (m.type === 'committed') committed.push({ writer: m.writer, seq: m.seq, digest: m.digest });
    if (m.type === 'failed') failures.push(m);
  };
  const children = Array.from({ length: plan.writers }, (_, writer) =>
    startChild(
      'concurrent-writer',
      { pod: spec, collection: 'stress', plan, writer, autoMerge: options.autoMerge === true },
      onMessage,
    ),
  );
  try {
    await Promise.all(children.map((c) => c.ready));
  } catch (err) {
    for (const c of children) c.process.kill('SIGKILL');
    throw err;
  }
  const t0 = performance.now();
  for (const c of children) c.process.send({ type: 'go' });
  const exits = await Promise.all(children.map((c) => c.exited));
  const writeMs = performance.now() - t0;

  // A new Repo: nothing cached from the setup.
  const reader = await Repo.open(pod);
  const clct = await reader.collection('stress');
  const headsBefore = (await clct.heads()).length;
  const t1 = performance.now();
  await reader.merge();
  const mergeMs = performance.now() - t1;
  const headsAfter = (await clct.heads()).length;
  const names = await clct.changelog.names();
  const rows = await readStressRows(clct);
  const outcome = checkStress(plan, committed, (s) => rows.get(s) ?? [], new Ancestry(names));
  return {
    outcome,
    failures,
    exits,
    headsBefore,
    headsAfter,
    revisionFiles: names.length,
    writeMs,
    mergeMs,
  };
}

/** Prints the figures of a stress run (one summary line). */
export function report(name: string, plan: StressPlan, r: StressResult): void {
  const o = r.outcome;
  summary(name, {
    writers: plan.writers,
    writesAttempted: o.attempted,
    writesCommitted: o.committed,
    writeFailures: r.failures.length,
    headsBeforeMerge: r.headsBefore,
    headsAfterMerge: r.headsAfter,
    revisionFiles: r.revisionFiles,
    ownRowsWritten: o.ownRowsExpected,
    ownRowsFound: o.ownRowsFound,
    ownRowsLost: o.ownRowsLost,
    sharedKeysWritten: o.sharedKeysExpected,
    sharedKeysFound: o.sharedKeysFound,
    sharedKeysLost: o.sharedKeysLost,
    invalidRows: o.invalidRows,
    causalLwwViolations: o.causalViolations.length,
    writeSeconds: r.writeMs / 1000,
    mergeSeconds: r.mergeMs / 1000,
  });
}

/** What holds whatever the merge order: every committed write is there, with a value some write of that key made. */
export function expectNothingLost(plan: StressPlan, r: StressResult): void {
  // The AWS SDK warns on stderr that it will need a newer Node one day.
  const sdkNotice =
    /\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*?More information can be found at: \S+\s*(\(Use `node --trace-warnings \.\.\.` to show where the warning was created\)\s*)?/g;
  expect(r.exits.map((e) => e.stderr.replace(sdkNotice, '')).filter(Boolean)).toEqual([]);
  expect(r.exits.map((e) => e.code)).toEqual(new Array(plan.writers).fill(0));
  expect(r.failures).toEqual([]);
  const o = r.outcome;
  expect(o.committed).toBe(o.attempted);
  expect(r.headsAfter).toBe(1);
  expect(o.ownRowsLost).toBe(0);
  expect(o.ownRowsFound).toBe(o.ownRowsExpected);
  expect(o.sharedKeysLost).toBe(0);
  expect(o.sharedKeysFound).toBe(o.sharedKeysExpected);
  expect(o.invalidRows).toBe(0);
}

/** Every series of a stress collection as read now: key and the (writer, seq) that wrote it. */
export async function readStressRows(clct: Collection): Promise<Map<string, StressRow[]>> {
  const rows = new Map<string, StressRow[]>();
  for (const label of await clct.ls()) {
    const frame = await clct.series(label).read();
    rows.set(
      label,
      frame
        .toRecords({ int64: 'number' })
        .map((r) => ({ key: r.key as number, writer: r.writer as number, seq: r.seq as number })),
    );
  }
  return rows;
}
