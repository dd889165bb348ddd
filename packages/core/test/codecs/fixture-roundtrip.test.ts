import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  arrayDigest,
  bloscDecode,
  bloscEncode,
  codecsReady,
  decodeArray,
  decodeMsgpack2,
  decodeObjectArray,
  EMPTY_DIGEST,
  encodeArray,
  encodeMsgpack2,
  encodeObjectArray,
  readBloscHeader,
  sha1Hex,
  zstdCompress,
  zstdDecompress,
} from '../../src/codecs/index.js';
import { type ExtractedFixture, extractFixture, hex, listFiles } from './helpers.js';

// Every array and every commit payload of the repository Python Lakota 0.7.1
// wrote is decoded, re-encoded and compared byte for byte: this is what
// proves that repositories written here get the same names as Python's.

const REGISTRY = '00/00/000000000000000000000000000000000000';
const TEXT = { dt: '<U0', codecs: ['msgpack2', 'zstd'] };
const INT64 = { dt: 'int64', codecs: ['blosc'] };

interface ColumnSpec {
  dt: string;
  codecs: string[];
  idx: boolean;
}
type SchemaSpec = Record<string, ColumnSpec>;

const REGISTRY_SCHEMA: SchemaSpec = {
  label: { dt: '<U0', codecs: ['msgpack2', 'zstd'], idx: true },
  meta: { dt: 'object', codecs: ['msgpack2', 'zstd'], idx: false },
};

let fixture: ExtractedFixture;
let files: string[];
const read = (path: string) => new Uint8Array(readFileSync(join(fixture.root, path)));

beforeAll(async () => {
  await codecsReady();
  fixture = extractFixture();
  files = listFiles(fixture.root);
});
afterAll(() => fixture?.remove());

/** Revision files of one changelog folder, in name order. */
function revisions(folder: string): string[] {
  return files.filter((f) => f.startsWith(`${folder}/`));
}

function childDigest(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return (name.split('.')[1] as string).split('-')[1] as string;
}

function segmentPath(digest: string): string {
  return `${digest.slice(0, 2)}/${digest.slice(2, 4)}/${digest.slice(4)}`;
}

interface DecodedCommit {
  map: Map<string, unknown>;
  /** Digests per column, one per row. */
  digests: Map<string, string[]>;
}

function decodeCommit(payload: Uint8Array): DecodedCommit {
  const [map] = decodeObjectArray(payload, { maps: 'map' }) as [Map<string, unknown>];
  const digests = new Map<string, string[]>();
  for (const [column, bytes] of map.get('digest') as Map<string, Uint8Array>) {
    digests.set(column, decodeArray(bytes, TEXT.dt, TEXT.codecs) as string[]);
  }
  return { map, digests };
}

/** Decodes, re-encodes and compares; returns the decoded values. */
function roundTrip(bytes: Uint8Array, dt: string, codecs: string[], where: string) {
  const values = decodeArray(bytes, dt, codecs);
  const again = encodeArray(values, dt, codecs);
  expect(hex(again), where).toBe(hex(bytes));
  return values;
}

/** Schemas of every collection, by changelog folder, from all registry revisions. */
function collectionSchemas(): Map<string, SchemaSpec> {
  const schemas = new Map<string, SchemaSpec>();
  for (const path of revisions(REGISTRY)) {
    const { map, digests } = decodeCommit(read(path));
    const embedded = map.get('embedded') as Map<string, Uint8Array>;
    for (const digest of digests.get('meta') as string[]) {
      if (digest === EMPTY_DIGEST) continue;
      const bytes = embedded.get(digest) ?? read(segmentPath(digest));
      for (const meta of decodeArray(bytes, 'object', ['msgpack2', 'zstd']) as {
        path: string;
        schema: { columns: SchemaSpec };
      }[]) {
        schemas.set(meta.path, meta.schema.columns);
      }
    }
  }
  return schemas;
}

