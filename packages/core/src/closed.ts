import { InvalidInputError } from './engine-errors.js';

/** Which ends of a range are included: both, left only, right only, neither. */
export type Closed = 'b' | 'l' | 'r' | 'n';

/** What the API accepts for `closed`, as in Python Lakota. */
export type ClosedInput =
  | Closed
  | 'BOTH'
  | 'LEFT'
  | 'RIGHT'
  | 'NONE'
  | 'both'
  | 'left'
  | 'right'
  | 'none';

const NAMES: Record<string, Closed> = {
  b: 'b',
  l: 'l',
  r: 'r',
  n: 'n',
  both: 'b',
  left: 'l',
  right: 'r',
  none: 'n',
};

export function toClosed(value: ClosedInput | string | undefined, fallback: Closed): Closed {
  if (value === undefined) return fallback;
  const c = typeof value === 'string' ? NAMES[value.toLowerCase()] : undefined;
  if (!c) {
    throw new InvalidInputError(
      `Invalid closed value ${JSON.stringify(value)}: use LEFT, RIGHT, BOTH or NONE (or l, r, b, n)`,
    );
  }
  return c;
}

export const leftClosed = (c: Closed): boolean => c === 'b' || c === 'l';
export const rightClosed = (c: Closed): boolean => c === 'b' || c === 'r';

export function makeClosed(left: boolean, right: boolean): Closed {
  return left ? (right ? 'b' : 'l') : right ? 'r' : 'n';
}
