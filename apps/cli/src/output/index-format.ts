import type { Schema } from '@lakota/core';
import { textFormatter } from './cell-format.js';

/**
 * Index tuples (a commit row's start and stop, the ends of a changed range)
 * as text: each cell as `read` prints it, joined by ` / ` for a
 * multi-column index.
 */
export function indexFormatter(schema: Schema): (values: readonly unknown[]) => string {
  const cells = schema.index.map((c) => textFormatter(c.dt));
  return (values) => values.map((v, k) => (cells[k] as (v: unknown) => string)(v)).join(' / ');
}
