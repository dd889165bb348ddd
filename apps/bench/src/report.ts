import { PYTHON_MEDIANS, PYTHON_N } from './python-reference.js';
import type { BenchResult, WorkloadResult } from './run-bench.js';
import { TARGETS } from './target.js';

const seconds = (s: number) => (s < 0.01 ? s.toFixed(4) : s < 10 ? s.toFixed(3) : s.toFixed(1));
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

function cells(ours: WorkloadResult | undefined, python: number | undefined): string[] {
  if (!ours) return ['', '', ''];
  const shown =
    ours.waves === undefined
      ? seconds(ours.median)
      : `${seconds(ours.median)} (${ours.waves} waves)`;
  return [
    shown,
    python === undefined ? '–' : seconds(python),
    python === undefined ? '–' : `${(ours.median / python).toFixed(2)}x`,
  ];
}

/** The results as an aligned text table: ours, Python's median and ours / Python's, per pod. */
export function formatTable(result: BenchResult): string {
  const header = ['workload', ...TARGETS.flatMap((t) => [`${t} (s)`, 'python', 'ratio'])];
  const keys = result.params.only;
  const rows = keys.map((key) => [
    key,
    ...TARGETS.flatMap((t) => cells(result.results[t][key], PYTHON_MEDIANS[key]?.[t])),
  ]);
  const widths = header.map((h, k) =>
    Math.max(h.length, ...rows.map((r) => (r[k] as string).length)),
  );
  const line = (cols: string[]) =>
    cols
      .map((c, k) => (k === 0 ? c.padEnd(widths[k] as number) : c.padStart(widths[k] as number)))
      .join('  ');
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  const { params } = result;
  out.push(
    '',
    `N = ${params.n}, median of ${params.reps}, Node ${params.node}, load ${params.loadavg_1m_at_start.toFixed(2)} at start; ratio = ours / Python (below 1 is faster)`,
  );
  if (params.n !== PYTHON_N)
    out.push(`Python's figures are for N = ${PYTHON_N}: ratios at another N compare unlike work`);
  if (result.peak_rss) {
    const p = result.peak_rss;
    out.push(
      `iv peak RSS: ${mib(p.peakBytes)} (${mib(p.beforeBytes)} before the read, +${mib(p.growthBytes)} for ${mib(p.rawBytes)} of values: ${(p.growthBytes / p.rawBytes).toFixed(2)}x)${p.isolated ? '' : '; not isolated from the benchmark process, may be its peak'}`,
    );
  }
  return out.join('\n');
}

/** The same table in Markdown, with the run's parameters below it (for docs/benchmarks.md). */
export function formatMarkdown(result: BenchResult): string {
  const header = ['workload', ...TARGETS.flatMap((t) => [`${t} (s)`, 'Python', 'ratio'])];
  const rows = result.params.only.map((key) => [
    `\`${key}\``,
    ...TARGETS.flatMap((t) => cells(result.results[t][key], PYTHON_MEDIANS[key]?.[t])),
  ]);
  const line = (cols: string[]) => `| ${cols.join(' | ')} |`;
  const { params } = result;
  const out = [
    line(header),
    line(header.map((_, k) => (k === 0 ? '---' : '---:'))),
    ...rows.map(line),
    '',
    `N = ${params.n}, median of ${params.reps}, Node ${params.node}, ${params.cpus} CPUs, load ${params.loadavg_1m_at_start.toFixed(2)} at start.`,
  ];
  if (result.peak_rss) {
    const p = result.peak_rss;
    out.push(
      `Workload iv's peak RSS: ${mib(p.peakBytes)}, ${mib(p.growthBytes)} above the ${mib(p.beforeBytes)} before the read, for ${mib(p.rawBytes)} of values (${(p.growthBytes / p.rawBytes).toFixed(2)}x).`,
    );
  }
  return out.join('\n');
}
