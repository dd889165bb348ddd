import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  arrayDigest,
  type BytesCodec,
  CodecError,
  codecsReady,
  decodeArray,
  decodeMsgpack2,
  decodeObjectArray,
  defaultCodecs,
  EMPTY_DIGEST,
  encodeArray,
  encodeMsgpack2,
  encodeObjectArray,
  getCodec,
  readBloscHeader,
  registerCodec,
  registeredCodecs,
  sha1Hex,
  unicodeWidth,
  zstdDecompress,
} from '../../src/codecs/index.js';
import { fromHex, hex } from './helpers.js';

beforeAll(() => codecsReady());

const NUMERIC: [string, () => ArrayLike<unknown>][] = [
  ['int64', () => BigInt64Array.from({ length: 500 }, (_, i) => BigInt(i * i) - 1000n)],
  ['int32', () => Int32Array.from({ length: 500 }, (_, i) => i * 7 - 3)],
  ['int16', () => Int16Array.from({ length: 500 }, (_, i) => i - 250)],
  ['int8', () => Int8Array.from({ length: 500 }, (_, i) => (i % 200) - 100)],
  ['uint64', () => BigUint64Array.from({ length: 500 }, (_, i) => 2n ** 63n + BigInt(i))],
  ['uint32', () => Uint32Array.from({ length: 500 }, (_, i) => i * 1000)],
  ['uint16', () => Uint16Array.from({ length: 500 }, (_, i) => i * 3)],
  ['uint8', () => Uint8Array.from({ length: 500 }, (_, i) => i % 256)],
  ['float64', () => Float64Array.from({ length: 500 }, (_, i) => Math.sqrt(i))],
  ['float32', () => Float32Array.from({ length: 500 }, (_, i) => i / 3)],
  ['bool', () => Uint8Array.from({ length: 500 }, (_, i) => (i % 3 === 0 ? 1 : 0))],
  [
    'datetime64[s]',
    () => BigInt64Array.from({ length: 500 }, (_, i) => 1577836800n + BigInt(i) * 60n),
  ],
  ['datetime64[D]', () => BigInt64Array.from({ length: 500 }, (_, i) => 18262n + BigInt(i))],
  ['datetime64[ns]', () => BigInt64Array.from({ length: 500 }, (_, i) => 10n ** 18n + BigInt(i))],
];

