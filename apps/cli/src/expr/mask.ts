import { filterPage, type Page } from '../page.js';
import { checkColumns } from './column-spec.js';
import { Evaluator } from './evaluator.js';
import { pageScope } from './page-scope.js';
import { type Expression, parse } from './parser.js';
import { kindOf, truthy, type Vector } from './vector.js';

const NO_AGGREGATE =
  "Aggregates cannot filter rows (a mask is applied page by page): compute them with read's columns instead";

/** `--mask EXPR`: keeps the rows where the expression is true. */
export class Mask {
  readonly expression: Expression;

  constructor(source: string, known: readonly string[]) {
    this.expression = parse(source);
    checkColumns(this.expression, known);
  }

  apply(page: Page): Page {
    const ev = new Evaluator(this.expression, pageScope(page, NO_AGGREGATE));
    const v = ev.vector(this.expression.root);
    if (kindOf(v.dt) === 'object' || kindOf(v.dt) === 'datetime') {
      ev.fail(
        'A mask must give true or false for each row, e.g. (< self.value 42)',
        this.expression.root,
      );
    }
    if (v.scalar) return truthy(v.values[0]) ? page : filterPage(page, new Uint8Array(page.length));
    return filterPage(page, keepFlags(v));
  }
}

function keepFlags(v: Vector): ArrayLike<number> {
  if (v.values instanceof Uint8Array) return v.values;
  const out = new Uint8Array(v.values.length);
  for (let i = 0; i < out.length; i++) out[i] = truthy(v.values[i]) ? 1 : 0;
  return out;
}
