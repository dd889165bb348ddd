import { quoteExcerpt } from '@lakota/core';
import { InvalidArgumentError } from 'commander';

/** A whole number >= 0 (`--limit`, `--offset`). */
export function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value.trim())) {
    throw new InvalidArgumentError(
      `expected a whole number >= 0, got ${quoteExcerpt(value, { quote: "'" })}`,
    );
  }
  return Number(value);
}

/** A whole number > 0 (`--tail`, `--paginate`). */
export function positiveNumber(value: string): number {
  const n = wholeNumber(value);
  if (n === 0) throw new InvalidArgumentError('expected a whole number > 0, got 0');
  return n;
}

const CLOSED: Record<string, string> = {
  left: 'l',
  right: 'r',
  both: 'b',
  none: 'n',
  l: 'l',
  r: 'r',
  b: 'b',
  n: 'n',
};

/** LEFT, RIGHT, BOTH, NONE or l, r, b, n (any case). */
export function closedValue(value: string): 'l' | 'r' | 'b' | 'n' {
  const c = CLOSED[value.toLowerCase()];
  if (!c)
    throw new InvalidArgumentError(
      `use LEFT, RIGHT, BOTH or NONE (or l, r, b, n), got ${quoteExcerpt(value, { quote: "'" })}`,
    );
  return c as 'l' | 'r' | 'b' | 'n';
}

/** Gathers a repeated option's values. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Counts a repeated flag (`-vv`, `-ee`). */
export function count(_: string, previous: number | undefined): number {
  return (previous ?? 0) + 1;
}
