import { compareCodePoints } from '@lakota/core';
import { OperationError } from './operations.js';
import { at, fromValues, kindOf, type Vector } from './vector.js';

/**
 * Running state of one aggregate over groups of rows. Pages of a series are
 * fed one after the other, so results never need the whole series in memory
 * (except for quantiles, which keep the values of each group).
 */
export interface Accumulator {
  /** Adds the rows of one page; `groups[i]` is the group of row i. */
  add(groups: Int32Array, v: Vector): void;
  /** One value per group, groups taken in `order`; null where a group has no value. */
  result(order: readonly number[]): Vector;
}

export type Interpolation = 'linear' | 'lower' | 'higher' | 'nearest' | 'midpoint';
export const INTERPOLATIONS: readonly Interpolation[] = [
  'linear',
  'lower',
  'higher',
  'nearest',
  'midpoint',
];

export interface AggregateParams {
  /** quantile's q, between 0 and 1 (0.5 by default). */
  q?: number;
  interpolation?: Interpolation;
}

function rank(a: unknown, b: unknown): number {
  if (typeof a === 'string') return compareCodePoints(a, b as string);
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

function isNaNValue(v: unknown): boolean {
  return typeof v === 'number' && Number.isNaN(v);
}

function needNumbers(op: string, v: Vector): void {
  const kind = kindOf(v.dt);
  if (kind !== 'int' && kind !== 'float' && kind !== 'bool') {
    throw new OperationError(
      `${op} needs numbers, got a column of ${kind === 'datetime' ? 'dates' : kind === 'str' ? 'text' : kind}`,
    );
  }
}

class Count implements Accumulator {
  private readonly counts: number[] = [];
  add(groups: Int32Array): void {
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] as number;
      this.counts[g] = (this.counts[g] ?? 0) + 1;
    }
  }
  result(order: readonly number[]): Vector {
    return { dt: 'int64', values: BigInt64Array.from(order, (g) => BigInt(this.counts[g] ?? 0)) };
  }
}

class Sum implements Accumulator {
  private readonly sums: (number | bigint)[] = [];
  constructor(private readonly integer: boolean) {}
  add(groups: Int32Array, v: Vector): void {
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] as number;
      const x = at(v, i);
      if (this.integer) {
        this.sums[g] =
          ((this.sums[g] as bigint | undefined) ?? 0n) +
          (typeof x === 'bigint' ? x : BigInt(x as number));
      } else {
        this.sums[g] = ((this.sums[g] as number | undefined) ?? 0) + Number(x);
      }
    }
  }
  result(order: readonly number[]): Vector {
    const zero = this.integer ? 0n : 0;
    const dt = this.integer ? 'int64' : 'float64';
    return {
      dt,
      values: fromValues(
        dt,
        order.map((g) => this.sums[g] ?? zero),
      ),
    };
  }
}

class Mean implements Accumulator {
  private readonly sums: number[] = [];
  private readonly counts: number[] = [];
  add(groups: Int32Array, v: Vector): void {
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] as number;
      this.sums[g] = (this.sums[g] ?? 0) + Number(at(v, i));
      this.counts[g] = (this.counts[g] ?? 0) + 1;
    }
  }
  result(order: readonly number[]): Vector {
    return {
      dt: 'float64',
      values: Float64Array.from(order, (g) =>
        this.counts[g] ? (this.sums[g] as number) / (this.counts[g] as number) : Number.NaN,
      ),
    };
  }
}

/** min, max, first and last keep the column's type. */
class Pick implements Accumulator {
  private readonly best: unknown[] = [];
  private readonly seen: boolean[] = [];
  constructor(
    private readonly op: 'min' | 'max' | 'first' | 'last',
    private readonly dt: string,
  ) {}
  add(groups: Int32Array, v: Vector): void {
    const { op } = this;
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] as number;
      const x = at(v, i);
      if (!this.seen[g]) {
        this.seen[g] = true;
        this.best[g] = x;
      } else if (op === 'last') {
        this.best[g] = x;
      } else if (op !== 'first' && !isNaNValue(this.best[g])) {
        // NaN wins once seen, as numpy's min and max propagate it.
        const c = rank(x, this.best[g]);
        if (isNaNValue(x) || (op === 'min' ? c < 0 : c > 0)) this.best[g] = x;
      }
    }
  }
  result(order: readonly number[]): Vector {
    return {
      dt: this.dt,
      values: fromValues(
        this.dt,
        order.map((g) => (this.seen[g] ? this.best[g] : null)),
      ),
    };
  }
}

class Quantile implements Accumulator {
  private readonly values: number[][] = [];
  constructor(
    private readonly q: number,
    private readonly interpolation: Interpolation,
  ) {}
  add(groups: Int32Array, v: Vector): void {
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] as number;
      let list = this.values[g];
      if (!list) {
        list = [];
        this.values[g] = list;
      }
      list.push(Number(at(v, i)));
    }
  }
  result(order: readonly number[]): Vector {
    return {
      dt: 'float64',
      values: Float64Array.from(order, (g) =>
        quantile(this.values[g] ?? [], this.q, this.interpolation),
      ),
    };
  }
}

/** numpy.quantile of one list of numbers (NaN when empty or when a value is NaN). */
export function quantile(
  values: readonly number[],
  q: number,
  interpolation: Interpolation,
): number {
  if (values.length === 0 || values.some(Number.isNaN)) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  switch (interpolation) {
    case 'lower':
      return a;
    case 'higher':
      return b;
    case 'midpoint':
      return (a + b) / 2;
    case 'nearest': {
      // numpy rounds halves to the even position.
      const frac = pos - lo;
      return frac < 0.5 || (frac === 0.5 && lo % 2 === 0) ? a : b;
    }
    default:
      return a + (b - a) * (pos - lo);
  }
}

/** Creates the accumulator of `op` for a column of type `dt`. */
export function createAccumulator(op: string, input: Vector, params: AggregateParams): Accumulator {
  const kind = kindOf(input.dt);
  switch (op) {
    case 'count':
    case 'len':
      return new Count();
    case 'sum':
      needNumbers(op, input);
      return new Sum(kind !== 'float');
    case 'mean':
    case 'average':
      needNumbers(op, input);
      return new Mean();
    case 'quantile':
      needNumbers(op, input);
      return new Quantile(params.q ?? 0.5, params.interpolation ?? 'linear');
    case 'min':
    case 'max':
      if (kind === 'object' || kind === 'bool') {
        throw new OperationError(
          `${op} needs numbers, dates or text, got a column of ${kind === 'bool' ? 'booleans' : 'objects'}`,
        );
      }
      return new Pick(op, input.dt);
    case 'first':
    case 'last':
      return new Pick(op, input.dt);
    default:
      throw new OperationError(`Unknown aggregate '${op}'`);
  }
}
