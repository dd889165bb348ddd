import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Collection, Revision } from '@lakota/core';
import * as core from '@lakota/core';

/** The part of @lakota/core's AutoMerge the child processes use. */
export interface AutoMergePolicy {
  afterWrite(collection: Collection, written: readonly Revision[]): Promise<unknown[]>;
  merges: number;
}

type AutoMergeClass = new (mode: 'on-write' | 'on-read') => AutoMergePolicy;

/**
 * AutoMerge from @lakota/core. Until the package's index exports it, it is
 * taken from the build of its own file (dist/auto-merge.js).
 */
export async function loadAutoMerge(): Promise<AutoMergeClass> {
  const exported = (core as Record<string, unknown>).AutoMerge;
  if (exported) return exported as AutoMergeClass;
  const pkg = createRequire(import.meta.url).resolve('@lakota/core/package.json');
  const file = pathToFileURL(join(dirname(pkg), 'dist', 'auto-merge.js')).href;
  return ((await import(file)) as { AutoMerge: AutoMergeClass }).AutoMerge;
}
