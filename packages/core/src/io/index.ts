export type { ArrowTableInput } from './arrow.js';
export { arrowToFrameInput, frameToArrow } from './arrow.js';
export { decodeCsv, encodeCsv } from './csv-file.js';
export type { ExportOptions } from './export-collections.js';
export { exportCollections } from './export-collections.js';
export type { FileFormat } from './file-format.js';
export type { ImportOptions } from './import-collections.js';
export { importCollections } from './import-collections.js';
export type { IoOptions, IoProgress, IoSummary } from './io-options.js';

export { decodeParquet, encodeParquet } from './parquet-file.js';
