import { type Collection, quoteExcerpt, type Repo, type Series } from '@lakota/core';
import { UsageError } from './usage-error.js';

/** A label as the user gave it, cut short when long (it may be anything typed). */
const q = (label: string) => quoteExcerpt(label, { quote: "'" });

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
      `${q(label)} matches several ${kind === 'series' ? 'series' : 'collections'} ${where} (${matches.join(', ')}): give more of the name`,
    );
  }
  const list = known.length ? `there are ${known.join(', ')}` : `there is none yet`;
  throw new UsageError(`No ${kind} ${q(label)} ${where}: ${list}`);
}

/** A collection by label or by a unique prefix of it, as Python Lakota accepts. */
export async function findCollection(repo: Repo, label: string): Promise<Collection> {
  if (label === '') throw new UsageError('Give a collection label');
  const known = await repo.ls();
  if (!known.includes(label) && known.length === 0) {
    throw new UsageError(
      `No collection ${q(label)} in this repository: it has none yet; create one with lakota create`,
    );
  }
  return repo.collection(choose('collection', label, known, 'in this repository'));
}

/** Splits `collection/series` (the series label may itself contain '/'). */
export function splitLabel(label: string): [string, string] {
  const slash = label.indexOf('/');
  if (slash < 0) {
    throw new UsageError(`Label ${q(label)} should have the form "collection/series"`);
  }
  const series = label.slice(slash + 1);
  if (series === '') throw new UsageError(`Label ${q(label)} names no series after the "/"`);
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

/** What a label names: a collection, or one series of it (`collection/series`). */
export interface LabelTarget {
  collection: Collection;
  /** The series label, when the label named one. */
  series?: string;
}

/**
 * A collection or a series by label; each part may be a unique prefix. With
 * `past`, a series is also found among those the collection's snapshots
 * touched, so that the history of a deleted series can still be shown.
 */
export async function findTarget(
  repo: Repo,
  label: string,
  options: { past?: boolean } = {},
): Promise<LabelTarget> {
  if (!label.includes('/')) return { collection: await findCollection(repo, label) };
  if (!options.past) {
    const series = await findSeries(repo, label);
    return { collection: series.collection, series: series.label };
  }
  const [c, s] = splitLabel(label);
  const collection = await findCollection(repo, c);
  const known = new Set(await collection.ls());
  for (const snapshot of await collection.history.snapshots()) {
    for (const name of snapshot.series) known.add(name);
  }
  const where = `in the history of collection '${collection.label}'`;
  return { collection, series: choose('series', s, [...known].sort(), where) };
}

/**
 * A collection for commands that act on its whole history (tag, rollback,
 * expire): a series label is refused rather than widened without a word.
 */
export async function findWholeCollection(
  repo: Repo,
  label: string,
  command: string,
): Promise<Collection> {
  if (label.includes('/')) {
    const [c] = splitLabel(label);
    throw new UsageError(
      `lakota ${command} works on a whole collection (its history is shared by its series): give ${q(c)} rather than ${q(label)}`,
    );
  }
  return findCollection(repo, label);
}
