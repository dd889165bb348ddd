import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A new empty folder under the system's temp folder. */
export function tempRoot(label = 'pod-fs'): Promise<string> {
  return mkdtemp(join(tmpdir(), `lakota-${label}-`));
}

/** Removes a folder made by tempRoot, whatever it holds. */
export function removeRoot(root: string): Promise<void> {
  return rm(root, { recursive: true, force: true, maxRetries: 3 });
}
