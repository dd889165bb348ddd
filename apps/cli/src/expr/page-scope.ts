import type { Page } from '../page.js';
import type { Scope } from './evaluator.js';
import { OperationError } from './operations.js';
import type { Vector } from './vector.js';

/** Names resolve to the page's columns (`self.<name>`). */
export function pageScope(page: Page, noAggregate: string): Scope {
  return {
    column(name: string): Vector {
      const k = page.names.indexOf(name);
      if (k < 0) {
        throw new OperationError(`Unknown column '${name}': there are ${page.names.join(', ')}`);
      }
      return page.columns[k] as Vector;
    },
    noAggregate,
  };
}
