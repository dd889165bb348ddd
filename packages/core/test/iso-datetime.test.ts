import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDatetime } from '../src/frame.js';
import { formatIsoDatetime, parseIsoDatetime } from '../src/iso-datetime.js';

const UNITS = ['D', 'h', 'm', 's', 'ms', 'us', 'ns'] as const;
// numpy's own datetime64 range for each unit is wider; these keep years to 4 digits.
const LIMIT: Record<string, bigint> = {
  D: 2_900_000n,
  h: 70_000_000n,
  m: 4_000_000_000n,
  s: 250_000_000_000n,
  ms: 250_000_000_000_000n,
  us: 250_000_000_000_000_000n,
  ns: 2n ** 63n - 1n,
};

describe('ISO datetimes', () => {
  it.each(UNITS)('read back what they print, exactly (%s)', (unit) => {
    fc.assert(
      fc.property(fc.bigInt({ min: -LIMIT[unit]!, max: LIMIT[unit]! }), (v) => {
        expect(parseIsoDatetime(formatIsoDatetime(v, unit), unit)).toBe(v);
      }),
    );
  });

  it('print days and seconds as the engine does, for years 0 to 9999', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -62_167_219_200n, max: 253_402_300_799n }), (v) => {
        expect(formatIsoDatetime(v, 's')).toBe(formatDatetime(v, 's'));
        expect(formatIsoDatetime(v / 86_400n, 'D')).toBe(formatDatetime(v / 86_400n, 'D'));
      }),
    );
  });

  it('print as numpy does', () => {
    expect(formatIsoDatetime(0n, 'D')).toBe('1970-01-01');
    expect(formatIsoDatetime(-1n, 's')).toBe('1969-12-31T23:59:59');
    expect(formatIsoDatetime(1n, 'h')).toBe('1970-01-01T01');
    expect(formatIsoDatetime(61n, 'm')).toBe('1970-01-01T01:01');
    expect(formatIsoDatetime(1_500n, 'ms')).toBe('1970-01-01T00:00:01.500');
    expect(formatIsoDatetime(1n, 'us')).toBe('1970-01-01T00:00:00.000001');
    expect(formatIsoDatetime(-(2n ** 63n), 'ns')).toBe('NaT');
    expect(formatIsoDatetime(-719_162n, 'D')).toBe('0001-01-01');
  });

  it('read zones, spaces and partial times, and refuse what is not a date', () => {
    expect(parseIsoDatetime('2020-01-01 01:00', 's')).toBe(1_577_840_400n);
    expect(parseIsoDatetime('2020-01-01T01:00:00+01:00', 's')).toBe(1_577_836_800n);
    expect(parseIsoDatetime('2020-01-01T00:00:00Z', 'D')).toBe(18_262n);
    expect(parseIsoDatetime('2020-01-01T00:00:01', 'D')).toBe('finer-than-unit');
    expect(parseIsoDatetime('2021-02-29', 'D')).toBe('syntax');
    expect(parseIsoDatetime('2020-01-01T24:00:00', 's')).toBe('syntax');
    expect(parseIsoDatetime('yesterday', 's')).toBe('syntax');
    expect(parseIsoDatetime('1577836800', 's')).toBe('syntax');
  });
});
