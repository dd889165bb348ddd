import { floorUnit } from './datetime.js';
import { ExpressionError } from './expr-error.js';
import {
  type ArithmeticOp,
  arithmetic,
  type ComparisonOp,
  comparison,
  floorDates,
  logical,
  MATH_FUNCTIONS,
  math,
  membership,
  not,
  OperationError,
} from './operations.js';
import type { Atom, Call, Expression, Node } from './parser.js';
import { kindOf, STR, scalar, type Vector } from './vector.js';

/** `(list a b c)`: candidates for `in`. */
export class ListValue {
  constructor(readonly items: readonly Vector[]) {}
}

/** `(as expr "name")`: a value and the column name to show it under. */
export class AliasValue {
  constructor(
    readonly value: Vector,
    readonly name: string,
  ) {}
}

export type Value = Vector | ListValue | AliasValue;

/** Aggregates, as in Python Lakota (`average` is `mean`, `len` is `count`). */
export const AGGREGATES: ReadonlySet<string> = new Set([
  'min',
  'max',
  'sum',
  'first',
  'last',
  'mean',
  'average',
  'quantile',
  'count',
  'len',
]);

const ARITHMETIC = new Set(['+', '-', '*', '/', '%']);
const COMPARISON = new Set(['<', '<=', '=', '!=', '>=', '>']);

/** Every operator and function name, for error messages and shell completion. */
export const FUNCTION_NAMES: readonly string[] = [
  ...ARITHMETIC,
  ...COMPARISON,
  'and',
  'or',
  'not',
  '~',
  'in',
  'list',
  'as',
  ...MATH_FUNCTIONS,
  ...AGGREGATES,
].sort();

/** What names in an expression refer to. */
export interface Scope {
  /** The column `self.<name>`; throws an OperationError when there is none. */
  column(name: string): Vector;
  /** The value of an aggregate call, once rows are grouped; absent where aggregates are not allowed. */
  aggregate?(call: Call): Vector;
  /** Why aggregates are refused here (when `aggregate` is absent). */
  noAggregate?: string;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

/** The name of the operator a call starts with, or undefined when it starts with something else. */
export function operatorOf(call: Call): string | undefined {
  const head = call.items[0] as Node;
  return head.type === 'atom' && head.token.kind === 'word' ? head.token.text : undefined;
}

/** True when the expression calls an aggregate anywhere. */
export function isAggregate(node: Node): boolean {
  if (node.type !== 'call') return false;
  const op = operatorOf(node);
  return (op !== undefined && AGGREGATES.has(op)) || node.items.some(isAggregate);
}

/** Column names an expression reads (`self.<name>`), with the atoms naming them. */
export function columnRefs(node: Node, out = new Map<string, Atom>()): Map<string, Atom> {
  if (node.type === 'atom') {
    const t = node.token;
    if (t.kind === 'word' && t.text.startsWith('self.')) {
      const name = t.text.slice(5);
      if (!out.has(name)) out.set(name, node);
    }
  } else {
    for (const item of node.items) columnRefs(item, out);
  }
  return out;
}

/** Evaluates an expression; an alias is only allowed around the whole expression. */
export class Evaluator {
  constructor(
    readonly expression: Expression,
    readonly scope: Scope,
  ) {}

  run(): Value {
    return this.node(this.expression.root, true);
  }

  fail(message: string, node: Node, cause?: unknown): never {
    throw new ExpressionError(
      message,
      this.expression.source,
      node.start,
      node.end,
      cause === undefined ? {} : { cause },
    );
  }

  /** Evaluates a node that must give a column or a single value. */
  vector(node: Node): Vector {
    const v = this.node(node, false);
    if (v instanceof ListValue)
      this.fail('A (list …) is only allowed as the second argument of in', node);
    if (v instanceof AliasValue)
      this.fail('(as …) is only allowed around a whole expression', node);
    return v;
  }

  node(node: Node, top: boolean): Value {
    try {
      return node.type === 'atom' ? this.atom(node) : this.call(node, top);
    } catch (err) {
      if (err instanceof OperationError) this.fail(err.message, node, err);
      throw err;
    }
  }

  private atom(node: Atom): Vector {
    const { text, kind } = node.token;
    if (kind === 'string') return scalar(STR, text.slice(1, -1));
    if (text === 'true' || text === 'false') return scalar('bool', text === 'true' ? 1 : 0);
    if (INTEGER.test(text)) return scalar('int64', BigInt(text));
    if (NUMBER.test(text)) return scalar('float64', Number(text));
    if (/^[+-]?(nan|inf)$/i.test(text)) {
      return scalar(
        'float64',
        text.toLowerCase().endsWith('nan')
          ? Number.NaN
          : text.startsWith('-')
            ? -Infinity
            : Infinity,
      );
    }
    if (text.startsWith('self.')) return this.scope.column(text.slice(5));
    if (FUNCTION_NAMES.includes(text)) {
      this.fail(`'${text}' is an operator: call it first in parentheses, e.g. (${text} …)`, node);
    }
    this.fail(
      `Unknown name '${text}': refer to a column as self.<name>, quote text ("…"), or write a number`,
      node,
    );
  }

