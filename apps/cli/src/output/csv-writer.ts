import { stringify } from 'csv-stringify/sync';
import type { Page } from '../page.js';
import { type CellFormatter, textFormatter } from './cell-format.js';
import type { OutputStream } from './output-stream.js';
import type { RowsWriter } from './rows-writer.js';

/**
 * CSV with a header line, cells as Python Lakota prints them, quoted only
 * where CSV needs it. What it prints can be piped into `lakota write`.
 */
export class CsvWriter implements RowsWriter {
  private started = false;

  constructor(private readonly out: OutputStream) {}

  async write(page: Page): Promise<void> {
    const rows: string[][] = [];
    if (!this.started) {
      rows.push([...page.names]);
      this.started = true;
    }
    const formats: CellFormatter[] = page.columns.map((c) => textFormatter(c.dt));
    const width = page.columns.length;
    for (let i = 0; i < page.length; i++) {
      const row = new Array<string>(width);
      for (let k = 0; k < width; k++) {
        const c = page.columns[k]!;
        row[k] = formats[k]!(c.values[c.scalar ? 0 : i]);
      }
      rows.push(row);
    }
    // A one-column row holding '' would be an empty line, which readers skip: quote it.
    await this.out.write(stringify(rows, { quoted_empty: width === 1 }));
  }

  async end(): Promise<void> {}
}
