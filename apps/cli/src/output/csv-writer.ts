import { kindOf } from '../expr/vector.js';
import type { Page } from '../page.js';
import { type CellFormatter, textFormatter } from './cell-format.js';
import type { OutputStream } from './output-stream.js';
import type { RowsWriter } from './rows-writer.js';

const NEEDS_QUOTES = /[",\r\n]/;

/** A cell quoted as Python's csv module does (QUOTE_MINIMAL): only when it holds `,` `"` or a line break. */
export function csvQuote(cell: string): string {
  return NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/**
 * CSV with a header line, cells as Python Lakota prints them, quoted only
 * where CSV needs it. What it prints can be piped into `lakota write`.
 *
 * Rows are built straight into one string per page: numbers and dates never
 * need quotes, so only text cells are checked. This matters on series of
 * millions of rows, where a generic stringifier's per-row arrays keep the
 * garbage collector busy.
 */
export class CsvWriter implements RowsWriter {
  private started = false;

  constructor(private readonly out: OutputStream) {}

  async write(page: Page): Promise<void> {
    const width = page.columns.length;
    let text = '';
    if (!this.started) {
      text = `${page.names.map(csvQuote).join(',')}\n`;
      this.started = true;
    }
    const cells: CellFormatter[] = page.columns.map((c) => {
      const format = textFormatter(c.dt);
      const kind = kindOf(c.dt);
      return kind === 'str' || kind === 'object' ? (v: unknown) => csvQuote(format(v)) : format;
    });
    for (let i = 0; i < page.length; i++) {
      let line = '';
      for (let k = 0; k < width; k++) {
        const c = page.columns[k]!;
        const cell = cells[k]!(c.values[c.scalar ? 0 : i]);
        line = k === 0 ? cell : `${line},${cell}`;
      }
      // A one-column row holding '' would be an empty line, which readers skip: quote it.
      text += line === '' && width === 1 ? '""\n' : `${line}\n`;
    }
    await this.out.write(text);
  }

  async end(): Promise<void> {}
}
