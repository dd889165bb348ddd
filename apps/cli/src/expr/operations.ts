import { compareCodePoints, quoteExcerpt } from '@lakota/core';
import { type FloorUnit, floorDatetime, parseIsoNs, toNs } from './datetime.js';
import { at, type Kind, kindOf, STR, truthy, unitOf, type Vector } from './vector.js';

/** A type problem found while applying an operator; the evaluator adds where it happened. */
export class OperationError extends Error {}

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';
export type ComparisonOp = '<' | '<=' | '=' | '!=' | '>=' | '>';

const NUMERIC: ReadonlySet<Kind> = new Set(['int', 'float', 'bool']);

function describe(v: Vector): string {
  const kind = kindOf(v.dt);
  const name =
    kind === 'datetime' ? 'dates' : kind === 'str' ? 'text' : kind === 'bool' ? 'booleans' : kind;
  return v.scalar ? `a ${name === 'dates' ? 'date' : name} value` : `a column of ${name}`;
}

/** Rows of the result of an operation on a and b (a scalar adapts to the other side). */
function size(a: Vector, b: Vector): number {
  if (a.scalar) return b.values.length;
  if (b.scalar) return a.values.length;
  if (a.values.length !== b.values.length) {
    throw new OperationError(
      `Columns of different lengths (${a.values.length} and ${b.values.length})`,
    );
  }
  return a.values.length;
}

function numbers(v: Vector): (i: number) => number {
  const src = v.values;
  if (v.scalar) {
    const c = Number(src[0]);
    return () => c;
  }
  return (i) => Number(src[i]);
}

function bigints(v: Vector): (i: number) => bigint {
  const src = v.values;
  if (v.scalar) {
    const c = toBigInt(src[0]);
    return () => c;
  }
  if (src instanceof BigInt64Array || src instanceof BigUint64Array) return (i) => src[i] as bigint;
  return (i) => toBigInt(src[i]);
}

function toBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  return BigInt(Math.trunc(Number(value)));
}

/** Python's modulo: the result has the sign of the divisor. */
function pyModFloat(a: number, b: number): number {
  if (b === 0) return Number.NaN;
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

function pyModInt(a: bigint, b: bigint): bigint {
  // numpy gives 0 for an integer modulo by zero (with a warning) rather than failing.
  if (b === 0n) return 0n;
  const r = a % b;
  return r !== 0n && r < 0n !== b < 0n ? r + b : r;
}

/** `+ - * / %` on two vectors: integers stay integers except for `/`, text can be joined with `+`. */
export function arithmetic(op: ArithmeticOp, a: Vector, b: Vector): Vector {
  const ka = kindOf(a.dt);
  const kb = kindOf(b.dt);
  const n = size(a, b);
  const scalar = Boolean(a.scalar && b.scalar);
  if (op === '+' && ka === 'str' && kb === 'str') {
    const out = new Array<string>(scalar ? 1 : n);
    for (let i = 0; i < out.length; i++) out[i] = String(at(a, i)) + String(at(b, i));
    return { dt: STR, values: out, scalar };
  }
  if (!NUMERIC.has(ka) || !NUMERIC.has(kb)) {
    const hint =
      ka === 'datetime' || kb === 'datetime'
        ? ': dates only take comparisons, floor, min, max, first, last and count'
        : '';
    throw new OperationError(`Cannot apply ${op} to ${describe(a)} and ${describe(b)}${hint}`);
  }
  const m = scalar ? 1 : n;
  if (op === '/' || ka === 'float' || kb === 'float') {
    const x = numbers(a);
    const y = numbers(b);
    const out = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const u = x(i);
      const v = y(i);
      out[i] =
        op === '+'
          ? u + v
          : op === '-'
            ? u - v
            : op === '*'
              ? u * v
              : op === '/'
                ? u / v
                : pyModFloat(u, v);
    }
    return { dt: 'float64', values: out, scalar };
  }
  const x = bigints(a);
  const y = bigints(b);
  const out = new BigInt64Array(m);
  for (let i = 0; i < m; i++) {
    const u = x(i);
    const v = y(i);
    out[i] = op === '+' ? u + v : op === '-' ? u - v : op === '*' ? u * v : pyModInt(u, v);
  }
  return { dt: 'int64', values: out, scalar };
}

/** Turns one side of a date comparison into nanoseconds since 1970. */
function dateNs(v: Vector, other: Vector): (i: number) => bigint {
  const kind = kindOf(v.dt);
  if (kind === 'datetime') {
    const unit = unitOf(v.dt);
    const src = v.values;
    return v.scalar ? () => toNs(src[0] as bigint, unit) : (i) => toNs(src[i] as bigint, unit);
  }
  if (kind === 'str') {
    const parse = (text: string): bigint => {
      const ns = parseIsoNs(text);
      if (ns === undefined) {
        throw new OperationError(
          `Cannot read ${quoteExcerpt(text)} as a date to compare with ${describe(other)}: write it like 2020-01-31 or 2020-01-31T12:00:00`,
        );
      }
      return ns;
    };
    if (v.scalar) {
      const c = parse(String(v.values[0]));
      return () => c;
    }
    const src = v.values;
    return (i) => parse(String(src[i]));
  }
  throw new OperationError(`Cannot compare ${describe(other)} with ${describe(v)}`);
}

function test(op: ComparisonOp, c: number): boolean {
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
    case '>=':
      return c >= 0;
    case '>':
      return c > 0;
  }
}