describe('encodeArray / decodeArray', () => {
  it('uses blosc for fixed-size dtypes and msgpack2 + zstd for str and object by default', () => {
    expect(defaultCodecs('float64')).toEqual(['blosc']);
    expect(defaultCodecs('datetime64[D]')).toEqual(['blosc']);
    expect(defaultCodecs('bool')).toEqual(['blosc']);
    expect(defaultCodecs('<U0')).toEqual(['msgpack2', 'zstd']);
    expect(defaultCodecs('object')).toEqual(['msgpack2', 'zstd']);
    expect(registeredCodecs()).toEqual(expect.arrayContaining(['blosc', 'zstd', 'msgpack2']));
  });

  it('encodes an empty array as 0 bytes, and 0 bytes as an empty array, for every dtype', () => {
    for (const dt of [...NUMERIC.map(([d]) => d), '<U0', 'object']) {
      expect(encodeArray([], dt).length, dt).toBe(0);
      const empty = decodeArray(new Uint8Array(0), dt);
      expect(empty.length, dt).toBe(0);
      expect(arrayDigest([], dt, new Uint8Array(0))).toBe(EMPTY_DIGEST);
    }
    expect(sha1Hex(new Uint8Array(0))).toBe(EMPTY_DIGEST);
  });

  it('round-trips every numeric dtype through blosc with the dtype as typesize', () => {
    for (const [dt, make] of NUMERIC) {
      const values = make();
      const encoded = encodeArray(values, dt);
      const header = readBloscHeader(encoded);
      expect(header.typesize, dt).toBe((values as Uint8Array).BYTES_PER_ELEMENT);
      expect(header.flags, dt).toBe(0x94);
      const decoded = decodeArray(encoded, dt);
      expect(decoded.constructor, dt).toBe(values.constructor);
      expect(decoded, dt).toEqual(values);
      // Numeric digests are the sha1 of the raw little-endian values.
      const raw = values as Uint8Array;
      const expected = createHash('sha1')
        .update(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength))
        .digest('hex');
      expect(arrayDigest(values, dt, encoded), dt).toBe(expected);
    }
  });

  it('casts plain arrays to the dtype before encoding and hashing', () => {
    const fromNumbers = encodeArray([1, 2, 3], 'int64');
    const fromBigInts = encodeArray(new BigInt64Array([1n, 2n, 3n]), 'int64');
    expect(hex(fromNumbers)).toBe(hex(fromBigInts));
    expect(arrayDigest([1, 2, 3], 'int64', fromNumbers)).toBe(
      arrayDigest(new BigInt64Array([1n, 2n, 3n]), 'int64', fromBigInts),
    );
    expect(decodeArray(encodeArray([1.5, 2], 'float32'), 'float32')).toEqual(
      new Float32Array([1.5, 2]),
    );
  });

  it('writes str columns as zstd(msgpack2) with the <Uw> width rule, as in the fixture', () => {
    // FORMAT.md 5.3: closed ['b'] is an 18-byte raw-block frame (9-byte
    // header 28b52ffd 20 09 490000) of msgpack ["b", "<U1", [1]].
    expect(hex(encodeArray(['b'], '<U0'))).toBe('28b52ffd200949000093a162a33c55319101');
    expect(encodeArray(['paris'], '<U0').length).toBe(22);
    const values = ['a', 'é', '🙂🙂', '', 'x'.repeat(40)];
    const encoded = encodeArray(values, '<U0');
    const inner = decodeMsgpack2(zstdDecompress(encoded));
    expect(inner).toEqual({ values, dtype: '<U40', shape: [5] });
    expect(decodeArray(encoded, '<U0')).toEqual(values);
    expect(arrayDigest(values, '<U0', encoded)).toBe(sha1Hex(encoded));
    expect(unicodeWidth(['🙂🙂', 'é'])).toBe(2);
    expect(unicodeWidth([''])).toBe(1);
  });

  it('round-trips object columns, maps as objects or as Maps', () => {
    const values = [
      { path: 'aa/bb/cc', schema: { kind: null, columns: { x: { idx: true } } } },
      null,
      3,
      'x',
      [1, 2],
    ];
    const encoded = encodeArray(values, 'object');
    expect(decodeMsgpack2(zstdDecompress(encoded)).dtype).toBe('|O');
    expect(decodeArray(encoded, 'object')).toEqual(values);
    const asMaps = decodeArray(encoded, 'object', undefined, { maps: 'map' }) as unknown[];
    expect(asMaps[0]).toBeInstanceOf(Map);
    expect([...(asMaps[0] as Map<string, unknown>).keys()]).toEqual(['path', 'schema']);
  });

  it('supports other chains: zstd alone, msgpack2 for numbers, msgpack2 alone, no codec', () => {
    const ints = new BigInt64Array([1n, -2n, 2n ** 40n]);
    const zstdOnly = encodeArray(ints, 'int64', ['zstd']);
    expect(hex(zstdDecompress(zstdOnly))).toBe(hex(new Uint8Array(ints.buffer)));
    expect(decodeArray(zstdOnly, 'int64', ['zstd'])).toEqual(ints);

    // numcodecs writes Python ints in their smallest form and floats as float64.
    const packedInts = encodeArray(ints, 'int64', ['msgpack2']);
    expect(hex(packedInts)).toBe('95 01 fe cf0000010000000000 a33c6938 9103'.replaceAll(' ', ''));
    expect(decodeArray(packedInts, 'int64', ['msgpack2'])).toEqual(ints);
    const packedFloats = encodeArray([1, 0.5], 'float64', ['msgpack2', 'zstd']);
    expect(hex(zstdDecompress(packedFloats))).toBe(
      '94 cb3ff0000000000000 cb3fe0000000000000 a33c6638 9102'.replaceAll(' ', ''),
    );
    expect(decodeArray(packedFloats, 'float64', ['msgpack2', 'zstd'])).toEqual(
      new Float64Array([1, 0.5]),
    );
    expect(
      decodeArray(encodeArray([true, false], 'bool', ['msgpack2']), 'bool', ['msgpack2']),
    ).toEqual(new Uint8Array([1, 0]));

    const raw = encodeArray(ints, 'int64', []);
    expect(hex(raw)).toBe(hex(new Uint8Array(ints.buffer)));
    raw[0] = 99;
    expect(ints[0]).toBe(1n);
  });

  it('rejects impossible chains and mismatched data with CodecError', () => {
    expect(() => encodeArray([1], 'int64', ['lz4'])).toThrow(/Unknown codec 'lz4'/);
    expect(() => encodeArray(['a'], '<U0', ['blosc'])).toThrow(/start it with msgpack2/);
    expect(() => encodeArray(['a'], '<U0', ['zstd', 'msgpack2'])).toThrow(/must come first/);
    expect(() => encodeArray(new BigInt64Array([1n]), 'datetime64[s]', ['msgpack2'])).toThrow(
      CodecError,
    );
    const objects = encodeArray([1, 2], 'object');
    expect(() => decodeArray(objects, '<U0')).toThrow(/does not match the schema/);
    expect(() => decodeArray(fromHex('0102030405'), 'int64')).toThrow(CodecError);
    expect(() => decodeArray(fromHex('0102030405'), '<U0')).toThrow(CodecError);
  });

  it('lets a registered codec replace a built-in one or add a new id', () => {
    const builtin = getCodec('zstd') as BytesCodec;
    let calls = 0;
    const counting: BytesCodec = {
      ...builtin,
      encode: (bytes, typesize) => {
        calls++;
        return builtin.encode(bytes, typesize);
      },
    };
    registerCodec(counting);
    try {
      const encoded = encodeArray(['x'], '<U0');
      expect(calls).toBe(1);
      expect(decodeArray(encoded, '<U0')).toEqual(['x']);
    } finally {
      registerCodec(builtin);
    }
    registerCodec({
      id: 'reverse',
      kind: 'bytes',
      encode: (b) => b.slice().reverse(),
      decode: (b) => b.slice().reverse(),
    });
    const reversed = encodeArray(new Int16Array([1, 2]), 'int16', ['reverse']);
    expect(hex(reversed)).toBe('00020001');
    expect(decodeArray(reversed, 'int16', ['reverse'])).toEqual(new Int16Array([1, 2]));
    expect(() => registerCodec({ id: '', kind: 'bytes' } as unknown as BytesCodec)).toThrow(
      CodecError,
    );
  });
});

describe('commit payload framing', () => {
  it('is msgpack2 of a one-element object array, uncompressed', () => {
    const payload = encodeObjectArray([new Map([['a', 1]])]);
    expect(hex(payload)).toBe('93 81a16101 a27c4f 9101'.replaceAll(' ', ''));
    expect(decodeObjectArray(payload)).toEqual([{ a: 1 }]);
    expect(decodeObjectArray(payload, { maps: 'map' })).toEqual([new Map([['a', 1]])]);
    expect(hex(encodeMsgpack2([{ a: 1 }], 'object'))).toBe(hex(payload));
  });

  it('rejects buffers that are not msgpack2 arrays', () => {
    for (const bytes of [
      '01',
      '91 01',
      '93 01 02 91 01',
      '93 01 a27c4f 9102',
      '93 01 a27c4f 9101 00',
    ]) {
      expect(() => decodeObjectArray(fromHex(bytes)), bytes).toThrow(CodecError);
    }
  });
});
