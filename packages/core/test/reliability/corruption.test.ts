import { MemoryPod } from '@lakota/pod-memory';
import { beforeAll, describe, expect, it } from 'vitest';
import { mapLimit } from '../../src/concurrency.js';
import { LakotaError } from '../../src/errors.js';
import { REGISTRY_PATH } from '../../src/hashed-path.js';
import type { Pod } from '../../src/pod.js';
import { Repo } from '../../src/repo.js';
import { verifyRepo } from '../../src/verify.js';
import { copyPod } from './helpers.js';

// Every file of a repository is damaged in turn (a flipped byte, cut short,
// emptied, replaced by noise, deleted) and every read is run again: each read
// must give the values it gave before, or fail with a typed error that names
// the damaged file, never other values; verifyRepo must list the file.

type Mode = 'flip-start' | 'flip-middle' | 'flip-end' | 'truncate' | 'empty' | 'noise' | 'delete';
const MODES: Mode[] = [
  'flip-start',
  'flip-middle',
  'flip-end',
  'truncate',
  'empty',
  'noise',
  'delete',
];
type Kind = 'segment' | 'revision' | 'registry';

interface Read {
  id: string;
  run: (repo: Repo) => Promise<unknown>;
}

interface Case {
  path: string;
  kind: Kind;
  mode: Mode;
}

type Outcome = 'same' | 'named-error' | 'unnamed-error' | 'untyped-error' | 'wrong-values';

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return value;
}

/** A repository with segment files, embedded arrays, history and two collections. */
async function build(): Promise<MemoryPod> {
  const pod = new MemoryPod();
  const repo = await Repo.open(pod);
  const big = await repo.createCollection(
    'timestamp timestamp*\nvalue float\nname str\ncount int\nseen timestamp',
    'big',
  );
  const n = 2000;
  const t0 = 1_600_000_000;
  const frame = (from: number, len: number, salt: number) => ({
    timestamp: Array.from({ length: len }, (_, i) => BigInt(t0 + (from + i) * 60)),
    value: Array.from({ length: len }, (_, i) => Math.sin((from + i) * salt) * 1000),
    name: Array.from({ length: len }, (_, i) => `n${((from + i) * 7919 * salt) % 100_003}`),
    count: Array.from({ length: len }, (_, i) => BigInt(((from + i) * 104_729 * salt) % 1_000_003)),
    seen: Array.from({ length: len }, (_, i) =>
      BigInt(t0 + (((from + i) * 7_368_787 * salt) % 86_400_000)),
    ),
  });
  await big.series('a').write(frame(0, n, 1));
  await big.series('a').write(frame(500, 300, 3));
  await big.series('b').write(frame(0, 5, 2));
  const small = await repo.createCollection('key str*\nvalue float', 'small');
  await small.series('x').write({ key: ['a', 'b', 'c'], value: [1, 2, 3] });
  return pod;
}

/** Every read of the repository: collection lists, series lists, and each series at every revision. */
async function reads(repo: Repo): Promise<Read[]> {
  const out: Read[] = [{ id: 'repo.ls', run: (r) => r.ls() }];
  for (const c of await repo.search()) {
    out.push({ id: `${c.label}.ls`, run: async (r) => (await r.collection(c.label)).ls() });
    const revs = [...new Map((await c.changelog.log()).map((x) => [x.digest, x])).values()];
    for (const rev of revs) {
      for (const label of await c.ls({ at: rev.child })) {
        out.push({
          id: `${c.label}/${label}@${rev.child}`,
          run: async (r) => {
            const frame = await (await r.collection(c.label)).series(label).read({ at: rev.child });
            return frame.toRecords({ timestamps: 'raw' }).map((x) => Object.values(x).map(plain));
          },
        });
      }
    }
  }
  return out;
}

async function files(pod: Pod): Promise<Case[]> {
  const out: Case[] = [];
  for await (const path of pod.walk()) {
    const parts = path.split('/');
    const kind: Kind =
      parts.length === 3
        ? 'segment'
        : path.startsWith(`${REGISTRY_PATH}/`)
          ? 'registry'
          : 'revision';
    for (const mode of MODES) out.push({ path, kind, mode });
  }
  return out;
}

function damage(bytes: Uint8Array, mode: Mode): Uint8Array | undefined {
  const out = bytes.slice();
  const flip = (at: number) => {
    out[at] = (out[at] as number) ^ 0x10;
    return out;
  };
  switch (mode) {
    case 'flip-start':
      return flip(Math.min(3, out.length - 1));
    case 'flip-middle':
      return flip(Math.floor(out.length / 2));
    case 'flip-end':
      return flip(out.length - 1);
    case 'truncate':
      return out.slice(0, Math.floor(out.length / 2));
    case 'empty':
      return new Uint8Array(0);
    case 'noise':
      return Uint8Array.from(out, (_, i) => (i * 2_654_435_761) >>> 24);
    case 'delete':
      return undefined;
  }
}

interface Result {
  c: Case;
  outcomes: Record<string, Outcome>;
  detail: Record<string, string>;
  /** verifyRepo listed the file as damaged. */
  verified: boolean;
}

