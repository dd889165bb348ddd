import type { Ancestry } from './ancestry.js';
import {
  ownSeries,
  type PlannedWrite,
  plannedWrite,
  type StressPlan,
  sharedSeries,
} from './stress-plan.js';

/** A write a child process committed, with the digest of the commit it made. */
export interface CommittedWrite {
  writer: number;
  seq: number;
  digest: string;
}

/** One row as read back: key and the (writer, seq) of the write that made it. */
export interface StressRow {
  key: number;
  writer: number;
  seq: number;
}

export interface CausalViolation {
  series: string;
  key: number;
  /** The write whose value was read. */
  winner: [writer: number, seq: number];
  /** A write of the same key built on the winner's commit, so it came after it, and lost. */
  overwrittenBy: [writer: number, seq: number];
}

export interface StressOutcome {
  /** Writes the plan holds. */
  attempted: number;
  /** Writes the children reported as committed. */
  committed: number;
  ownRowsExpected: number;
  ownRowsFound: number;
  /** Rows of committed appends that are not read back as written. */
  ownRowsLost: number;
  /** Keys of shared series some committed write covered. */
  sharedKeysExpected: number;
  sharedKeysFound: number;
  /** Of those keys, the ones with no value read back. */
  sharedKeysLost: number;
  /** Rows whose (writer, seq) is no committed write of that key (or keys nobody wrote). */
  invalidRows: number;
  causalViolations: CausalViolation[];
}

/**
 * Checks what was read after the merge against what the writers committed:
 * no row lost, every value written by a write that covered its key, and
 * last-writer-wins in causal order: a value is never read where a write
 * built on its commit (so made after it, knowing it) wrote another one.
 * Between concurrent writes (neither built on the other) the merge order
 * decides, and either value is right.
 */
export function checkStress(
  plan: StressPlan,
  committed: readonly CommittedWrite[],
  read: (series: string) => readonly StressRow[],
  ancestry: Ancestry,
): StressOutcome {
  const digestOf = new Map(committed.map((c) => [`${c.writer}/${c.seq}`, c.digest]));
  const out: StressOutcome = {
    attempted: plan.writers * plan.writes,
    committed: committed.length,
    ownRowsExpected: 0,
    ownRowsFound: 0,
    ownRowsLost: 0,
    sharedKeysExpected: 0,
    sharedKeysFound: 0,
    sharedKeysLost: 0,
    invalidRows: 0,
    causalViolations: [],
  };
  const writes = committed.map((c) => plannedWrite(plan, c.writer, c.seq));

  for (let w = 0; w < plan.writers; w++) {
    const expected = new Map<number, number>();
    for (const pw of writes) {
      if (pw.shared || pw.writer !== w) continue;
      for (let k = pw.start; k <= pw.stop; k++) expected.set(k, pw.seq);
    }
    out.ownRowsExpected += expected.size;
    for (const row of read(ownSeries(w))) {
      out.ownRowsFound++;
      if (expected.get(row.key) === row.seq && row.writer === w) expected.delete(row.key);
      else out.invalidRows++;
    }
    out.ownRowsLost += expected.size;
  }

  for (let s = 0; s < plan.sharedSeries; s++) {
    const series = sharedSeries(s);
    const byKey = new Map<number, PlannedWrite[]>();
    for (const pw of writes) {
      if (pw.series !== series) continue;
      for (let k = pw.start; k <= pw.stop; k++) byKey.set(k, [...(byKey.get(k) ?? []), pw]);
    }
    out.sharedKeysExpected += byKey.size;
    const seen = new Set<number>();
    for (const row of read(series)) {
      out.sharedKeysFound++;
      seen.add(row.key);
      const covering = byKey.get(row.key) ?? [];
      const winner = covering.find((pw) => pw.writer === row.writer && pw.seq === row.seq);
      if (!winner) {
        out.invalidRows++;
        continue;
      }
      const winnerDigest = digestOf.get(`${winner.writer}/${winner.seq}`) as string;
      for (const other of covering) {
        if (other === winner) continue;
        const d = digestOf.get(`${other.writer}/${other.seq}`) as string;
        if (ancestry.after(d, winnerDigest)) {
          out.causalViolations.push({
            series,
            key: row.key,
            winner: [winner.writer, winner.seq],
            overwrittenBy: [other.writer, other.seq],
          });
          break;
        }
      }
    }
    for (const k of byKey.keys()) if (!seen.has(k)) out.sharedKeysLost++;
  }
  return out;
}
