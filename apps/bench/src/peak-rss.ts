import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { FsPod } from '@lakota/pod-fs';
import { Target } from './target.js';
import { fullSeries } from './workloads.js';

export interface PeakRss {
  /** The reading process's highest resident memory, in bytes. */
  peakBytes: number;
  /** Its resident memory just before the read (runtime, modules, codecs). */
  beforeBytes: number;
  /** What the read added at its peak: peakBytes - beforeBytes. */
  growthBytes: number;
  /** Bytes of the values read: 8 per timestamp and 8 per float. */
  rawBytes: number;
  /**
   * False where the peak could not be reset before the read (outside Linux):
   * it may then be the benchmark process's own peak, inherited by its child.
   */
  isolated: boolean;
}

const run = promisify(execFile);

/**
 * Workload iv (a full read of N rows from a folder) in a child process, which
 * reports its maxRSS: sampling from this process could miss a peak reached
 * inside one synchronous decode.
 */
export async function measurePeakRss(n: number): Promise<PeakRss> {
  const target = await Target.create('file');
  try {
    const pod = (await fullSeries(target, n)) as FsPod;
    const child = fileURLToPath(new URL('./rss-child.js', import.meta.url));
    const { stdout } = await run(process.execPath, ['--expose-gc', child, pod.root]);
    const r = JSON.parse(stdout) as {
      rows: number;
      rssBefore: number;
      peakRss: number;
      reset: boolean;
    };
    if (r.rows !== n) throw new Error(`The peak-RSS child read ${r.rows} rows instead of ${n}`);
    return {
      peakBytes: r.peakRss,
      beforeBytes: r.rssBefore,
      growthBytes: r.peakRss - r.rssBefore,
      rawBytes: 16 * n,
      isolated: r.reset,
    };
  } finally {
    await target.dispose();
  }
}