describe('damaged files', () => {
  let clean: MemoryPod;
  let results: Result[];

  beforeAll(async () => {
    clean = await build();
    const cleanRepo = await Repo.open(clean);
    const all = await reads(cleanRepo);
    const expected = new Map<string, string>();
    for (const r of all) expected.set(r.id, JSON.stringify(await r.run(cleanRepo)));
    const cases = await files(clean);
    // Revision reads retry a damaged file for ~0.75 s: run the cases side by side.
    results = await mapLimit(cases, 32, async (c): Promise<Result> => {
      const pod = new MemoryPod();
      await copyPod(clean, pod);
      const bad = damage(await pod.read(c.path), c.mode);
      if (bad) await pod.write(c.path, bad, { force: true });
      else await pod.rm(c.path);
      const repo = await Repo.open(pod);
      const outcomes: Record<string, Outcome> = {};
      const detail: Record<string, string> = {};
      const name = c.path.split('/').at(-1) as string;
      for (const r of all) {
        try {
          const got = JSON.stringify(await r.run(repo));
          outcomes[r.id] = got === expected.get(r.id) ? 'same' : 'wrong-values';
        } catch (err) {
          const message = (err as Error).message;
          detail[r.id] = `${(err as Error).name}: ${message}`;
          if (!(err instanceof LakotaError)) outcomes[r.id] = 'untyped-error';
          else outcomes[r.id] = message.includes(name) ? 'named-error' : 'unnamed-error';
        }
      }
      const report = await verifyRepo(repo);
      return { c, outcomes, detail, verified: report.damaged.some((d) => d.path === c.path) };
    });
    const count = (o: Outcome, which: (c: Case) => boolean = () => true) =>
      results.reduce(
        (n, r) => n + (which(r.c) ? Object.values(r.outcomes).filter((x) => x === o).length : 0),
        0,
      );
    const deleted = (c: Case) => c.mode === 'delete' && c.kind !== 'segment';
    const touched = results.filter((r) => Object.values(r.outcomes).some((o) => o !== 'same'));
    const harmless = results.filter(
      (r) => !r.verified && Object.values(r.outcomes).every((o) => o === 'same'),
    );
    console.info(
      `[reliability] corruption: files=${new Set(results.map((r) => r.c.path)).size} damagedCopies=${results.length} ` +
        `readsRun=${results.length * all.length} readsUnchanged=${count('same')} readsFailedNamingFile=${count('named-error')} ` +
        `readsFailedWithoutName=${count('unnamed-error', (c) => !deleted(c))} untypedErrors=${count('untyped-error')} ` +
        `wrongValues=${count('wrong-values', (c) => !deleted(c))} ` +
        `readsOfDeletedRevisionStates=${count('wrong-values', deleted) + count('unnamed-error', deleted)} ` +
        `damagesSeenByReads=${touched.length} damagesListedByVerify=${results.filter((r) => r.verified).length} ` +
        `harmless=${harmless.length} (same values, e.g. an unused header byte or a deleted revision file's state gone)`,
    );
  }, 120_000);

  /** A deleted revision file leaves no trace: its state is gone, reads at it are refused as unknown. */
  const gone = (c: Case) => c.mode === 'delete' && c.kind !== 'segment';

  function failures(kinds: Kind[], outcomes: Outcome[], modes = MODES) {
    const out: string[] = [];
    for (const r of results) {
      if (!kinds.includes(r.c.kind) || !modes.includes(r.c.mode) || gone(r.c)) continue;
      for (const [id, o] of Object.entries(r.outcomes)) {
        if (outcomes.includes(o))
          out.push(`${r.c.mode} ${r.c.path} → ${id}: ${o} ${r.detail[id] ?? ''}`);
      }
    }
    return out;
  }

  it('every failed read fails with a typed error that names the damaged file', () => {
    expect(
      failures(['segment', 'revision', 'registry'], ['unnamed-error', 'untyped-error']),
    ).toEqual([]);
  });

  it('no read gives other values when a revision or registry file is damaged', () => {
    expect(failures(['revision', 'registry'], ['wrong-values'])).toEqual([]);
  });

  it('no read gives other values when a segment file is cut short, emptied, replaced or deleted', () => {
    expect(
      failures(['segment'], ['wrong-values'], ['truncate', 'empty', 'noise', 'delete']),
    ).toEqual([]);
  });

  // Segment reads check the digest that names the file, so a flipped byte
  // inside plain (uncompressed) values is caught, not decoded to other numbers.
  it('no read gives other values when a byte of a segment file is flipped', () => {
    expect(
      failures(['segment'], ['wrong-values'], ['flip-start', 'flip-middle', 'flip-end']),
    ).toEqual([]);
  });

  it('verifyRepo lists every damaged file that changes or breaks a read', () => {
    const missed = results
      .filter(
        (r) => !r.verified && !gone(r.c) && Object.values(r.outcomes).some((o) => o !== 'same'),
      )
      .map((r) => `${r.c.mode} ${r.c.path}`);
    expect(missed).toEqual([]);
  });

  it('verifyRepo also lists damaged files no read of the current states touches (older revisions)', () => {
    const old = results.filter(
      (r) =>
        r.c.kind !== 'segment' &&
        !gone(r.c) &&
        Object.values(r.outcomes).every((o) => o === 'same'),
    );
    expect(old.every((r) => r.verified)).toBe(true);
  });
});
