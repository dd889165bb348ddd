import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Frame, formatCell, type Pod, type Repo } from '@lakota/core';

/** The repository written by Python Lakota 0.7.1 (see fixtures/python-lakota-README.md). */
export const FIXTURE_TARBALL = fileURLToPath(
  new URL('../fixtures/python-lakota-ref-repo.tar.gz', import.meta.url),
);

export interface FixtureQuery {
  id: string;
  method: 'frame' | 'tail' | 'ls_collections' | 'ls_series' | 'changelog' | 'leaf';
  collection?: string;
  series?: string;
  kwargs?: Record<string, unknown> | null;
  columns?: string[];
  rows?: string[][];
  result?: unknown;
}

export interface FixtureManifest {
  collections: string[];
  collection: Record<
    string,
    {
      path: string;
      series: string[];
      data: Record<string, { columns: string[]; rows: string[][] }>;
      changelog: {
        path: string;
        is_leaf: boolean;
        commit: {
          rows: {
            label: string;
            start: string[];
            stop: string[];
            length: number;
            closed: string;
            digest: Record<string, string>;
          }[];
          embedded: string[];
        };
      }[];
      leaf: string;
      heads?: Record<string, Record<string, { columns: string[]; rows: string[][] }>>;
    }
  >;
  registry: { changelog: { path: string }[] };
  queries: FixtureQuery[];
}

export interface Fixture {
  /** Folder holding `ref/` (the repository) and `ref.manifest.json`. */
  dir: string;
  repoDir: string;
  manifest: FixtureManifest;
}

/** Extracts the fixture to a fresh temporary folder. */
export function extractFixture(): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'lakota-fixture-'));
  execFileSync('tar', ['xzf', FIXTURE_TARBALL, '-C', dir]);
  const manifest = JSON.parse(
    readFileSync(join(dir, 'ref.manifest.json'), 'utf8'),
  ) as FixtureManifest;
  return { dir, repoDir: join(dir, 'ref'), manifest };
}

/** Copies every file of a folder into a pod, key for key. Returns the keys. */
export async function copyFolderToPod(folder: string, pod: Pod): Promise<string[]> {
  const keys: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else keys.push(relative(folder, full).split('\\').join('/'));
    }
  };
  await walk(folder);
  for (const key of keys) await pod.write(key, new Uint8Array(await readFile(join(folder, key))));
  return keys.sort();
}

/** A frame's cells as Python Lakota prints them (the manifest's form). */
export function cells(frame: Frame): string[][] {
  const cols = frame.names.map(
    (n) => [frame.schema.column(n), frame.column(n) as ArrayLike<unknown>] as const,
  );
  return Array.from({ length: frame.length }, (_, i) => cols.map(([c, v]) => formatCell(v[i], c)));
}

/** Manifest kwargs use Python's names and values. */
export function queryOptions(kwargs: Record<string, unknown> | null | undefined) {
  const { before, start, stop, closed, limit, offset, select } = kwargs ?? {};
  return {
    ...(before !== undefined ? { before: before as string } : {}),
    ...(start !== undefined ? { start } : {}),
    ...(stop !== undefined ? { stop } : {}),
    ...(closed !== undefined ? { closed: closed as 'LEFT' } : {}),
    ...(limit !== undefined ? { limit: limit as number } : {}),
    ...(offset !== undefined ? { offset: offset as number } : {}),
    ...(select !== undefined ? { select: select as string[] } : {}),
  };
}

/** What the engine answers to one manifest query, in the manifest's shape. */
export async function answer(repo: Repo, q: FixtureQuery): Promise<unknown> {
  const clct = q.collection ? await repo.collection(q.collection) : undefined;
  switch (q.method) {
    case 'ls_collections':
      return repo.ls();
    case 'ls_series':
      return clct!.ls();
    case 'leaf':
      return (await clct!.changelog.leaf(queryOptions(q.kwargs).before))?.path ?? null;
    case 'changelog':
      return (await clct!.changelog.log()).map((r) => ({
        path: r.path,
        parent: r.parent,
        child: r.child,
        epoch: r.epoch,
        is_leaf: r.isLeaf,
      }));
    case 'frame': {
      const frame = await clct!.series(q.series!).read(queryOptions(q.kwargs));
      return { columns: frame.names, rows: cells(frame) };
    }
    case 'tail': {
      const { length, ...rest } = q.kwargs as { length: number };
      const frame = await clct!.series(q.series!).tail(length, queryOptions(rest));
      return { columns: frame.names, rows: cells(frame) };
    }
  }
}

/** The manifest's expected answer to a query, in the shape `answer` returns. */
export function expected(q: FixtureQuery): unknown {
  return q.method === 'frame' || q.method === 'tail'
    ? { columns: q.columns, rows: q.rows }
    : q.result;
}
