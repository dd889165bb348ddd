import type { Page } from '../page.js';
import { alignsRight, textFormatter } from './cell-format.js';
import type { OutputStream } from './output-stream.js';
import type { RowsWriter } from './rows-writer.js';

/** Renders rows as an aligned text table: a header, a rule, numbers on the right. */
export function renderTable(
  names: readonly string[],
  rows: readonly string[][],
  right: readonly boolean[],
): string {
  const widths = names.map((n, k) =>
    rows.reduce((w, r) => Math.max(w, (r[k] as string).length), n.length),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, k) => (right[k] ? c.padStart(widths[k] as number) : c.padEnd(widths[k] as number)))
      .join('  ')
      .trimEnd();
  const lines = [line(names), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  return `${lines.join('\n')}\n`;
}

/**
 * Aligned tables (`-P` or `--format table`). Alignment needs every row, so
 * rows are kept until the end, or printed one table per page with
 * `--paginate`, as Python Lakota does.
 */
export class TableWriter implements RowsWriter {
  private names: readonly string[] = [];
  private right: boolean[] = [];
  private rows: string[][] = [];
  private started = false;

  constructor(
    private readonly out: OutputStream,
    private readonly perPage: boolean,
  ) {}

  async write(page: Page): Promise<void> {
    if (!this.started) {
      this.names = page.names;
      this.right = page.columns.map((c) => alignsRight(c.dt));
      this.started = true;
    }
    const formats = page.columns.map((c) => textFormatter(c.dt));
    for (let i = 0; i < page.length; i++) {
      this.rows.push(page.columns.map((c, k) => formats[k]!(c.values[c.scalar ? 0 : i])));
    }
    if (this.perPage) await this.flush();
  }

  private async flush(): Promise<void> {
    const rows = this.rows;
    this.rows = [];
    await this.out.write(renderTable(this.names, rows, this.right));
  }

  async end(): Promise<void> {
    if (!this.perPage && this.started) await this.flush();
  }
}