describe('Python Lakota fixture', () => {
  it('holds the expected layout', () => {
    expect(files.length).toBeGreaterThan(40);
    expect(revisions(REGISTRY).length).toBe(5);
  });

  it('re-encodes every commit payload byte for byte, and its sha1 names it', () => {
    const payloads = files.filter((f) => f.split('/').length === 4);
    expect(payloads.length).toBe(34);
    for (const path of payloads) {
      const payload = read(path);
      expect(sha1Hex(payload), path).toBe(childDigest(path));
      const decoded = decodeObjectArray(payload, { maps: 'map' });
      expect(hex(encodeObjectArray(decoded)), path).toBe(hex(payload));
      const [map] = decoded as [Map<string, unknown>];
      expect([...map.keys()], path).toEqual([
        'start',
        'stop',
        'digest',
        'length',
        'closed',
        'label',
        'embedded',
      ]);
      // The plain-object form holds the same data.
      const [plain] = decodeObjectArray(payload) as [Record<string, unknown>];
      expect(Object.keys(plain)).toEqual([...map.keys()]);
    }
  });

  it('re-encodes every array of every commit with its column codecs, and digests match', () => {
    const schemas = collectionSchemas();
    expect(schemas.size).toBe(7);
    const folders = new Map<string, SchemaSpec>([[REGISTRY, REGISTRY_SCHEMA]]);
    for (const [path, schema] of schemas) {
      if (files.some((f) => f.startsWith(`${path}/`))) folders.set(path, schema);
    }
    const checked = new Set<string>();
    const kinds: Record<string, number> = {};
    const segmentsSeen = new Set<string>();
    for (const [folder, schema] of folders) {
      for (const path of revisions(folder)) {
        const { map, digests } = decodeCommit(read(path));
        const embedded = map.get('embedded') as Map<string, Uint8Array>;
        for (const bound of ['start', 'stop']) {
          for (const [column, bytes] of map.get(bound) as Map<string, Uint8Array>) {
            const spec = schema[column] as ColumnSpec;
            expect(spec.idx, `${path} ${bound} ${column}`).toBe(true);
            roundTrip(bytes, spec.dt, spec.codecs, `${path} ${bound}.${column}`);
          }
        }
        for (const [column, bytes] of map.get('digest') as Map<string, Uint8Array>) {
          roundTrip(bytes, TEXT.dt, TEXT.codecs, `${path} digest.${column}`);
        }
        const lengths = roundTrip(
          map.get('length') as Uint8Array,
          INT64.dt,
          INT64.codecs,
          `${path} length`,
        );
        roundTrip(map.get('closed') as Uint8Array, TEXT.dt, TEXT.codecs, `${path} closed`);
        roundTrip(map.get('label') as Uint8Array, TEXT.dt, TEXT.codecs, `${path} label`);
        expect([...embedded.keys()]).toEqual([...embedded.keys()].sort());

        for (const [column, spec] of Object.entries(schema)) {
          const columnDigests = digests.get(column) as string[];
          expect(columnDigests.length).toBe(lengths.length);
          columnDigests.forEach((digest, row) => {
            const bytes =
              embedded.get(digest) ?? (digest === EMPTY_DIGEST ? new Uint8Array(0) : undefined);
            const segment = bytes ?? read(segmentPath(digest));
            if (bytes === undefined) {
              segmentsSeen.add(segmentPath(digest));
              // FORMAT.md 5.4: arrays of 1024 encoded bytes or more are files.
              expect(segment.length).toBeGreaterThanOrEqual(1024);
            } else {
              expect(segment.length).toBeLessThan(1024);
            }
            const where = `${path} ${column} row ${row}`;
            const values = roundTrip(segment, spec.dt, spec.codecs, where);
            expect(values.length, where).toBe(Number((lengths as BigInt64Array)[row]));
            expect(arrayDigest(values, spec.dt, segment), where).toBe(digest);
            if (!checked.has(digest)) {
              checked.add(digest);
              const kind = spec.dt.startsWith('datetime64') ? 'M' : spec.dt.slice(0, 1);
              kinds[kind] = (kinds[kind] ?? 0) + 1;
            }
          });
        }
      }
    }
    // FORMAT.md 6.3 counts M 28, f 22, i 3, U 11, O 5 digests, the empty-array
    // digest included in M, f and O; it is not an array here.
    expect(kinds).toEqual({ M: 27, f: 21, i: 3, '<': 11, o: 4 });
    // Every live segment file is reached from some commit.
    expect(segmentsSeen.size).toBe(7);
  });

  it('re-encodes every segment file, including soft-deleted ones, from its own header', () => {
    const segments = files.filter((f) => f.split('/').length === 3);
    expect(segments.length).toBe(9);
    for (const path of segments) {
      const bytes = read(path);
      if (bytes[0] === 2) {
        const header = readBloscHeader(bytes);
        expect(header.flags & ~0x02, path).toBe(0x94);
        const raw = bloscDecode(bytes);
        expect(hex(bloscEncode(raw, header.typesize)), path).toBe(hex(bytes));
      } else {
        const inner = zstdDecompress(bytes);
        expect(hex(zstdCompress(inner, 1)), path).toBe(hex(bytes));
        const { values, dtype } = decodeMsgpack2(inner);
        expect(hex(encodeMsgpack2(values, dtype === '|O' ? 'object' : '<U0')), path).toBe(
          hex(inner),
        );
      }
      // Live segments are named after their digest; soft-deleted ones add a suffix.
      if (!path.includes('.')) {
        const digest = path.replaceAll('/', '');
        if (bytes[0] !== 2) expect(sha1Hex(bytes)).toBe(digest);
      }
    }
  });
});
