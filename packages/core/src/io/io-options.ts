/** Progress of an import or export, reported once per file. */
export interface IoProgress {
  /** `check` while an import reads and validates every file, `write` while it writes them, `export` for exports. */
  phase: 'check' | 'write' | 'export';
  collection: string;
  /** Path of the file in the source or destination pod. */
  file: string;
  /** Files done in this phase, and how many there are. */
  done: number;
  total: number;
}

/** What an import or export went through. */
export interface IoSummary {
  collections: string[];
  /** Series files written (export) or imported (import; empty files are not imported). */
  series: number;
  rows: number;
}

/** Options shared by imports and exports. */
export interface IoOptions {
  /** Labels of the collections to import or export (all by default). */
  collections?: readonly string[];
  signal?: AbortSignal;
  onProgress?: (progress: IoProgress) => void;
}
