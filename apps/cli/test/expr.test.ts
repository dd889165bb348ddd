import { describe, expect, it } from 'vitest';
import type { ColumnSpec } from '../src/expr/column-spec.js';
import { parseColumnSpecs } from '../src/expr/column-spec.js';
import { floorDatetime, parseIsoNs } from '../src/expr/datetime.js';
import { ExpressionError } from '../src/expr/expr-error.js';
import { GroupBy } from '../src/expr/group-by.js';
import { Mask } from '../src/expr/mask.js';
import { parse } from '../src/expr/parser.js';
import { Projection } from '../src/expr/projection.js';
import { textFormatter } from '../src/output/cell-format.js';
import type { Page } from '../src/page.js';
import { slicePage } from '../src/page.js';

const seconds = (iso: string) => BigInt(Date.parse(`${iso}Z`) / 1000);

/** A page like a series of the temperature collection: timestamp, city, value, count. */
function temperatures(): Page {
  const rows: [string, string, number, number][] = [
    ['2020-01-30T00:00:00', 'Brussels', 3.5, 1],
    ['2020-01-31T12:00:00', 'Paris', 6, 2],
    ['2020-02-01T00:00:00', 'Brussels', 5, 3],
    ['2020-02-15T06:30:00', 'Paris', 10.25, 4],
    ['2020-03-01T00:00:00', 'Brussels', Number.NaN, 5],
  ];
  return {
    names: ['timestamp', 'city', 'value', 'n'],
    columns: [
      { dt: 'datetime64[s]', values: BigInt64Array.from(rows, (r) => seconds(r[0])) },
      { dt: '<U0', values: rows.map((r) => r[1]) },
      { dt: 'float64', values: Float64Array.from(rows, (r) => r[2]) },
      { dt: 'int64', values: BigInt64Array.from(rows, (r) => BigInt(r[3])) },
    ],
    length: rows.length,
  };
}

const KNOWN = ['timestamp', 'city', 'value', 'n'];

/** The page as text rows, cells formatted as the CLI prints them. */
function cells(page: Page): string[][] {
  const formats = page.columns.map((c) => textFormatter(c.dt));
  return Array.from({ length: page.length }, (_, i) =>
    page.columns.map((c, k) => formats[k]!(c.values[c.scalar ? 0 : i])),
  );
}

function caught(fn: () => unknown): ExpressionError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ExpressionError) return err;
    throw err;
  }
  throw new Error('expected an ExpressionError');
}

function reduce(columns: string[], ...pages: Page[]): Page {
  const specs: ColumnSpec[] = parseColumnSpecs(columns, KNOWN);
  const g = new GroupBy(specs);
  for (const p of pages) g.feed(p);
  return g.finish();
}

describe('parser errors point at the offending token', () => {
  it.each([
    ['(< self.value 42', 'Missing ")"', 0, 1],
    ['(< self.value 42))', 'Unexpected ")"', 17, 18],
    ['(< self.value 42) (> 1 0)', 'after the end of the expression', 18, 19],
    ['(= self.city "Paris)', 'Unterminated string', 13, 20],
    ['()', 'Empty "()"', 0, 2],
    ['   ', 'Empty expression', 0, 1],
  ])('%s', (source, message, start, end) => {
    const err = caught(() => parse(source));
    expect(err.message).toContain(message);
    expect([err.start, err.end]).toEqual([start, end]);
    const [shown, carets] = err.pointer.split('\n') as [string, string];
    expect(shown).toBe(`  ${source}`);
    expect(carets.indexOf('^') - 2).toBe(start);
  });

  it('reports an unknown column with the known ones, under the name', () => {
    const err = caught(() => new Mask('(< self.valu 42)', KNOWN));
    expect(err.message).toContain("Unknown column 'valu'");
    expect(err.message).toContain('timestamp, city, value, n');
    expect(err.pointer.split('\n')[1]).toBe(`  ${' '.repeat(3)}${'^'.repeat(9)}`);
  });

  it('reports unknown functions, names and type errors at the call', () => {
    const page = temperatures();
    expect(caught(() => new Mask('(frobnicate self.value)', KNOWN).apply(page)).message).toContain(
      "Unknown function 'frobnicate'",
    );
    expect(caught(() => new Mask('(< value 3)', KNOWN).apply(page)).message).toContain(
      "Unknown name 'value'",
    );
    const dates = caught(() =>
      new Projection(parseColumnSpecs(['(+ self.timestamp 1)'], KNOWN)).apply(page),
    );
    expect(dates.message).toContain('Cannot apply + to a column of dates');
    expect([dates.start, dates.end]).toEqual([0, 20]);
    const unit = caught(() =>
      new Projection(parseColumnSpecs(['(floor self.timestamp "fortnight")'], KNOWN)).apply(page),
    );
    expect(unit.message).toContain('Unknown unit for floor');
    expect(unit.start).toBe(22);
    const date = caught(() => new Mask('(> self.timestamp "soon")', KNOWN).apply(page));
    expect(date.message).toContain('Cannot read "soon" as a date');
    expect(caught(() => new Mask('(> (max self.value) 3)', KNOWN).apply(page)).message).toContain(
      'Aggregates cannot filter rows',
    );
  });
});

