import { FsPod } from '@lakota/pod-fs';
import { MemoryPod } from '@lakota/pod-memory';
import { describe, expect, it } from 'vitest';
import { extractFixture } from '../../../testing/engine-scenario/src/fixture.js';
import { encodeArray, sha1Hex } from '../../src/codecs/index.js';
import { Commit } from '../../src/commit.js';
import { AbortError } from '../../src/errors.js';
import { hashedPath } from '../../src/hashed-path.js';
import { hextime } from '../../src/hextime.js';
import { Repo } from '../../src/repo.js';
import { Revision } from '../../src/revision.js';
import { type VerifyProgress, verifyRepo } from '../../src/verify.js';

const N = 2000;

async function setup() {
  const pod = new MemoryPod();
  const repo = await Repo.open(pod);
  const c = await repo.createCollection('timestamp timestamp*\nvalue float\nname str', 'c');
  const frame = (salt: number) => ({
    timestamp: Array.from({ length: N }, (_, i) => BigInt(1_600_000_000 + i * 60)),
    value: Array.from({ length: N }, (_, i) => Math.sin(i * salt)),
    name: Array.from(
      { length: N },
      (_, i) => `${(i * 7919 * salt) % 1_000_003} ${Math.sin(i * salt)}`,
    ),
  });
  await c.series('a').write(frame(1));
  await c.series('a').write(frame(2));
  await c.series('b').write({ timestamp: [1n, 2n], value: [1, 2], name: ['x', 'y'] });
  const leaf = (await c.changelog.leaf()) as Revision;
  const ci = await c.readCommit(leaf);
  const row = ci.rowsOf('a')[0]!;
  return { pod, repo, c, leaf, ci, valueDigest: row.digests[1]!, nameDigest: row.digests[2]! };
}

