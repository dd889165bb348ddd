import { describe, expect, it } from 'vitest';
import {
  arrayTypeFor,
  CodecError,
  castColumn,
  dtypeItemsize,
  dtypeKind,
  emptyColumn,
  isFixedSize,
  numericBytes,
  numericFromBytes,
  parseDtype,
} from '../../src/codecs/index.js';
import { hex } from './helpers.js';

describe('parseDtype', () => {
  it('knows every dtype a schema may use, with numpy names, dtype.str, sizes and array types', () => {
    const table: [string, string, string, number, string, unknown][] = [
      ['int64', 'int64', '<i8', 8, 'int', BigInt64Array],
      ['int32', 'int32', '<i4', 4, 'int', Int32Array],
      ['int16', 'int16', '<i2', 2, 'int', Int16Array],
      ['int8', 'int8', '|i1', 1, 'int', Int8Array],
      ['uint64', 'uint64', '<u8', 8, 'uint', BigUint64Array],
      ['uint32', 'uint32', '<u4', 4, 'uint', Uint32Array],
      ['uint16', 'uint16', '<u2', 2, 'uint', Uint16Array],
      ['uint8', 'uint8', '|u1', 1, 'uint', Uint8Array],
      ['float64', 'float64', '<f8', 8, 'float', Float64Array],
      ['float32', 'float32', '<f4', 4, 'float', Float32Array],
      ['bool', 'bool', '|b1', 1, 'bool', Uint8Array],
      ['datetime64[s]', 'datetime64[s]', '<M8[s]', 8, 'datetime', BigInt64Array],
      ['datetime64[D]', 'datetime64[D]', '<M8[D]', 8, 'datetime', BigInt64Array],
      ['datetime64[ns]', 'datetime64[ns]', '<M8[ns]', 8, 'datetime', BigInt64Array],
      ['<U0', '<U0', '<U0', 0, 'str', Array],
      ['<U40', '<U40', '<U40', 0, 'str', Array],
      ['object', 'object', '|O', 0, 'object', Array],
      ['|O', 'object', '|O', 0, 'object', Array],
    ];
    for (const [input, name, str, itemsize, kind, type] of table) {
      const dt = parseDtype(input);
      expect([dt.name, dt.str, dt.itemsize, dt.kind], input).toEqual([name, str, itemsize, kind]);
      expect(arrayTypeFor(input), input).toBe(type);
      expect(dtypeItemsize(input)).toBe(itemsize);
      expect(dtypeKind(input)).toBe(kind);
      expect(isFixedSize(input)).toBe(itemsize > 0);
    }
    for (const unit of ['D', 'h', 'm', 's', 'ms', 'us', 'ns']) {
      expect(parseDtype(`datetime64[${unit}]`).unit).toBe(unit);
      expect(parseDtype(`<M8[${unit}]`).name).toBe(`datetime64[${unit}]`);
    }
    expect(parseDtype('<U5').width).toBe(5);
  });

  it('accepts numpy spellings of the same dtypes', () => {
    const same: [string, string][] = [
      ['<i8', 'int64'],
      ['i8', 'int64'],
      ['=i4', 'int32'],
      ['f8', 'float64'],
      ['<f4', 'float32'],
      ['?', 'bool'],
      ['|b1', 'bool'],
      ['M8[s]', 'datetime64[s]'],
      ['U', '<U0'],
      ['U7', '<U7'],
      ['str', '<U0'],
      ['O', 'object'],
    ];
    for (const [input, name] of same) expect(parseDtype(input).name, input).toBe(name);
  });

  it('rejects unknown and big-endian dtypes with CodecError', () => {
    for (const bad of [
      '',
      'int128',
      '>i8',
      '>f8',
      'datetime64[Y]',
      'complex128',
      'S10',
      'timestamp',
    ]) {
      expect(() => parseDtype(bad), bad).toThrow(CodecError);
    }
  });

  it('makes empty columns of the right representation', () => {
    expect(emptyColumn('int64', 2)).toEqual(new BigInt64Array(2));
    expect(emptyColumn('bool')).toEqual(new Uint8Array(0));
    expect(emptyColumn('<U0', 2)).toEqual(['', '']);
    expect(emptyColumn('object', 1)).toEqual([null]);
  });
});

describe('castColumn', () => {
  it('returns arrays that already have the representation as they are', () => {
    const ints = new BigInt64Array([1n, 2n]);
    expect(castColumn(ints, 'int64')).toBe(ints);
    expect(castColumn(ints, 'datetime64[s]')).toBe(ints);
    const strings = ['a', 'b'];
    expect(castColumn(strings, '<U0')).toBe(strings);
  });

  it('converts like numpy astype: truncating floats, wrapping integers, NaN to NaT', () => {
    expect(castColumn([1.9, -1.9, 3], 'int64')).toEqual(new BigInt64Array([1n, -1n, 3n]));
    expect(castColumn([Number.NaN], 'datetime64[s]')).toEqual(new BigInt64Array([-(2n ** 63n)]));
    expect(castColumn([300, -1], 'uint8')).toEqual(new Uint8Array([44, 255]));
    expect(castColumn([2n ** 64n - 1n], 'int64')).toEqual(new BigInt64Array([-1n]));
    expect(castColumn(new BigInt64Array([5n]), 'float64')).toEqual(new Float64Array([5]));
    expect(castColumn([0, 2, Number.NaN, false, true], 'bool')).toEqual(
      new Uint8Array([0, 1, 1, 0, 1]),
    );
    expect(castColumn(new Uint8Array([0, 7]), 'bool')).toEqual(new Uint8Array([0, 1]));
  });

  it('turns numbers into strings for str columns and drops trailing NULs as numpy does', () => {
    expect(castColumn([1, 2n, 'x\0\0'], '<U0')).toEqual(['1', '2', 'x']);
    expect(() => castColumn([null], '<U0')).toThrow(CodecError);
    expect(() => castColumn(['1'], 'int64')).toThrow(CodecError);
  });
});

describe('numeric bytes', () => {
  it('are the little-endian bytes of the values, both ways', () => {
    const values = new BigInt64Array([1577836800n]);
    expect(hex(numericBytes(values))).toBe('00e10b5e00000000');
    const back = numericFromBytes(numericBytes(values), 'datetime64[s]');
    expect(back).toEqual(values);
    // Unaligned input is copied rather than failing.
    const unaligned = new Uint8Array(9).subarray(1);
    unaligned.set(numericBytes(new Float64Array([2.5])));
    expect(numericFromBytes(unaligned, 'float64')).toEqual(new Float64Array([2.5]));
    expect(() => numericFromBytes(new Uint8Array(7), 'int64')).toThrow(CodecError);
  });
});
