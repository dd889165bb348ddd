import { compareCodePoints } from '@lakota/core';
import type { Page } from '../page.js';
import {
  type Accumulator,
  type AggregateParams,
  createAccumulator,
  INTERPOLATIONS,
  type Interpolation,
} from './aggregates.js';
import type { ColumnSpec } from './column-spec.js';
import {
  AGGREGATES,
  AliasValue,
  Evaluator,
  isAggregate,
  ListValue,
  operatorOf,
  type Scope,
} from './evaluator.js';
import { ExpressionError } from './expr-error.js';
import { OperationError } from './operations.js';
import { pageScope } from './page-scope.js';
import { type Call, type Expression, type Node, walk } from './parser.js';
import { expand, fromValues, kindOf, scalar, type Vector } from './vector.js';

interface AggregateCall {
  readonly expression: Expression;
  readonly call: Call;
  readonly op: string;
  /** The values aggregated; absent for `(count)`, which counts rows. */
  readonly arg: Node | undefined;
  readonly params: AggregateParams;
  acc?: Accumulator;
}

const IN_AGGREGATE = 'An aggregate cannot contain another aggregate';

/** Orders group keys: numbers and dates numerically (NaN last), text by code point. */
function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === 'string') return compareCodePoints(a, b as string);
  const an = typeof a === 'number' && Number.isNaN(a);
  const bn = typeof b === 'number' && Number.isNaN(b);
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

/**
 * Group-by and aggregates, as Python Lakota's `Frame.reduce`: columns without
 * an aggregate are the keys, one output row per distinct key (sorted); the
 * other columns aggregate the rows of each group. Without keys there is one
 * row. Pages are fed one by one, so groups are exact across page boundaries.
 */
export class GroupBy {
  private readonly keys: ColumnSpec[];
  private readonly calls: AggregateCall[] = [];
  private readonly callOf = new Map<Call, AggregateCall>();
  private readonly tree = new Map<unknown, unknown>();
  private readonly keyValues: unknown[][];
  private keyDts: string[] = [];
  private keyNames: string[] = [];
  private groups: number;
  private fed = false;

  constructor(private readonly specs: readonly ColumnSpec[]) {
    this.keys = specs.filter((s) => !s.aggregate);
    this.keyValues = this.keys.map(() => []);
    // Without keys every row belongs to the one group, 0.
    this.groups = this.keys.length === 0 ? 1 : 0;
    for (const spec of specs) {
      if (spec.aggregate) this.collect(spec.expression!, spec.expression!.root);
    }
  }

  /** Finds the aggregate calls of an expression and checks what lies outside them. */
  private collect(expression: Expression, node: Node): void {
    const fail = (message: string, at: Node): never => {
      throw new ExpressionError(message, expression.source, at.start, at.end);
    };
    if (node.type === 'atom') {
      if (node.token.kind === 'word' && node.token.text.startsWith('self.')) {
        fail(
          `${node.token.text} is outside any aggregate: aggregate it, e.g. (max ${node.token.text}), or give it as a separate column to group by`,
          node,
        );
      }
      return;
    }
    const op = operatorOf(node);
    if (op === undefined || !AGGREGATES.has(op)) {
      for (const item of node.items) this.collect(expression, item);
      return;
    }
    const args = node.items.slice(1);
    for (const a of args) {
      if (isAggregate(a)) {
        const inner = [...walk(a)].find(
          (n) => n.type === 'call' && AGGREGATES.has(operatorOf(n) ?? ''),
        );
        fail(IN_AGGREGATE, inner ?? a);
      }
    }
    const counting = op === 'count' || op === 'len';
    const max = op === 'quantile' ? 3 : 1;
    const min = counting ? 0 : 1;
    if (args.length < min || args.length > max) {
      fail(
        `${op} takes ${min === max ? min : `${min} to ${max}`} argument${max === 1 && min === 1 ? '' : 's'}, got ${args.length}`,
        node,
      );
    }
    const params: AggregateParams = {};
    if (op === 'quantile') {
      const constant = new Evaluator(expression, constantScope());
      if (args[1]) {
        const q = constant.vector(args[1]);
        const value = Number(q.values[0]);
        if (!q.scalar || !['int', 'float'].includes(kindOf(q.dt)) || !(value >= 0 && value <= 1)) {
          fail('quantile takes a number between 0 and 1, e.g. (quantile self.value 0.9)', args[1]);
        }
        params.q = value;
      }
      if (args[2]) {
        const m = constant.vector(args[2]);
        const name = String(m.values[0]);
        if (!m.scalar || !INTERPOLATIONS.includes(name as Interpolation)) {
          fail(`Unknown interpolation: use one of ${INTERPOLATIONS.join(', ')}`, args[2]);
        }
        params.interpolation = name as Interpolation;
      }
    }
    const entry: AggregateCall = { expression, call: node, op, arg: args[0], params };
    this.calls.push(entry);
    this.callOf.set(node, entry);
  }

