import type { Page } from '../page.js';

/** Prints pages of rows in one output format; the first page brings the header. */
export interface RowsWriter {
  write(page: Page): Promise<void>;
  end(): Promise<void>;
}

export type OutputFormat = 'csv' | 'json' | 'table';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['csv', 'json', 'table'];
