import { describe, expect, it } from 'vitest';
import { CodecError, MsgpackReader, msgpackDecode, msgpackEncode } from '../../src/codecs/index.js';
import { fromHex, hex } from './helpers.js';

// Expected bytes are what Python's msgpack 1.0.3 writes with
// use_bin_type=True, use_single_float=False (the MessagePack spec's smallest forms).
const h = (value: unknown) => hex(msgpackEncode(value));
const repeat = (byte: string, n: number) => byte.repeat(n);

describe('msgpack encoding', () => {
  it('writes nil and booleans', () => {
    expect(h(null)).toBe('c0');
    expect(h(undefined)).toBe('c0');
    expect(h(false)).toBe('c2');
    expect(h(true)).toBe('c3');
  });

  it('writes every integer width in its smallest form', () => {
    const cases: [number | bigint, string][] = [
      [0, '00'],
      [127, '7f'],
      [128, 'cc80'],
      [255, 'ccff'],
      [256, 'cd0100'],
      [65535, 'cdffff'],
      [65536, 'ce00010000'],
      [2 ** 32 - 1, 'ceffffffff'],
      [2 ** 32, 'cf0000000100000000'],
      [Number.MAX_SAFE_INTEGER, 'cf001fffffffffffff'],
      [-1, 'ff'],
      [-32, 'e0'],
      [-33, 'd0df'],
      [-128, 'd080'],
      [-129, 'd1ff7f'],
      [-32768, 'd18000'],
      [-32769, 'd2ffff7fff'],
      [-(2 ** 31), 'd280000000'],
      [-(2 ** 31) - 1, 'd3ffffffff7fffffff'],
      [Number.MIN_SAFE_INTEGER, 'd3ffe0000000000001'],
      [5n, '05'],
      [-5n, 'fb'],
      [300n, 'cd012c'],
      [-(2n ** 31n), 'd280000000'],
      [2n ** 32n, 'cf0000000100000000'],
      [2n ** 64n - 1n, 'cfffffffffffffffff'],
      [-(2n ** 63n), 'd38000000000000000'],
    ];
    for (const [value, expected] of cases) expect(h(value), String(value)).toBe(expected);
    expect(() => msgpackEncode(2n ** 64n)).toThrow(CodecError);
    expect(() => msgpackEncode(-(2n ** 63n) - 1n)).toThrow(CodecError);
  });

  it('writes non-integers as float64', () => {
    expect(h(1.5)).toBe('cb3ff8000000000000');
    expect(h(-0)).toBe('cb8000000000000000');
    expect(h(Number.NaN)).toBe('cb7ff8000000000000');
    expect(h(Number.POSITIVE_INFINITY)).toBe('cb7ff0000000000000');
    // Beyond 2^53 a number is no longer a reliable integer.
    expect(h(2 ** 60)).toBe('cb43b0000000000000');
  });

  it('writes strings as fixstr, str8, str16 and str32 by UTF-8 length', () => {
    expect(h('')).toBe('a0');
    expect(h('a'.repeat(31))).toBe(`bf${repeat('61', 31)}`);
    expect(h('a'.repeat(32))).toBe(`d920${repeat('61', 32)}`);
    expect(h('a'.repeat(255))).toBe(`d9ff${repeat('61', 255)}`);
    expect(h('a'.repeat(256))).toBe(`da0100${repeat('61', 256)}`);
    expect(h('a'.repeat(65536)).slice(0, 10)).toBe('db00010000');
    expect(h('é')).toBe('a2c3a9');
    expect(h('🙂')).toBe('a4f09f9982');
    // 16 two-byte characters: 32 bytes, so str8 although only 16 characters.
    expect(h('é'.repeat(16))).toBe(`d920${repeat('c3a9', 16)}`);
    expect(() => msgpackEncode('a\ud800b')).toThrow(CodecError);
    expect(() => msgpackEncode('\udc00')).toThrow(CodecError);
  });

  it('writes Uint8Array as bin8, bin16 and bin32', () => {
    expect(h(new Uint8Array(0))).toBe('c400');
    expect(h(Uint8Array.from([1, 2]))).toBe('c4020102');
    expect(h(new Uint8Array(255)).slice(0, 4)).toBe('c4ff');
    expect(h(new Uint8Array(256)).slice(0, 6)).toBe('c50100');
    expect(h(new Uint8Array(65536)).slice(0, 10)).toBe('c600010000');
    expect(msgpackEncode(new Uint8Array(65536)).length).toBe(65541);
  });

  it('writes arrays with fixarray, array16 and array32 headers', () => {
    expect(h([])).toBe('90');
    expect(h([1, 'a', null])).toBe('9301a161c0');
    expect(h(new Array(15).fill(0))).toBe(`9f${repeat('00', 15)}`);
    expect(h(new Array(16).fill(0))).toBe(`dc0010${repeat('00', 16)}`);
    expect(h(new Array(65536).fill(0)).slice(0, 10)).toBe('dd00010000');
  });

  it('writes maps in key order, from Maps and plain objects, nested', () => {
    expect(h({})).toBe('80');
    expect(h(new Map())).toBe('80');
    expect(
      h(
        new Map<unknown, unknown>([
          ['b', 1],
          ['a', 2],
        ]),
      ),
    ).toBe('82a16201a16102');
    expect(h({ b: 1, a: 2 })).toBe('82a16201a16102');
    expect(h(new Map([[1, 'x']]))).toBe('8101a178');
    expect(h({ start: { ts: new Uint8Array([9]) }, z: [true] })).toBe(
      '82a57374617274 81a27473c40109 a17a 91c3'.replaceAll(' ', ''),
    );
    const sixteen = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, i]));
    expect(h(sixteen).slice(0, 6)).toBe('de0010');
  });

  it('refuses values MessagePack cannot hold', () => {
    for (const value of [Symbol('x'), () => 1, new Date(0), new Float64Array(2), new Set([1])]) {
      expect(() => msgpackEncode(value), String(value)).toThrow(CodecError);
    }
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expect(() => msgpackEncode(cycle)).toThrow(/nested/);
  });
});