  private call(node: Call, top: boolean): Value {
    const head = node.items[0] as Node;
    const op = operatorOf(node);
    if (op === undefined) {
      this.fail('Expected an operator or a function name after "("', head);
    }
    const args = node.items.slice(1);
    const arity = (min: number, max = Number.POSITIVE_INFINITY) => {
      if (args.length < min || args.length > max) {
        const want =
          min === max
            ? `${min}`
            : max === Number.POSITIVE_INFINITY
              ? `at least ${min}`
              : `${min} to ${max}`;
        this.fail(
          `${op} takes ${want} argument${min === 1 && max === 1 ? '' : 's'}, got ${args.length}`,
          node,
        );
      }
    };
    if (AGGREGATES.has(op)) {
      if (!this.scope.aggregate) {
        this.fail(this.scope.noAggregate ?? `The aggregate ${op} cannot be used here`, head);
      }
      return this.scope.aggregate(node);
    }
    if (ARITHMETIC.has(op)) {
      arity(1);
      const values = args.map((a) => this.vector(a));
      if (values.length === 1) {
        const v = values[0] as Vector;
        if (op === '-') {
          const float = kindOf(v.dt) === 'float';
          return arithmetic('-', scalar(float ? 'float64' : 'int64', float ? 0 : 0n), v);
        }
        if (op === '/') return arithmetic('/', scalar('float64', 1), v);
        return v;
      }
      return values.reduce((acc, v) => arithmetic(op as ArithmeticOp, acc, v));
    }
    if (COMPARISON.has(op)) {
      arity(2);
      const values = args.map((a) => this.vector(a));
      const pairs: Vector[] = [];
      for (let k = 1; k < values.length; k++) {
        pairs.push(comparison(op as ComparisonOp, values[k - 1] as Vector, values[k] as Vector));
      }
      return pairs.length === 1 ? (pairs[0] as Vector) : logical('and', pairs);
    }
    switch (op) {
      case 'and':
      case 'or':
        arity(1);
        return logical(
          op,
          args.map((a) => this.vector(a)),
        );
      case 'not':
      case '~':
        arity(1, 1);
        return not(this.vector(args[0] as Node));
      case 'list':
        return new ListValue(args.map((a) => this.vector(a)));
      case 'in': {
        arity(2, 2);
        const value = this.vector(args[0] as Node);
        const options = this.node(args[1] as Node, false);
        if (!(options instanceof ListValue)) {
          this.fail(
            'in needs a list of candidates, e.g. (in self.city (list "Paris" "Brussels"))',
            args[1] as Node,
          );
        }
        return membership(value, options.items);
      }
      case 'as': {
        arity(2, 2);
        if (!top) this.fail('(as …) is only allowed around a whole expression', node);
        const value = this.vector(args[0] as Node);
        const name = this.vector(args[1] as Node);
        if (!name.scalar || kindOf(name.dt) !== 'str' || !name.values[0]) {
          this.fail(
            'The name given to as must be quoted text, e.g. (as (max self.value) "peak")',
            args[1] as Node,
          );
        }
        return new AliasValue(value, String(name.values[0]));
      }
      case 'floor': {
        arity(1, 2);
        const value = this.vector(args[0] as Node);
        if (args.length === 1) return math('floor', value);
        const unitNode = args[1] as Node;
        const unitValue = this.vector(unitNode);
        const unit = unitValue.scalar ? floorUnit(String(unitValue.values[0])) : undefined;
        if (!unit) {
          this.fail(
            'Unknown unit for floor: use year (Y), month (M), week (W), day (D), hour (h), minute (m) or second (s)',
            unitNode,
          );
        }
        return floorDates(value, unit);
      }
      case 'round': {
        arity(1, 2);
        const value = this.vector(args[0] as Node);
        const digits = args.length > 1 ? this.vector(args[1] as Node) : undefined;
        if (digits && (!digits.scalar || kindOf(digits.dt) !== 'int')) {
          this.fail(
            'round takes a whole number of digits, e.g. (round self.value 2)',
            args[1] as Node,
          );
        }
        return math('round', value, digits ? Number(digits.values[0]) : 0);
      }
    }
    if (MATH_FUNCTIONS.has(op)) {
      arity(1, 1);
      return math(op, this.vector(args[0] as Node));
    }
    this.fail(`Unknown function '${op}': use one of ${FUNCTION_NAMES.join(' ')}`, head);
  }
}