function order(u: number | bigint | string, v: number | bigint | string): number {
  if (typeof u === 'string') return compareCodePoints(u, v as string);
  const x = u as number;
  const y = v as number;
  // NaN is equal to nothing and ordered with nothing, as in numpy.
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A comparison `< <= = != >= >`, giving a column of booleans. Dates compare with date strings. */
export function comparison(op: ComparisonOp, a: Vector, b: Vector): Vector {
  const ka = kindOf(a.dt);
  const kb = kindOf(b.dt);
  const n = size(a, b);
  const scalar = Boolean(a.scalar && b.scalar);
  const m = scalar ? 1 : n;
  let x: (i: number) => number | bigint | string;
  let y: (i: number) => number | bigint | string;
  if (ka === 'datetime' || kb === 'datetime') {
    x = dateNs(a, b);
    y = dateNs(b, a);
  } else if (NUMERIC.has(ka) && NUMERIC.has(kb)) {
    if (ka === 'float' || kb === 'float') {
      x = numbers(a);
      y = numbers(b);
    } else {
      x = bigints(a);
      y = bigints(b);
    }
  } else if (ka === 'str' && kb === 'str') {
    const sa = a.values;
    const sb = b.values;
    x = a.scalar ? () => sa[0] as string : (i) => sa[i] as string;
    y = b.scalar ? () => sb[0] as string : (i) => sb[i] as string;
  } else {
    throw new OperationError(`Cannot compare ${describe(a)} with ${describe(b)}`);
  }
  const out = new Uint8Array(m);
  for (let i = 0; i < m; i++) {
    const c = order(x(i), y(i));
    out[i] = !Number.isNaN(c) && test(op, c) ? 1 : op === '!=' && Number.isNaN(c) ? 1 : 0;
  }
  return { dt: 'bool', values: out, scalar };
}

/** Logical `and` / `or` over any number of operands (rows are true when not zero, empty or NaN). */
export function logical(op: 'and' | 'or', operands: readonly Vector[]): Vector {
  const scalar = operands.every((v) => v.scalar);
  const n = scalar ? 1 : Math.max(...operands.filter((v) => !v.scalar).map((v) => v.values.length));
  for (const v of operands) {
    if (!v.scalar && v.values.length !== n) {
      throw new OperationError(`Columns of different lengths (${v.values.length} and ${n})`);
    }
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let r = op === 'and';
    for (const v of operands) {
      const t = truthy(at(v, i));
      if (op === 'and' ? !t : t) {
        r = !r;
        break;
      }
    }
    out[i] = r ? 1 : 0;
  }
  return { dt: 'bool', values: out, scalar };
}

export function not(v: Vector): Vector {
  const m = v.scalar ? 1 : v.values.length;
  const out = new Uint8Array(m);
  for (let i = 0; i < m; i++) out[i] = truthy(at(v, i)) ? 0 : 1;
  return { dt: 'bool', values: out, scalar: Boolean(v.scalar) };
}

/** `(in x (list a b c))`: true where x equals one of the candidates. */
export function membership(v: Vector, candidates: readonly Vector[]): Vector {
  if (candidates.length === 0) {
    return {
      dt: 'bool',
      values: new Uint8Array(v.scalar ? 1 : v.values.length),
      scalar: Boolean(v.scalar),
    };
  }
  return logical(
    'or',
    candidates.map((c) => comparison('=', v, c)),
  );
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  // Math.round rounds halves up; numpy rounds them to the even neighbour.
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const MATH: Record<string, (x: number, digits: number) => number> = {
  sqrt: Math.sqrt,
  log: Math.log,
  exp: Math.exp,
  ceil: Math.ceil,
  floor: Math.floor,
  round: (x, digits) => {
    const f = 10 ** digits;
    return roundHalfEven(x * f) / f;
  },
};

export const MATH_FUNCTIONS = new Set([...Object.keys(MATH), 'abs']);

/** Element-wise math on numbers: `abs` keeps integers, the others give floats. */
export function math(name: string, v: Vector, digits = 0): Vector {
  const kind = kindOf(v.dt);
  if (!NUMERIC.has(kind)) throw new OperationError(`${name} needs numbers, got ${describe(v)}`);
  const m = v.scalar ? 1 : v.values.length;
  if (name === 'abs' && kind !== 'float') {
    const x = bigints(v);
    const out = new BigInt64Array(m);
    for (let i = 0; i < m; i++) {
      const u = x(i);
      out[i] = u < 0n ? -u : u;
    }
    return { dt: 'int64', values: out, scalar: Boolean(v.scalar) };
  }
  const fn = name === 'abs' ? Math.abs : (MATH[name] as (x: number, d: number) => number);
  const x = numbers(v);
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) out[i] = fn(x(i), digits);
  return { dt: 'float64', values: out, scalar: Boolean(v.scalar) };
}

/** `(floor self.timestamp "month")`: dates rounded down to a calendar unit, same dtype. */
export function floorDates(v: Vector, to: FloorUnit): Vector {
  if (kindOf(v.dt) !== 'datetime') {
    throw new OperationError(`floor with a unit needs dates, got ${describe(v)}`);
  }
  const unit = unitOf(v.dt);
  const m = v.scalar ? 1 : v.values.length;
  const out = new BigInt64Array(m);
  for (let i = 0; i < m; i++) out[i] = floorDatetime(at(v, i) as bigint, unit, to);
  return { dt: v.dt, values: out, scalar: Boolean(v.scalar) };
}
