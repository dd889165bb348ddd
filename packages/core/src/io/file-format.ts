import { InvalidInputError } from '../engine-errors.js';
import type { Frame } from '../frame.js';
import type { Schema } from '../schema.js';
import { decodeCsv, encodeCsv } from './csv-file.js';
import { decodeParquet, encodeParquet } from './parquet-file.js';

/** File formats of exported series, named by their extension. */
export type FileFormat = 'csv' | 'parquet';

interface FormatCodec {
  encode(frame: Frame, file: string): Promise<Uint8Array>;
  decode(bytes: Uint8Array, schema: Schema, file: string): Promise<Frame>;
}

const FORMATS: Readonly<Record<FileFormat, FormatCodec>> = {
  csv: { encode: (frame) => encodeCsv(frame), decode: decodeCsv },
  parquet: { encode: encodeParquet, decode: decodeParquet },
};

export const FILE_FORMATS = Object.keys(FORMATS) as FileFormat[];

export function formatCodec(format: string): FormatCodec {
  const codec = FORMATS[format as FileFormat];
  if (!codec) {
    throw new InvalidInputError(
      `Unknown file format '${format}': use ${FILE_FORMATS.join(' or ')}`,
    );
  }
  return codec;
}

/**
 * Splits `name.ext` of an exported series into its label and format.
 * Anything but .csv and .parquet is refused by name.
 */
export function seriesFile(file: string): { label: string; format: FileFormat } {
  const base = file.lastIndexOf('/') + 1;
  const dot = file.lastIndexOf('.');
  const ext = dot > base ? file.slice(dot + 1) : '';
  if (!(ext in FORMATS)) {
    throw new InvalidInputError(
      `Cannot import '${file}': ${ext ? `extension '.${ext}' is not supported` : 'it has no extension'}; a series file ends in ${FILE_FORMATS.map((f) => `.${f}`).join(' or ')} (rename it, or move it out of the folder)`,
    );
  }
  return { label: file.slice(0, dot), format: ext as FileFormat };
}
