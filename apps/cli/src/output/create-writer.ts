import { CsvWriter } from './csv-writer.js';
import { JsonWriter } from './json-writer.js';
import type { OutputStream } from './output-stream.js';
import type { OutputFormat, RowsWriter } from './rows-writer.js';
import { TableWriter } from './table-writer.js';

export function createWriter(
  format: OutputFormat,
  out: OutputStream,
  options: { perPage?: boolean } = {},
): RowsWriter {
  switch (format) {
    case 'json':
      return new JsonWriter(out);
    case 'table':
      return new TableWriter(out, options.perPage ?? false);
    default:
      return new CsvWriter(out);
  }
}
