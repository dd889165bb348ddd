import type { Page } from '../page.js';
import { type CellFormatter, jsonFormatter } from './cell-format.js';
import type { OutputStream } from './output-stream.js';
import type { RowsWriter } from './rows-writer.js';

/** A JSON array of records, one per line, written as pages come. */
export class JsonWriter implements RowsWriter {
  private rows = 0;

  constructor(private readonly out: OutputStream) {}

  async write(page: Page): Promise<void> {
    const keys = page.names.map((n) => `${JSON.stringify(n)}:`);
    const formats: CellFormatter[] = page.columns.map((c) => jsonFormatter(c.dt));
    const parts: string[] = [];
    for (let i = 0; i < page.length; i++) {
      const cells = page.columns.map((c, k) => keys[k] + formats[k]!(c.values[c.scalar ? 0 : i]));
      parts.push(`${this.rows++ === 0 ? '[\n' : ',\n'}{${cells.join(',')}}`);
    }
    await this.out.write(parts.join(''));
  }

  async end(): Promise<void> {
    await this.out.write(this.rows === 0 ? '[]\n' : '\n]\n');
  }
}
