import type { Frame } from '@lakota/core';
import { take, type Vector } from './expr/vector.js';

/**
 * A block of rows on its way to the output: named columns of equal length.
 * `read` handles a series one page at a time so that it never holds the
 * whole series.
 */
export interface Page {
  readonly names: readonly string[];
  readonly columns: readonly Vector[];
  readonly length: number;
}

/** The selected columns of a frame, with their stored types. */
export function pageOfFrame(frame: Frame, names: readonly string[] = frame.names): Page {
  return {
    names,
    columns: names.map((n) => ({ dt: frame.schema.column(n).dt, values: frame.column(n) })),
    length: frame.length,
  };
}

/** Keeps the rows where `keep` is set. */
export function filterPage(page: Page, keep: ArrayLike<number>): Page {
  const index: number[] = [];
  for (let i = 0; i < page.length; i++) if (keep[i]) index.push(i);
  if (index.length === page.length) return page;
  return {
    names: page.names,
    columns: page.columns.map((c) => take(c, index)),
    length: index.length,
  };
}

/** Rows [start, end) of a page. */
export function slicePage(page: Page, start: number, end: number): Page {
  const s = Math.max(0, Math.min(start, page.length));
  const e = Math.max(s, Math.min(end, page.length));
  const slice = (v: Vector): Vector => {
    if (v.scalar) return v;
    // Typed arrays share memory with subarray; plain arrays are copied.
    const values = Array.isArray(v.values)
      ? v.values.slice(s, e)
      : (v.values as Float64Array).subarray(s, e);
    return { dt: v.dt, values };
  };
  return { names: page.names, columns: page.columns.map(slice), length: e - s };
}
