import type { Collection } from './collection.js';
import { compareTuples } from './column-array.js';
import { Frame } from './frame.js';
import type { Revision } from './revision.js';
import type { Series } from './series.js';

/**
 * Key-value writes on a series whose schema is one key column and value
 * columns (the registry): new values win over stored ones for the same key,
 * and the written segment covers every key between the smallest and the
 * largest one written (FORMAT.md §8).
 */
export class KVSeries {
  constructor(readonly series: Series) {}

  private get schema() {
    return this.series.schema;
  }

  async read(): Promise<Map<string, Record<string, unknown>>> {
    const frame = await this.series.read();
    const key = this.schema.index[0]!.name;
    const out = new Map<string, Record<string, unknown>>();
    for (const r of frame.toRecords()) out.set(r[key] as string, r);
    return out;
  }

  /** Adds or replaces entries. */
  async set(records: readonly Record<string, unknown>[]): Promise<Revision[]> {
    if (records.length === 0) return [];
    const key = this.schema.index[0]!.name;
    const incoming = sortRecords(records, key);
    const fresh = Frame.from(this.schema, incoming);
    const stored = await this.series.read({ start: fresh.start, stop: fresh.stop, closed: 'BOTH' });
    // New entries first, then a stable sort keeps the first value of each key.
    const merged = sortRecords([...incoming, ...stored.toRecords({ timestamps: 'raw' })], key);
    const unique = merged.filter((r, i) => i === 0 || merged[i - 1]![key] !== r[key]);
    const frame = Frame.from(this.schema, unique);
    if (stored.length === frame.length && sameFrame(stored, frame)) return [];
    return this.series.write(frame);
  }

  /** Removes entries: rewrites [min(keys), max(keys)] without them. */
  async delete(keys: readonly string[]): Promise<Revision[]> {
    if (keys.length === 0) return [];
    const key = this.schema.index[0]!.name;
    const sorted = [...keys].sort((a, b) => compareTuples([a], [b]));
    const start = sorted[0]!;
    const stop = sorted[sorted.length - 1]!;
    const stored = await this.series.read({ start, stop, closed: 'BOTH' });
    const drop = new Set(keys);
    const keep = stored.toRecords({ timestamps: 'raw' }).filter((r) => !drop.has(r[key] as string));
    const frame = keep.length ? Frame.from(this.schema, keep) : Frame.empty(this.schema);
    return this.series.write(frame, { start, stop });
  }
}

function sortRecords(
  records: readonly Record<string, unknown>[],
  key: string,
): Record<string, unknown>[] {
  // Array.prototype.sort is stable, like numpy's mergesort.
  return [...records].sort((a, b) => compareTuples([a[key]], [b[key]]));
}

function sameFrame(a: Frame, b: Frame): boolean {
  const ra = a.toRecords({ timestamps: 'raw' });
  const rb = b.toRecords({ timestamps: 'raw' });
  return JSON.stringify(ra, big) === JSON.stringify(rb, big);
}

function big(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}

export type { Collection };
