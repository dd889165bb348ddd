import { ExpressionError } from './expr-error.js';
import { type Token, tokenize } from './tokenizer.js';

/** A word or a quoted string. */
export interface Atom {
  readonly type: 'atom';
  readonly token: Token;
  readonly start: number;
  readonly end: number;
}

/** A parenthesised list: an operator (or function) and its arguments. */
export interface Call {
  readonly type: 'call';
  readonly items: readonly Node[];
  readonly start: number;
  readonly end: number;
}

export type Node = Atom | Call;

/** A parsed expression with the text it came from, for error messages. */
export interface Expression {
  readonly source: string;
  readonly root: Node;
}

/**
 * Parses one s-expression, e.g. `(and (> self.value 0) (< self.value 42))`.
 * Anything after the first complete expression is an error, as is an
 * unbalanced parenthesis; each error points at the token concerned.
 */
export function parse(source: string): Expression {
  const tokens = tokenize(source);
  if (tokens.length === 0) {
    throw new ExpressionError(
      'Empty expression: write one such as (< self.value 42)',
      source,
      0,
      1,
    );
  }
  let pos = 0;
  const node = (): Node => {
    const tk = tokens[pos++] as Token;
    if (tk.kind === 'close') {
      throw new ExpressionError('Unexpected ")": it closes nothing', source, tk.start, tk.end);
    }
    if (tk.kind !== 'open') return { type: 'atom', token: tk, start: tk.start, end: tk.end };
    const items: Node[] = [];
    for (;;) {
      const next = tokens[pos];
      if (next === undefined) {
        throw new ExpressionError(
          'Missing ")": this "(" is never closed',
          source,
          tk.start,
          tk.end,
        );
      }
      if (next.kind === 'close') {
        pos++;
        if (items.length === 0) {
          throw new ExpressionError(
            'Empty "()": write an operator and its arguments, e.g. (+ 1 2)',
            source,
            tk.start,
            next.end,
          );
        }
        return { type: 'call', items, start: tk.start, end: next.end };
      }
      items.push(node());
    }
  };
  const root = node();
  const extra = tokens[pos];
  if (extra !== undefined) {
    throw new ExpressionError(
      `Unexpected "${extra.text}" after the end of the expression: wrap several terms in one operator, e.g. (and a b)`,
      source,
      extra.start,
      extra.end,
    );
  }
  return { source, root };
}

/** Walks a tree depth first, parents before children. */
export function* walk(node: Node): Generator<Node> {
  yield node;
  if (node.type === 'call') for (const item of node.items) yield* walk(item);
}
