import { createHash } from 'node:crypto';
import type { Collection } from '@lakota/core';

/**
 * A hash of every series of a collection as read at one revision (or at the
 * leaf): equal hashes, equal reads. The crash suite's child computes it after
 * each commit, the parent again after the child was killed.
 */
export async function stateHash(collection: Collection, at?: string): Promise<string> {
  const options = at === undefined ? {} : { at };
  const hash = createHash('sha1');
  for (const label of await collection.ls(options)) {
    const rows = (await collection.series(label).read(options)).toRecords({ timestamps: 'raw' });
    hash.update(JSON.stringify([label, rows], (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)));
  }
  return hash.digest('hex');
}