describe('msgpack decoding', () => {
  it('reads back what it writes', () => {
    const value = {
      nil: null,
      yes: true,
      ints: [0, 127, 128, -1, -33, 65536, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER],
      big: [2n ** 64n - 1n, -(2n ** 63n)],
      floats: [1.5, -0.25, Number.POSITIVE_INFINITY],
      text: ['', 'é🙂', 'x'.repeat(300)],
      bin: new Uint8Array([0, 255]),
      nested: { a: [{ b: 'c' }] },
    };
    expect(msgpackDecode(msgpackEncode(value))).toEqual(value);
    expect(Number.isNaN(msgpackDecode(msgpackEncode(Number.NaN)))).toBe(true);
  });

  it('returns Maps in stored order on request, which plain objects cannot keep', () => {
    const bytes = msgpackEncode(
      new Map<unknown, unknown>([
        ['2', 'a'],
        ['1', 'b'],
        [3, 'c'],
      ]),
    );
    const asMap = msgpackDecode(bytes, { maps: 'map' }) as Map<unknown, unknown>;
    expect([...asMap.entries()]).toEqual([
      ['2', 'a'],
      ['1', 'b'],
      [3, 'c'],
    ]);
    // A plain object stringifies keys and puts integer-like ones first.
    expect(Object.keys(msgpackDecode(bytes) as object)).toEqual(['1', '2', '3']);
  });

  it('keeps a __proto__ key as data', () => {
    const decoded = msgpackDecode(fromHex('81 a9 5f5f70726f746f5f5f 81 a1 78 01')) as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded)).toEqual(['__proto__']);
    expect((decoded as { x?: unknown }).x).toBeUndefined();
  });

  it('reads float32 and the 64-bit forms', () => {
    expect(msgpackDecode(fromHex('ca3fc00000'))).toBe(1.5);
    expect(msgpackDecode(fromHex('cf0000000100000000'))).toBe(2 ** 32);
    expect(msgpackDecode(fromHex('cf0020000000000000'))).toBe(2n ** 53n);
    expect(msgpackDecode(fromHex('d3ffe0000000000001'))).toBe(Number.MIN_SAFE_INTEGER);
    expect(msgpackDecode(fromHex('d3ffdfffffffffffff'))).toBe(-(2n ** 53n) - 1n);
  });

  it('rejects malformed data with CodecError', () => {
    const cases: [string, string][] = [
      ['empty', ''],
      ['truncated int', 'cd01'],
      ['truncated string', 'a3 6162'],
      ['truncated array', '93 01 02'],
      ['huge array header', 'dd ffffffff'],
      ['trailing bytes', '01 02'],
      ['never-used byte', 'c1'],
      ['extension', 'd4 01 00'],
      ['invalid UTF-8', 'a2 c3 28'],
      ['map key that is a map', '81 80 01'],
    ];
    for (const [name, bytes] of cases) {
      expect(() => msgpackDecode(fromHex(bytes)), name).toThrow(CodecError);
    }
    expect(msgpackDecode(fromHex('81 80 01'), { maps: 'map' })).toEqual(new Map([[new Map(), 1]]));
  });
});

describe('MsgpackReader.skipValue', () => {
  const values: unknown[] = [
    0,
    -1,
    127,
    -32,
    255,
    65_535,
    4_294_967_295,
    -129,
    -40_000,
    -3_000_000_000,
    2 ** 53,
    1.5,
    null,
    true,
    false,
    'a',
    'x'.repeat(40),
    'y'.repeat(300),
    'z'.repeat(70_000),
    new Uint8Array(3),
    new Uint8Array(300),
    new Uint8Array(70_000),
    [1, [2, [3]], { a: [4] }],
    Array.from({ length: 20 }, (_, i) => i),
    Array.from({ length: 70_000 }, () => 0),
    Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])),
  ];

  it('passes over every kind of value, landing where the next one starts', () => {
    for (const value of values) {
      const bytes = msgpackEncode([value, 'after']);
      const reader = new MsgpackReader(bytes);
      expect(reader.readArrayHeader()).toBe(2);
      reader.skipValue();
      expect(reader.readValue()).toBe('after');
      expect(reader.atEnd).toBe(true);
    }
  });

  it('refuses truncated data and unknown type bytes with a CodecError', () => {
    const cut = msgpackEncode({ a: new Uint8Array(100) }).subarray(0, 50);
    expect(() => new MsgpackReader(cut).skipValue()).toThrow(CodecError);
    // An array claiming 2^32-1 items in six bytes runs out of data, quickly.
    expect(() => new MsgpackReader(fromHex('ddffffffff00')).skipValue()).toThrow(CodecError);
    expect(() => new MsgpackReader(fromHex('c1')).skipValue()).toThrow(/0xc1/);
    expect(() => new MsgpackReader(fromHex('c7')).skipValue()).toThrow(CodecError);
  });

  it('reads a map header, and refuses what is not a map', () => {
    expect(new MsgpackReader(msgpackEncode({ a: 1, b: 2 })).readMapHeader()).toBe(2);
    expect(() => new MsgpackReader(msgpackEncode([1])).readMapHeader()).toThrow(/map/);
  });
});
