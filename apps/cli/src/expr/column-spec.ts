import { quoteExcerpt } from '@lakota/core';
import { UsageError } from '../usage-error.js';
import { columnRefs, isAggregate } from './evaluator.js';
import { ExpressionError } from './expr-error.js';
import { type Expression, parse } from './parser.js';

/** One output column of `read`: a stored column, or an expression over them. */
export interface ColumnSpec {
  /** As written on the command line; the column's heading unless `(as … "name")` renames it. */
  readonly text: string;
  /** Set for a stored column. */
  readonly column?: string;
  /** Set for an s-expression. */
  readonly expression?: Expression;
  /** True when the expression calls an aggregate (max, sum, …). */
  readonly aggregate: boolean;
}

/**
 * Reads the column arguments of `read`: a word is a stored column, text that
 * starts with "(" an expression (as in Python Lakota). Every column an
 * expression names must exist; the error points at it.
 */
export function parseColumnSpecs(texts: readonly string[], known: readonly string[]): ColumnSpec[] {
  return texts.map((text) => {
    if (!text.trimStart().startsWith('(')) {
      if (!known.includes(text)) {
        throw new UsageError(
          `Unknown column ${quoteExcerpt(text, { quote: "'" })}: the series has ${known.join(', ')} (an expression starts with "(")`,
        );
      }
      return { text, column: text, aggregate: false };
    }
    const expression = parse(text);
    checkColumns(expression, known);
    return { text, expression, aggregate: isAggregate(expression.root) };
  });
}

/** Fails, pointing at the first `self.<name>` that names no column. */
export function checkColumns(expression: Expression, known: readonly string[]): void {
  for (const [name, atom] of columnRefs(expression.root)) {
    if (!known.includes(name)) {
      throw new ExpressionError(
        `Unknown column '${name}': there are ${known.join(', ')}`,
        expression.source,
        atom.start,
        atom.end,
      );
    }
  }
}

/** Stored columns the specs read, in schema order. */
export function columnsRead(
  specs: readonly ColumnSpec[],
  extra: readonly Expression[],
  known: readonly string[],
): string[] {
  const used = new Set<string>();
  for (const s of specs) {
    if (s.column) used.add(s.column);
    if (s.expression) for (const name of columnRefs(s.expression.root).keys()) used.add(name);
  }
  for (const e of extra) for (const name of columnRefs(e.root).keys()) used.add(name);
  return known.filter((n) => used.has(n));
}
