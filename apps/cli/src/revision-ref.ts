import { type Collection, type Revision, UnknownRevisionError } from '@lakota/core';
import { UsageError } from './usage-error.js';

/**
 * A revision id as `lakota log` shows it: the 11-hex epoch and the first 8
 * hex of the digest. It is a prefix of the full id, so every command that
 * takes a revision accepts it.
 */
export function shortId(id: string): string {
  return id.slice(0, 20);
}

/**
 * The revision a reference names in a collection: a tag, a revision id, or a
 * unique prefix of an id or digest. A reference that names none is told in
 * the command line's terms.
 */
export async function resolveRevision(collection: Collection, ref: string): Promise<Revision> {
  try {
    return await collection.history.resolve(ref);
  } catch (err) {
    // The engine's hint names its API (changelog.log()): point at the commands instead.
    const hint = / *: list them with .*$/;
    if (!(err instanceof UnknownRevisionError) || !hint.test(err.message)) throw err;
    throw new UsageError(
      `${err.message.replace(hint, '')} in collection '${collection.label}': list its snapshots with lakota log ${collection.label}, its tags with lakota tag ${collection.label}`,
      { cause: err },
    );
  }
}
