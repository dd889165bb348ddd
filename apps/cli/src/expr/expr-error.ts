import { LakotaError, type LakotaErrorOptions } from '@lakota/core';

/**
 * An expression (`--mask`, a computed column) that cannot be read or
 * evaluated. It knows where in the source the problem is, so the message can
 * show the expression with a caret under the offending token.
 */
export class ExpressionError extends LakotaError {
  override readonly code = 'EXPRESSION';

  constructor(
    readonly reason: string,
    readonly source: string,
    /** Offset of the first offending character. */
    readonly start: number,
    /** Offset just after the offending token (at least start + 1 when shown). */
    readonly end: number,
    options: LakotaErrorOptions = {},
  ) {
    super(`${reason} (at column ${start + 1} of the expression)`, options);
  }

  /** The expression and a caret line under the offending token, to print below the message. */
  get pointer(): string {
    const width = Math.max(1, this.end - this.start);
    // Tabs and newlines would shift the caret: show them as single spaces.
    const shown = this.source.replace(/[\t\r\n]/g, ' ');
    return `  ${shown}\n  ${' '.repeat(this.start)}${'^'.repeat(width)}`;
  }
}
