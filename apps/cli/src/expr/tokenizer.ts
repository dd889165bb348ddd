import { ExpressionError } from './expr-error.js';

export interface Token {
  /** The token as written, quotes included for strings. */
  readonly text: string;
  readonly kind: 'open' | 'close' | 'string' | 'word';
  /** Offset of the first character in the source. */
  readonly start: number;
  /** Offset just after the last character. */
  readonly end: number;
}

const SPACE = /\s/;
const DELIMITER = /[\s()'"]/;

/**
 * Splits an s-expression into tokens: parentheses, quoted strings (single or
 * double quotes, no escapes, as Python Lakota's shlex reads them) and words
 * (numbers, names like `self.value`, operators like `<=`).
 */
export function tokenize(source: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (SPACE.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      out.push({ text: c, kind: c === '(' ? 'open' : 'close', start: i, end: i + 1 });
      i++;
    } else if (c === '"' || c === "'") {
      const close = source.indexOf(c, i + 1);
      if (close < 0) {
        throw new ExpressionError(
          `Unterminated string: add the closing ${c}`,
          source,
          i,
          source.length,
        );
      }
      out.push({ text: source.slice(i, close + 1), kind: 'string', start: i, end: close + 1 });
      i = close + 1;
    } else {
      let j = i + 1;
      while (j < source.length && !DELIMITER.test(source[j] as string)) j++;
      out.push({ text: source.slice(i, j), kind: 'word', start: i, end: j });
      i = j;
    }
  }
  return out;
}
