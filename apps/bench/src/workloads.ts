import { type Collection, type Pod, Repo } from '@lakota/core';
import { criticalPath, type RequestSpan } from './critical-path.js';
import { type Columns, makeChunks, makeColumns, SCHEMA, T0 } from './data.js';
import { LatencyPod } from './latency-pod.js';
import type { Target, TargetName } from './target.js';

/** One timed run: seconds, and for the latency workloads the requests it made. */
export interface Sample {
  seconds: number;
  /** Requests on the critical path (sequential round trips). */
  waves?: number;
  /** All requests made. */
  requests?: number;
}

export interface Workload {
  key: string;
  /** What is timed (set-up is not). */
  timed: string;
  targets: readonly TargetName[];
  run(target: Target, n: number, time: Timer): Promise<Sample>;
}

/** Times `fn` (and nothing else) in seconds. */
export type Timer = (fn: () => Promise<unknown>) => Promise<number>;

const LABEL = 'bench';
const APPENDS = 1000;
const APPEND_ROWS = 100;
const SEGMENTS = 100;
const MULTI_SERIES = 100;
export const LATENCY_MS = 20;
const MERGE_BRANCH_WRITES = 500;

/** Seconds `fn` takes; garbage left by the set-up is collected first when the runtime allows it. */
export const wallClock: Timer = async (fn) => {
  (globalThis as { gc?: () => void }).gc?.();
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
};

async function newCollection(pod: Pod): Promise<Collection> {
  const repo = await Repo.open(pod);
  return repo.createCollection(SCHEMA, LABEL);
}

/** A fresh repository object on an existing pod: no changelog, commit or segment cache. */
async function reopen(pod: Pod): Promise<Collection> {
  return (await Repo.open(pod)).collection(LABEL);
}

async function writeAll(
  collection: Collection,
  label: string,
  chunks: readonly Columns[],
): Promise<void> {
  const series = collection.series(label);
  for (const chunk of chunks) await series.write(chunk);
}

/** Series `full`: N rows written at once (iv). */
export function fullSeries(target: Target, n: number): Promise<Pod> {
  return target.once('full', async () => {
    const pod = target.newPod();
    await (await newCollection(pod)).series('full').write(makeColumns(n));
    return pod;
  });
}

/** Series `appended`: N rows in 100 appends, hence 100 segments; and the id after each append (v, vi, ix). */
function appendedSeries(target: Target, n: number): Promise<{ pod: Pod; epochs: string[] }> {
  return target.once('appended', async () => {
    const pod = target.newPod();
    const collection = await newCollection(pod);
    await writeAll(collection, 'appended', makeChunks(SEGMENTS, n / SEGMENTS));
    const epochs = (await collection.changelog.log()).map((r) => r.epoch);
    return { pod, epochs };
  });
}

function multiFrames(n: number): Columns[] {
  const rows = n / MULTI_SERIES;
  // Same timestamps for every series, as in the reference: identical index arrays are stored once.
  const { timestamp } = makeColumns(rows);
  return Array.from({ length: MULTI_SERIES }, () => ({
    timestamp,
    value: makeColumns(rows).value,
  }));
}

async function writeMulti(collection: Collection, frames: readonly Columns[]): Promise<void> {
  await collection.multi(async (batch) => {
    for (const [i, frame] of frames.entries()) await batch.series(`s${i}`).write(frame);
  });
}

/** The collection of iii, written once (vii, x). */
function multiCollection(target: Target, n: number): Promise<Pod> {
  return target.once('multi', async () => {
    const pod = target.newPod();
    await writeMulti(await newCollection(pod), multiFrames(n));
    return pod;
  });
}

/**
 * Two writers fork a collection of 20 series and make `writes` appends of
 * 100 rows each, spread over the series; the second one's files are then
 * copied in, leaving two heads, each a long branch.
 */
async function divergedBranches(target: Target, writes: number): Promise<Pod> {
  const pod = target.newPod();
  const mine = await newCollection(pod);
  const series = Array.from({ length: 20 }, (_, i) => `s${i}`);
  for (const label of series)
    await mine.series(label).write(makeChunks(1, APPEND_ROWS)[0] as Columns);
  const fork = target.newPod();
  await copyFiles(pod, fork);
  const theirs = await reopen(fork);
  const chunks = makeChunks(writes + 1, APPEND_ROWS).slice(1);
  for (const [i, chunk] of chunks.entries()) {
    await mine.series(series[i % 20] as string).write(chunk);
    await theirs.series(series[(i + 7) % 20] as string).write(chunk);
  }
  await copyFiles(fork, pod);
  return pod;
}

async function copyFiles(from: Pod, to: Pod): Promise<void> {
  for await (const path of from.walk('')) {
    if (!(await to.isFile(path))) await to.write(path, await from.read(path));
  }
}

/** A pull into an empty repository of the same target. */
async function pullInto(target: Target, source: Pod): Promise<void> {
  const local = await Repo.open(target.newPod());
  await local.pull(await Repo.open(source));
}