  feed(page: Page): void {
    this.fed = true;
    const scope = pageScope(page, IN_AGGREGATE);
    const n = page.length;
    const ids = new Int32Array(n);
    if (this.keys.length > 0) {
      const keyVectors = this.keys.map((spec, j) => {
        if (spec.column !== undefined) {
          this.keyNames[j] = spec.text;
          return page.columns[page.names.indexOf(spec.column)] as Vector;
        }
        const ev: Evaluator = new Evaluator(spec.expression!, scope);
        const value = ev.run();
        if (value instanceof ListValue)
          ev.fail('A (list …) is not a column', spec.expression!.root);
        this.keyNames[j] = value instanceof AliasValue ? value.name : spec.text;
        return expand(value instanceof AliasValue ? value.value : value, n);
      });
      this.keyDts = keyVectors.map((v) => v.dt);
      const last = keyVectors.length - 1;
      for (let i = 0; i < n; i++) {
        let level = this.tree;
        for (let j = 0; j < last; j++) {
          const key = keyVectors[j]!.values[i];
          let next = level.get(key) as Map<unknown, unknown> | undefined;
          if (!next) {
            next = new Map();
            level.set(key, next);
          }
          level = next;
        }
        const key = keyVectors[last]!.values[i];
        let id = level.get(key) as number | undefined;
        if (id === undefined) {
          id = this.groups++;
          level.set(key, id);
          for (let j = 0; j <= last; j++) this.keyValues[j]!.push(keyVectors[j]!.values[i]);
        }
        ids[i] = id;
      }
    }
    for (const c of this.calls) {
      const ev = new Evaluator(c.expression, scope);
      const values = c.arg ? expand(ev.vector(c.arg), n) : expand(scalar('int64', 1n), n);
      try {
        c.acc ??= createAccumulator(c.op, values, c.params);
        c.acc.add(ids, values);
      } catch (err) {
        if (err instanceof OperationError) ev.fail(err.message, c.call, err);
        throw err;
      }
    }
  }

  /** One page: the keys and aggregates of every group, groups sorted by key. */
  finish(): Page {
    if (!this.fed) throw new Error('GroupBy.finish() before any page was fed');
    const order = Array.from({ length: this.groups }, (_, g) => g);
    if (this.keys.length > 0) {
      order.sort((a, b) => {
        for (const values of this.keyValues) {
          const c = compareKeys(values[a], values[b]);
          if (c !== 0) return c;
        }
        return 0;
      });
    }
    const results = new Map<Call, Vector>();
    for (const c of this.calls) results.set(c.call, c.acc!.result(order));
    const names: string[] = [];
    const columns: Vector[] = [];
    let k = 0;
    for (const spec of this.specs) {
      if (!spec.aggregate) {
        names.push(this.keyNames[k] as string);
        columns.push({
          dt: this.keyDts[k] as string,
          values: fromValues(
            this.keyDts[k] as string,
            order.map((g) => this.keyValues[k]![g]),
          ),
        });
        k++;
        continue;
      }
      const scope: Scope = {
        column: () => {
          // Unreachable: collect() refuses columns outside aggregates.
          throw new OperationError('A column outside an aggregate');
        },
        aggregate: (call) => results.get(call) as Vector,
      };
      const ev: Evaluator = new Evaluator(spec.expression!, scope);
      const value = ev.run();
      if (value instanceof ListValue) ev.fail('A (list …) is not a column', spec.expression!.root);
      names.push(value instanceof AliasValue ? value.name : spec.text);
      columns.push(expand(value instanceof AliasValue ? value.value : value, order.length));
    }
    return { names, columns, length: order.length };
  }
}

function constantScope(): Scope {
  return {
    column: (name) => {
      throw new OperationError(`self.${name}: this argument must be a constant`);
    },
    noAggregate: IN_AGGREGATE,
  };
}
