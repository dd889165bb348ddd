import type { Pod } from '../../src/pod.js';
import type { Repo } from '../../src/repo.js';

/** Copies every file of one pod into another (a snapshot a concurrent writer would have seen). */
export async function copyPod(from: Pod, to: Pod): Promise<void> {
  for await (const path of from.walk())
    await to.write(path, await from.read(path), { force: true });
}

/** Every file and a digest of its bytes: equal maps mean an unchanged pod. */
export async function podFiles(pod: Pod): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const p of pod.walk()) out.set(p, Buffer.from(await pod.read(p)).toString('base64'));
  return out;
}

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Date) return value.toISOString();
  return value;
}

/**
 * What reads see: every collection, series and row, as one string. Two
 * repositories with equal states give equal strings whatever their files.
 */
export async function readState(repo: Repo): Promise<string> {
  const out: Record<string, Record<string, unknown[]>> = {};
  for (const c of await repo.search()) {
    const series: Record<string, unknown[]> = {};
    for (const label of await c.ls()) {
      const frame = await c.series(label).read();
      series[label] = frame
        .toRecords({ timestamps: 'raw' })
        .map((r) => Object.values(r).map(plain));
    }
    out[c.label] = series;
  }
  return JSON.stringify(out);
}