export const WORKLOADS: readonly Workload[] = [
  {
    key: 'i_write_1_series_N_rows',
    timed: 'write 1 series of N rows in one write',
    targets: ['memory', 'file'],
    async run(target, n, timed) {
      const collection = await newCollection(target.newPod());
      const data = makeColumns(n);
      return { seconds: await timed(() => collection.series('s').write(data)) };
    },
  },
  {
    key: 'ii_appends_1000x100_rows',
    timed: '1,000 appends of 100 rows each to one series',
    targets: ['memory', 'file'],
    async run(target, _n, timed) {
      const collection = await newCollection(target.newPod());
      const chunks = makeChunks(APPENDS, APPEND_ROWS);
      return { seconds: await timed(() => writeAll(collection, 's', chunks)) };
    },
  },
  {
    key: 'iii_multi_100_series_x_10k_rows',
    timed: '100 series x N/100 rows in one collection, in one multi() batch',
    targets: ['memory', 'file'],
    async run(target, n, timed) {
      const collection = await newCollection(target.newPod());
      const frames = multiFrames(n);
      return { seconds: await timed(() => writeMulti(collection, frames)) };
    },
  },
  {
    key: 'iv_read_full_N_rows',
    timed: 'read a full series of N rows written in one write, fresh repository object',
    targets: ['memory', 'file'],
    async run(target, n, timed) {
      const pod = await fullSeries(target, n);
      return { seconds: await timed(async () => (await reopen(pod)).series('full').read()) };
    },
  },
  {
    key: 'v_read_1pct_middle_of_100_appends',
    timed:
      'read a 1% index range in the middle of an N-row series built by 100 appends, fresh repository object',
    targets: ['memory', 'file'],
    async run(target, n, timed) {
      const { pod } = await appendedSeries(target, n);
      const start = T0 + BigInt(Math.round(n * 0.495));
      const stop = T0 + BigInt(Math.round(n * 0.505));
      return {
        seconds: await timed(async () =>
          (await reopen(pod)).series('appended').read({ start, stop }),
        ),
      };
    },
  },
  {
    key: 'vi_time_travel_read_rev50_of_100',
    timed:
      'read that series as it was after its 50th of 100 revisions (N/2 rows), fresh repository object',
    targets: ['memory', 'file'],
    async run(target, n, timed) {
      const { pod, epochs } = await appendedSeries(target, n);
      // Revisions before the 51st one's time: the leaf is the 50th.
      const before = epochs[SEGMENTS / 2] as string;
      return {
        seconds: await timed(async () => (await reopen(pod)).series('appended').read({ before })),
      };
    },
  },
  {
    key: 'vii_pull_collection_file_to_file',
    timed: 'pull the collection of iii into an empty repository of the same kind',
    targets: ['memory', 'file'],
    async run(target, n, timed) {
      const source = await multiCollection(target, n);
      return { seconds: await timed(() => pullInto(target, source)) };
    },
  },
  {
    key: 'viii_defrag_after_1000_appends',
    timed: 'defrag the collection of ii (1,000 segments to 1)',
    targets: ['memory', 'file'],
    async run(target, _n, timed) {
      const collection = await newCollection(target.newPod());
      await writeAll(collection, 's', makeChunks(APPENDS, APPEND_ROWS));
      return { seconds: await timed(() => collection.defrag()) };
    },
  },
  {
    key: 'ix_cold_read_100_segments_20ms_latency',
    timed: `cold read of the 100-segment series of v through a pod adding ${LATENCY_MS} ms to every request`,
    targets: ['memory', 'file'],
    async run(target, n, timed) {
      const { pod } = await appendedSeries(target, n);
      const spans: RequestSpan[] = [];
      const remote = new LatencyPod(pod, LATENCY_MS, spans);
      const seconds = await timed(async () => (await reopen(remote)).series('appended').read());
      return { seconds, waves: criticalPath(spans), requests: spans.length };
    },
  },
  {
    key: 'x_pull_20ms_latency',
    timed: `pull of the collection of iii from a pod adding ${LATENCY_MS} ms to every request`,
    targets: ['memory', 'file'],
    async run(target, n, timed) {
      const source = await multiCollection(target, n);
      const spans: RequestSpan[] = [];
      const seconds = await timed(() =>
        pullInto(target, new LatencyPod(source, LATENCY_MS, spans)),
      );
      return { seconds, waves: criticalPath(spans), requests: spans.length };
    },
  },
  {
    key: 'xi_merge_two_branches_of_500_appends',
    timed:
      'merge two heads, each a branch of 500 appends of 100 rows over the same 20 series, fresh repository object',
    targets: ['memory', 'file'],
    async run(target, _n, timed) {
      const pod = await divergedBranches(target, MERGE_BRANCH_WRITES);
      return { seconds: await timed(async () => (await reopen(pod)).merge()) };
    },
  },
];

export const WORKLOAD_KEYS: readonly string[] = WORKLOADS.map((w) => w.key);
