import type { Page } from '../page.js';
import type { ColumnSpec } from './column-spec.js';
import { AliasValue, Evaluator, ListValue } from './evaluator.js';
import { pageScope } from './page-scope.js';
import { expand, type Vector } from './vector.js';

// Never shown: specs with aggregates go to GroupBy.
const NO_AGGREGATE = 'Aggregates are computed by group-by';

/** Output columns computed row by row (no aggregate): stored columns and expressions. */
export class Projection {
  constructor(private readonly specs: readonly ColumnSpec[]) {}

  apply(page: Page): Page {
    const scope = pageScope(page, NO_AGGREGATE);
    const names: string[] = [];
    const columns: Vector[] = [];
    for (const spec of this.specs) {
      if (spec.column !== undefined) {
        names.push(spec.text);
        columns.push(page.columns[page.names.indexOf(spec.column)] as Vector);
        continue;
      }
      const ev = new Evaluator(spec.expression!, scope);
      const value = ev.run();
      if (value instanceof AliasValue) {
        names.push(value.name);
        columns.push(expand(value.value, page.length));
      } else if (value instanceof ListValue) {
        ev.fail(
          'A (list …) is not a column: use it as the second argument of in',
          spec.expression!.root,
        );
      } else {
        names.push(spec.text);
        columns.push(expand(value, page.length));
      }
    }
    return { names, columns, length: page.length };
  }
}
