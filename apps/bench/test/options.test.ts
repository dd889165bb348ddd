import { describe, expect, it } from 'vitest';
import { parseOptions, UsageError } from '../src/options.js';
import { WORKLOAD_KEYS } from '../src/workloads.js';

describe('parseOptions', () => {
  it('defaults to every workload, N = 1,000,000, 3 runs, a table', () => {
    expect(parseOptions([])).toEqual({
      n: 1_000_000,
      reps: 3,
      only: WORKLOAD_KEYS,
      json: false,
      markdown: false,
      rss: true,
    });
  });

  it('takes numerals or keys for --only, in the table order', () => {
    expect(parseOptions(['--only', 'x,ii_appends_1000x100_rows, iv']).only).toEqual([
      'ii_appends_1000x100_rows',
      'iv_read_full_N_rows',
      'x_pull_20ms_latency',
    ]);
  });

  it('refuses unknown workloads, flags and bad numbers', () => {
    expect(() => parseOptions(['--only', 'xii'])).toThrow(UsageError);
    expect(parseOptions(['--only', 'xi']).only).toEqual(['xi_merge_two_branches_of_500_appends']);
    expect(() => parseOptions(['--fast'])).toThrow(UsageError);
    expect(() => parseOptions(['--reps', '0'])).toThrow(/--reps/);
    expect(() => parseOptions(['--n', '150'])).toThrow(/multiple of 100/);
  });
});