describe('masks', () => {
  const keep = (source: string) =>
    cells(new Mask(source, KNOWN).apply(temperatures())).map((r) => r[3]);

  it('compares numbers, text and dates', () => {
    expect(keep('(< self.value 6)')).toEqual(['1', '3']);
    expect(keep('(= self.city "Paris")')).toEqual(['2', '4']);
    expect(keep('(!= self.city "Paris")')).toEqual(['1', '3', '5']);
    expect(keep('(>= self.timestamp "2020-02-01")')).toEqual(['3', '4', '5']);
    expect(keep('(< self.timestamp "2020-01-31T12:00:01")')).toEqual(['1', '2']);
    expect(keep('(>= self.n 4)')).toEqual(['4', '5']);
  });

  it('combines conditions', () => {
    expect(keep('(and (= self.city "Brussels") (> self.value 4))')).toEqual(['3']);
    expect(keep('(or (< self.n 2) (> self.n 4))')).toEqual(['1', '5']);
    expect(keep('(not (= self.city "Paris"))')).toEqual(['1', '3', '5']);
    expect(keep('(< 2 self.n 5)')).toEqual(['3', '4']);
    expect(keep('(in self.n (list 1 5 7))')).toEqual(['1', '5']);
    expect(keep('(in self.city (list "Paris"))')).toEqual(['2', '4']);
    expect(keep('true')).toEqual(['1', '2', '3', '4', '5']);
  });

  it('treats NaN as unequal to everything', () => {
    expect(keep('(= self.value self.value)')).toEqual(['1', '2', '3', '4']);
    expect(keep('(!= self.value self.value)')).toEqual(['5']);
  });
});

describe('computed columns', () => {
  it('keeps integers whole and makes division float', () => {
    const page = new Projection(
      parseColumnSpecs(
        [
          'n',
          '(* self.n 2)',
          '(/ self.n 2)',
          '(% (- self.n 3) 2)',
          '(- self.n)',
          '(as (+ self.value 0.5) "shifted")',
        ],
        KNOWN,
      ),
    ).apply(temperatures());
    expect(page.names).toEqual([
      'n',
      '(* self.n 2)',
      '(/ self.n 2)',
      '(% (- self.n 3) 2)',
      '(- self.n)',
      'shifted',
    ]);
    expect(page.columns.map((c) => c.dt)).toEqual([
      'int64',
      'int64',
      'float64',
      'int64',
      'int64',
      'float64',
    ]);
    expect(cells(page)[0]).toEqual(['1', '2', '0.5', '0', '-1', '4.0']);
    // Python's modulo takes the sign of the divisor: -2 % 2 = 0, -1 % 2 = 1.
    expect(cells(page).map((r) => r[3])).toEqual(['0', '1', '0', '1', '0']);
  });

  it('floors dates to calendar units and broadcasts constants', () => {
    const page = new Projection(
      parseColumnSpecs(
        [
          '(floor self.timestamp "month")',
          "(floor self.timestamp 'h')",
          '(floor self.timestamp "W")',
          '42'.replace('42', '(+ 40 2)'),
        ],
        KNOWN,
      ),
    ).apply(temperatures());
    expect(cells(page)[3]).toEqual([
      '2020-02-01T00:00:00',
      '2020-02-15T06:00:00',
      '2020-02-10T00:00:00',
      '42',
    ]);
    expect(page.columns[3]!.values.length).toBe(5);
  });
});

