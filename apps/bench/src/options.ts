import { parseArgs } from 'node:util';
import { WORKLOADS } from './workloads.js';

export interface BenchOptions {
  /** Rows of the N-row workloads (a multiple of 100: some split N into 100 parts). */
  n: number;
  reps: number;
  /** Workload keys to run, in the table's order. */
  only: string[];
  json: boolean;
  /** Print the table in Markdown instead. */
  markdown: boolean;
  /** Measure workload iv's peak RSS in a child process (on by default). */
  rss: boolean;
  /** Folder for CPU profiles of each workload's first timed run, when profiling. */
  profile?: string;
}

export const USAGE = `Usage: pnpm bench [--n 1000000] [--reps 3] [--only i,ii,...] [--json] [--no-rss]

  --n      rows of the N-row workloads, a multiple of 100 (default 1000000)
  --reps   timed runs per workload and pod; the median is reported (default 3)
  --only   workloads to run, by numeral (i..x) or full key, comma-separated
  --json   print one JSON object on stdout instead of the table
  --markdown  print the table in Markdown
  --no-rss skip the peak-RSS measurement of workload iv
  --profile DIR  save a CPU profile of each workload's first timed run in DIR
           (that run's time then includes the profiler's overhead)`;

/** A command-line mistake: the message says what to give instead. */
export class UsageError extends Error {
  override name = 'UsageError';
}

function positiveInteger(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new UsageError(`${flag} needs a whole number above 0, got '${text}'`);
  }
  return value;
}

/** The workload keys `--only` names: numerals (`iv`) or full keys. */
function selectWorkloads(text: string | undefined): string[] {
  if (text === undefined) return WORKLOADS.map((w) => w.key);
  const wanted = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const picked = new Set<string>();
  for (const name of wanted) {
    const w = WORKLOADS.find((w) => w.key === name || w.key.split('_')[0] === name);
    if (!w) {
      const numerals = WORKLOADS.map((w) => w.key.split('_')[0]).join(',');
      throw new UsageError(
        `--only: no workload '${name}'; give numerals among ${numerals} or full keys`,
      );
    }
    picked.add(w.key);
  }
  return WORKLOADS.map((w) => w.key).filter((k) => picked.has(k));
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  let values: ReturnType<typeof parse>['values'];
  try {
    ({ values } = parse(argv));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const n = positiveInteger(values.n, '--n', 1_000_000);
  if (n % 100 !== 0)
    throw new UsageError(`--n must be a multiple of 100 (series are split in 100 parts), got ${n}`);
  return {
    n,
    reps: positiveInteger(values.reps, '--reps', 3),
    only: selectWorkloads(values.only),
    json: values.json ?? false,
    markdown: values.markdown ?? false,
    rss: !(values['no-rss'] ?? false),
    ...(values.profile !== undefined ? { profile: values.profile } : {}),
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      n: { type: 'string' },
      reps: { type: 'string' },
      only: { type: 'string' },
      json: { type: 'boolean' },
      markdown: { type: 'boolean' },
      'no-rss': { type: 'boolean' },
      profile: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
}
