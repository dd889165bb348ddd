import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { WORKLOAD_KEYS } from '../src/workloads.js';

const run = promisify(execFile);
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('pnpm bench --json', () => {
  it('prints one JSON object with every workload on both pods', { timeout: 400_000 }, async () => {
    const { stdout } = await run(process.execPath, [main, '--n', '2000', '--reps', '1', '--json'], {
      maxBuffer: 1 << 20,
    });
    const result = JSON.parse(stdout);
    expect(result.params).toMatchObject({ n: 2000, reps: 1, latency_ms: 20 });
    expect(WORKLOAD_KEYS).toHaveLength(11);
    for (const pod of ['memory', 'file']) {
      expect(Object.keys(result.results[pod])).toEqual(WORKLOAD_KEYS);
      for (const key of WORKLOAD_KEYS) {
        const { median, runs } = result.results[pod][key];
        expect(runs).toHaveLength(1);
        expect(median).toBe(runs[0]);
        expect(median).toBeGreaterThan(0);
      }
      for (const key of ['ix_cold_read_100_segments_20ms_latency', 'x_pull_20ms_latency']) {
        const { waves, requests } = result.results[pod][key];
        expect(Number.isInteger(waves)).toBe(true);
        expect(waves).toBeGreaterThanOrEqual(4);
        expect(requests).toBeGreaterThanOrEqual(waves);
      }
    }
    expect(result.peak_rss_bytes).toBeGreaterThanOrEqual(result.peak_rss.beforeBytes);
  });

  it('runs only the workloads asked for, and refuses an N that is not a multiple of 100', async () => {
    const { stdout } = await run(process.execPath, [
      main,
      '--n',
      '1000',
      '--reps',
      '2',
      '--only',
      'iv,i',
      '--json',
      '--no-rss',
    ]);
    const result = JSON.parse(stdout);
    expect(result.params.only).toEqual(['i_write_1_series_N_rows', 'iv_read_full_N_rows']);
    expect(Object.keys(result.results.memory)).toEqual([
      'i_write_1_series_N_rows',
      'iv_read_full_N_rows',
    ]);
    expect(result.results.file.iv_read_full_N_rows.runs).toHaveLength(2);
    expect(result.peak_rss_bytes).toBeNull();
    await expect(run(process.execPath, [main, '--n', '1050'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('multiple of 100'),
    });
  });
});