describe('group-by and aggregates', () => {
  it('aggregates the whole series without keys', () => {
    const out = reduce(
      [
        '(max self.n)',
        '(min self.n)',
        '(sum self.n)',
        '(mean self.n)',
        '(count self.n)',
        '(len)',
        '(first self.city)',
        '(last self.city)',
        '(quantile self.n 0.25)',
      ],
      temperatures(),
    );
    expect(cells(out)).toEqual([['5', '1', '15', '3.0', '5', '5', 'Brussels', 'Brussels', '2.0']]);
  });

  it('propagates NaN through max as numpy does', () => {
    expect(cells(reduce(['(max self.value)'], temperatures()))).toEqual([['nan']]);
  });

  it('groups by computed keys, sorted, exact across pages', () => {
    const page = temperatures();
    const whole = reduce(['(floor self.timestamp "M")', '(sum self.n)', '(count self.n)'], page);
    const split = reduce(
      ['(floor self.timestamp "M")', '(sum self.n)', '(count self.n)'],
      slicePage(page, 0, 2),
      slicePage(page, 2, 3),
      slicePage(page, 3, 5),
    );
    expect(cells(whole)).toEqual([
      ['2020-01-01T00:00:00', '3', '2'],
      ['2020-02-01T00:00:00', '7', '2'],
      ['2020-03-01T00:00:00', '5', '1'],
    ]);
    expect(cells(split)).toEqual(cells(whole));
  });

  it('groups by several keys and names aliased columns', () => {
    const out = reduce(
      [
        'city',
        '(as (floor self.timestamp "year") "year")',
        '(as (max self.n) "last_n")',
        '(/ (sum self.n) (count))',
      ],
      temperatures(),
    );
    expect(out.names).toEqual(['city', 'year', 'last_n', '(/ (sum self.n) (count))']);
    expect(cells(out)).toEqual([
      ['Brussels', '2020-01-01T00:00:00', '5', '3.0'],
      ['Paris', '2020-01-01T00:00:00', '4', '3.0'],
    ]);
  });

  it('gives one row of neutral values on an empty series', () => {
    const empty = slicePage(temperatures(), 0, 0);
    expect(
      cells(reduce(['(count self.n)', '(sum self.n)', '(max self.n)', '(mean self.value)'], empty)),
    ).toEqual([['0', '0', '', 'nan']]);
    expect(reduce(['city', '(count)'], empty).length).toBe(0);
  });

  it('refuses columns outside aggregates and nested aggregates', () => {
    expect(caught(() => reduce(['(+ self.n (max self.n))'], temperatures())).message).toContain(
      'self.n is outside any aggregate',
    );
    const nested = caught(() => reduce(['(max (min self.n))'], temperatures()));
    expect(nested.message).toContain('cannot contain another aggregate');
    expect(nested.start).toBe(5);
    expect(caught(() => reduce(['(sum self.city)'], temperatures())).message).toContain(
      'sum needs numbers',
    );
    expect(caught(() => reduce(['(quantile self.n 2)'], temperatures())).message).toContain(
      'between 0 and 1',
    );
  });
});

describe('dates', () => {
  it('parses ISO dates and times as UTC nanoseconds', () => {
    expect(parseIsoNs('1970-01-02')).toBe(86_400_000_000_000n);
    expect(parseIsoNs('1970-01-01T00:00:01.5')).toBe(1_500_000_000n);
    expect(parseIsoNs('1970-01-01T01:00:00+01:00')).toBe(0n);
    expect(parseIsoNs('2020-02-30')).toBeUndefined();
    expect(parseIsoNs('tomorrow')).toBeUndefined();
  });

  it('floors before 1970 toward the past', () => {
    const t = seconds('1969-12-31T23:59:59');
    expect(floorDatetime(t, 's', 'D')).toBe(seconds('1969-12-31T00:00:00'));
    expect(floorDatetime(t, 's', 'M')).toBe(seconds('1969-12-01T00:00:00'));
    expect(floorDatetime(t, 's', 'W')).toBe(seconds('1969-12-29T00:00:00'));
  });
});