describe('verifyRepo', () => {
  it('finds nothing wrong in a sound repository, and reports its progress', async () => {
    const { repo } = await setup();
    const progress: VerifyProgress[] = [];
    const report = await verifyRepo(repo, { onProgress: (p) => progress.push(p) });
    expect(report).toMatchObject({ ok: true, collections: 1, damaged: [], softDeleted: [] });
    // 3 writes of c, 1 registry revision.
    expect(report.revisions).toBe(4);
    // value and name of both writes of 'a'; timestamps compress enough to be embedded.
    expect(report.segments).toBe(4);
    expect(report.embedded).toBeGreaterThan(0);
    const last = (phase: string) => progress.filter((p) => p.phase === phase).at(-1);
    expect(last('revisions')).toEqual({ phase: 'revisions', done: 4, total: 4 });
    expect(last('segments')).toEqual({
      phase: 'segments',
      done: report.segments,
      total: report.segments,
    });
  });

  it('finds nothing wrong in the repository written by Python Lakota', async () => {
    const { repoDir } = extractFixture();
    const report = await verifyRepo(await Repo.open(new FsPod(repoDir)));
    expect(report.damaged).toEqual([]);
    expect(report.collections).toBeGreaterThan(3);
    expect(report.segments).toBeGreaterThan(0);
  });

  it('stops when its signal fires', async () => {
    const { repo } = await setup();
    const controller = new AbortController();
    controller.abort();
    await expect(verifyRepo(repo, { signal: controller.signal })).rejects.toBeInstanceOf(
      AbortError,
    );
  });

  it('lists a missing segment file, with the revisions that need it', async () => {
    const { pod, repo, valueDigest } = await setup();
    await pod.rm(hashedPath(valueDigest));
    const report = await verifyRepo(repo);
    expect(report.ok).toBe(false);
    expect(report.damaged).toHaveLength(1);
    expect(report.damaged[0]).toMatchObject({
      kind: 'segment-missing',
      path: hashedPath(valueDigest),
      collection: 'c',
    });
    expect(report.damaged[0]!.revisions.length).toBeGreaterThan(0);
    expect(report.damaged[0]!.message).toContain(hashedPath(valueDigest));
  });

  it('reads a soft-deleted segment file that is still needed, and says so', async () => {
    const { pod, repo, valueDigest } = await setup();
    const path = hashedPath(valueDigest);
    await pod.mv(path, `${path}.${hextime()}`);
    const report = await verifyRepo(repo);
    expect(report.ok).toBe(true);
    expect(report.softDeleted).toHaveLength(1);
    expect(report.softDeleted[0]).toMatch(new RegExp(`^${path}\\.[0-9a-f]{11}$`));
  });

  it('tells undecodable, short and altered segment files apart', async () => {
    const { pod, repo, valueDigest, nameDigest } = await setup();
    await pod.write(hashedPath(valueDigest), new Uint8Array([1, 2, 3]), { force: true });
    await pod.write(
      hashedPath(nameDigest),
      encodeArray(['only one'], '<U0', ['msgpack2', 'zstd']),
      { force: true },
    );
    const report = await verifyRepo(repo);
    const kinds = Object.fromEntries(report.damaged.map((d) => [d.path, d.kind]));
    expect(kinds[hashedPath(valueDigest)]).toBe('segment-undecodable');
    expect(kinds[hashedPath(nameDigest)]).toBe('segment-length');

    const other = await setup();
    const values = Float64Array.from({ length: N }, (_, i) => i);
    await other.pod.write(
      hashedPath(other.valueDigest),
      encodeArray(values, 'float64', ['blosc']),
      { force: true },
    );
    const altered = await verifyRepo(other.repo);
    expect(altered.damaged.map((d) => [d.kind, d.path])).toEqual([
      ['segment-digest', hashedPath(other.valueDigest)],
    ]);
  });

  it('lists a revision file whose bytes do not match its name', async () => {
    const { pod, repo, c, leaf } = await setup();
    const path = `${c.path}/${leaf.path}`;
    const bytes = await pod.read(path);
    bytes[10] = (bytes[10] as number) ^ 1;
    await pod.write(path, bytes, { force: true });
    const report = await verifyRepo(repo);
    expect(report.damaged.map((d) => [d.kind, d.path])).toEqual([['revision-digest', path]]);
    expect(report.damaged[0]!.revisions).toEqual([leaf.child]);
  });

  it('lists a revision file that hashes right but does not decode, and a damaged embedded array', async () => {
    const { pod, repo, c, leaf, ci } = await setup();
    const garbage = new TextEncoder().encode('not a commit');
    const bad = new Revision(leaf.child, `${hextime()}-${sha1Hex(garbage)}`);
    await pod.write(`${c.path}/${bad.path}`, garbage);
    const [digest] = [...ci.embedded.keys()];
    const broken = new Commit(
      ci.schema,
      ci.rows,
      new Map([...ci.embedded].map(([d, b]) => [d, d === digest ? new Uint8Array([9, 9, 9]) : b])),
    );
    const payload = broken.encode();
    const emb = new Revision(leaf.child, `${hextime()}-${sha1Hex(payload)}`);
    await pod.write(`${c.path}/${emb.path}`, payload);
    const report = await verifyRepo(repo);
    const kinds = report.damaged.map((d) => [d.kind, d.path]);
    expect(kinds).toContainEqual(['revision-undecodable', `${c.path}/${bad.path}`]);
    expect(kinds).toContainEqual(['embedded', `${c.path}/${emb.path}`]);
  });

  it('goes on with the latest readable registry revision when the current one is damaged', async () => {
    const { pod, repo } = await setup();
    await repo.createCollection('x int*', 'later');
    const leaf = (await repo.registry.changelog.leaf()) as Revision;
    const path = `${repo.registry.path}/${leaf.path}`;
    await pod.write(path, new Uint8Array(4), { force: true });
    const report = await verifyRepo(await Repo.open(pod));
    const kinds = report.damaged.map((d) => d.kind);
    expect(kinds).toContain('revision-digest');
    expect(kinds).toContain('registry-unreadable');
    // 'c' comes from the registry revision before the damaged one.
    expect(report.collections).toBe(1);
  });
});
