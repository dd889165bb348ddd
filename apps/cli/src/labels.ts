import type { Collection, Repo, Series } from '@lakota/core';
import { UsageError } from './usage-error.js';

function choose(
  kind: 'collection' | 'series',
  label: string,
  known: readonly string[],
  where: string,
): string {
  if (known.includes(label)) return label;
  const matches = known.filter((k) => k.startsWith(label));
  if (matches.length === 1) return matches[0] as string;
  if (matches.length > 1) {
    throw new UsageError(
      `'${label}' matches several ${kind === 'series' ? 'series' : 'collections'} ${where} (${matches.join(', ')}): give more of the name`,
    );
  }
  const list = known.length ? `there are ${known.join(', ')}` : `there is none yet`;
  throw new UsageError(`No ${kind} '${label}' ${where}: ${list}`);
}

/** A collection by label or by a unique prefix of it, as Python Lakota accepts. */
export async function findCollection(repo: Repo, label: string): Promise<Collection> {
  if (label === '') throw new UsageError('Give a collection label');
  const known = await repo.ls();
  if (!known.includes(label) && known.length === 0) {
    throw new UsageError(
      `No collection '${label}' in this repository: it has none yet; create one with lakota create`,
    );
  }
  return repo.collection(choose('collection', label, known, 'in this repository'));
}

/** Splits `collection/series` (the series label may itself contain '/'). */
export function splitLabel(label: string): [string, string] {
  const slash = label.indexOf('/');
  if (slash < 0) {
    throw new UsageError(`Label '${label}' should have the form "collection/series"`);
  }
  const series = label.slice(slash + 1);
  if (series === '') throw new UsageError(`Label '${label}' names no series after the "/"`);
  return [label.slice(0, slash), series];
}

/**
 * A series by `collection/series`; each part may be a unique prefix. With
 * `create`, the series label is taken as written (writing creates it).
 */
export async function findSeries(
  repo: Repo,
  label: string,
  options: { create?: boolean } = {},
): Promise<Series> {
  const [c, s] = splitLabel(label);
  const collection = await findCollection(repo, c);
  if (options.create) return collection.series(s);
  const known = await collection.ls();
  return collection.series(choose('series', s, known, `in collection '${collection.label}'`));
}
