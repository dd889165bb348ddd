import { mkdir } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import type { BenchOptions } from './options.js';
import { measurePeakRss, type PeakRss } from './peak-rss.js';
import { type Hotspot, SectionProfiler } from './profiler.js';
import { median } from './stats.js';
import { TARGETS, Target, type TargetName } from './target.js';
import { LATENCY_MS, type Sample, type Timer, WORKLOADS, wallClock } from './workloads.js';

export interface WorkloadResult {
  median: number;
  runs: number[];
  /** Latency workloads: requests on the critical path, and all requests (median over runs). */
  waves?: number;
  requests?: number;
}

export interface BenchResult {
  params: {
    n: number;
    reps: number;
    only: string[];
    latency_ms: number;
    node: string;
    cpus: number;
    loadavg_1m_at_start: number;
  };
  results: Record<TargetName, Record<string, WorkloadResult>>;
  /** Highest resident memory of a process doing workload iv alone (null when iv was not run). */
  peak_rss_bytes: number | null;
  peak_rss: PeakRss | null;
}

/** Times `fn` under the CPU profiler, and reports its hottest functions. */
async function profiled(
  profiler: SectionProfiler,
  name: string,
  fn: () => Promise<unknown>,
  progress: (line: string) => void,
): Promise<number> {
  let spots: Hotspot[] = [];
  const seconds = await wallClock(async () => {
    await profiler.start();
    try {
      await fn();
    } finally {
      spots = await profiler.stop(name);
    }
  });
  const top = spots.map((s) => `${(100 * s.share).toFixed(0)}% ${s.name}`).join('; ');
  progress(`${name} profile: ${top}`);
  return seconds;
}

/** Runs the selected workloads on each pod, `reps` times each; `progress` hears about each run. */
export async function runBench(
  options: BenchOptions,
  progress: (line: string) => void = () => {},
): Promise<BenchResult> {
  const results = { memory: {}, file: {} } as BenchResult['results'];
  const targets = await Promise.all(TARGETS.map((t) => Target.create(t)));
  // A benchmark stopped with Ctrl-C still removes its temporary folders.
  const onSignal = () => {
    void Promise.all(targets.map((t) => t.dispose())).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  const startLoad = loadavg()[0] as number;
  let profiler: SectionProfiler | undefined;
  if (options.profile !== undefined) {
    await mkdir(options.profile, { recursive: true });
    profiler = new SectionProfiler(options.profile);
  }
  try {
    for (const workload of WORKLOADS.filter((w) => options.only.includes(w.key))) {
      for (const target of targets.filter((t) => workload.targets.includes(t.name))) {
        const samples: Sample[] = [];
        for (let rep = 0; rep < options.reps; rep++) {
          const name = `${workload.key.split('_')[0]}-${target.name}`;
          const time: Timer =
            profiler && rep === 0 ? (fn) => profiled(profiler, name, fn, progress) : wallClock;
          samples.push(await workload.run(target, options.n, time));
        }
        const runs = samples.map((s) => s.seconds);
        const result: WorkloadResult = { median: median(runs), runs };
        if (samples[0]?.waves !== undefined) {
          result.waves = median(samples.map((s) => s.waves as number));
          result.requests = median(samples.map((s) => s.requests as number));
        }
        results[target.name][workload.key] = result;
        progress(`${workload.key} [${target.name}]: ${runs.map((s) => s.toFixed(4)).join(' ')} s`);
      }
    }
  } finally {
    profiler?.close();
    process.off('SIGINT', onSignal);
    await Promise.all(targets.map((t) => t.dispose()));
  }
  let peak: PeakRss | null = null;
  if (options.rss && options.only.includes('iv_read_full_N_rows')) {
    peak = await measurePeakRss(options.n);
    progress(`peak RSS of iv: ${(peak.peakBytes / 2 ** 20).toFixed(1)} MiB`);
  }
  return {
    params: {
      n: options.n,
      reps: options.reps,
      only: options.only,
      latency_ms: LATENCY_MS,
      node: process.version,
      cpus: cpus().length,
      loadavg_1m_at_start: startLoad,
    },
    results,
    peak_rss_bytes: peak?.peakBytes ?? null,
    peak_rss: peak,
  };
}
