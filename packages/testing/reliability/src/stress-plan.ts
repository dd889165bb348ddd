import { below, prng } from './prng.js';

/**
 * Schema of the stress collection: each row says which write made it; `noise`
 * is incompressible, so that large writes become segment files.
 */
export const STRESS_SCHEMA = 'key int*\nwriter int\nseq int\nnoise float';

export interface StressPlan {
  seed: number;
  writers: number;
  /** Writes per writer. */
  writes: number;
  /** Series every writer overwrites parts of. */
  sharedSeries: number;
  /** Keys of a shared series are 0 … keySpace-1. */
  keySpace: number;
  /** Longest range one shared write replaces. */
  maxSpan: number;
  /** Rows of one append to a writer's own series. */
  ownRows: number;
}

export const DEFAULT_PLAN: StressPlan = {
  seed: 1,
  writers: 12,
  writes: 50,
  sharedSeries: 3,
  keySpace: 200,
  maxSpan: 20,
  ownRows: 5,
};

/** One write of the plan: a dense key range of one series, every row tagged (writer, seq). */
export interface PlannedWrite {
  writer: number;
  seq: number;
  series: string;
  /** First and last key, both written. */
  start: number;
  stop: number;
  shared: boolean;
}

export const ownSeries = (writer: number) => `own-${writer}`;
export const sharedSeries = (i: number) => `shared-${i}`;

/**
 * Write `seq` of `writer`: even ones append `ownRows` new keys to the
 * writer's own series, odd ones replace a random range of a shared series.
 */
export function plannedWrite(plan: StressPlan, writer: number, seq: number): PlannedWrite {
  if (seq % 2 === 0) {
    const start = (seq / 2) * plan.ownRows;
    return {
      writer,
      seq,
      series: ownSeries(writer),
      start,
      stop: start + plan.ownRows - 1,
      shared: false,
    };
  }
  const random = prng(plan.seed, writer, seq);
  const series = sharedSeries(below(random, plan.sharedSeries));
  const span = 1 + below(random, plan.maxSpan);
  const start = below(random, plan.keySpace - span + 1);
  return { writer, seq, series, start, stop: start + span - 1, shared: true };
}

/** The frame a planned write writes. */
export function frameOf(w: PlannedWrite): {
  key: number[];
  writer: number[];
  seq: number[];
  noise: number[];
} {
  const n = w.stop - w.start + 1;
  const random = prng(w.writer, w.seq, 7);
  return {
    key: Array.from({ length: n }, (_, i) => w.start + i),
    writer: new Array(n).fill(w.writer),
    seq: new Array(n).fill(w.seq),
    noise: Array.from({ length: n }, () => random()),
  };
}
