/** Characters of a value an error message shows before it cuts it short. */
export const EXCERPT_CHARS = 40;

export interface ExcerptOptions {
  /** Longest text shown whole; longer text shows this many characters (default 40). */
  maxChars?: number;
  /** Quote character: `"` (default, JSON escapes) or `'`. */
  quote?: '"' | "'";
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped
const CONTROL = /[\u0000-\u001f\u007f]/g;

/**
 * A value quoted for an error message, on one line and of bounded length:
 * short text is quoted whole, longer text shows its first characters, an
 * ellipsis and its full length, so that a 200 KB cell or a 10-million-character
 * label does not end up whole on the user's terminal or in a log:
 *
 * ```ts
 * quoteExcerpt('abc')               // '"abc"'
 * quoteExcerpt('9'.repeat(200_001)) // '"9999999999999999999999999999999999999999…" (200,001 characters)'
 * quoteExcerpt('a\nb', { quote: "'" }) // "'a\\nb'"
 * ```
 *
 * Control characters are escaped (`\n`, `\u0000`) in both quote styles.
 */
export function quoteExcerpt(text: string, options: ExcerptOptions = {}): string {
  const max = Math.max(1, options.maxChars ?? EXCERPT_CHARS);
  let shown = text;
  if (text.length > max) {
    let end = max;
    // Never cut a surrogate pair in half.
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end--;
    shown = `${text.slice(0, end)}…`;
  }
  const quoted =
    options.quote === "'"
      ? `'${shown.replace(CONTROL, (c) => JSON.stringify(c).slice(1, -1))}'`
      : JSON.stringify(shown);
  return shown === text ? quoted : `${quoted} (${text.length.toLocaleString('en-US')} characters)`;
}
