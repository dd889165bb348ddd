import { describe, expect, it } from 'vitest';
import { EXCERPT_CHARS, InvalidLabelError, quoteExcerpt } from '../src/index.js';
import { checkLabel } from '../src/label.js';

describe('quoteExcerpt', () => {
  it('quotes short text whole, as JSON', () => {
    expect(quoteExcerpt('abc')).toBe('"abc"');
    expect(quoteExcerpt('')).toBe('""');
    expect(quoteExcerpt('say "hi"')).toBe('"say \\"hi\\""');
    expect(quoteExcerpt('x'.repeat(EXCERPT_CHARS))).toBe(`"${'x'.repeat(EXCERPT_CHARS)}"`);
  });

  it('cuts long text after its first characters and gives its full length', () => {
    const text = `${'9'.repeat(200_000)}x`;
    const shown = quoteExcerpt(text);
    expect(shown).toBe(`"${'9'.repeat(EXCERPT_CHARS)}…" (200,001 characters)`);
    expect(quoteExcerpt('abcdefgh', { maxChars: 3 })).toBe('"abc…" (8 characters)');
  });

  it('keeps the message on one line', () => {
    expect(quoteExcerpt('a\nb\u0000')).toBe('"a\\nb\\u0000"');
    expect(quoteExcerpt('a\tb', { quote: "'" })).toBe("'a\\tb'");
    expect(quoteExcerpt(`${'\n'.repeat(100)}`, { quote: "'", maxChars: 2 })).toBe(
      "'\\n\\n…' (100 characters)",
    );
  });

  it("quotes with ' on request, without escaping other characters", () => {
    expect(quoteExcerpt('temp "x"', { quote: "'" })).toBe('\'temp "x"\'');
    expect(quoteExcerpt('abcdef', { quote: "'", maxChars: 2 })).toBe("'ab…' (6 characters)");
  });

  it('never cuts a surrogate pair in half', () => {
    const text = `a${'😀'.repeat(10)}`;
    // The 4th code unit is the first half of the second emoji: it is left out.
    expect(quoteExcerpt(text, { maxChars: 4 })).toBe('"a😀…" (21 characters)');
    expect(quoteExcerpt(text, { maxChars: 5 })).toBe('"a😀😀…" (21 characters)');
  });
});

describe('labels too long to be used', () => {
  it('are named by their first characters and their length, not whole', () => {
    const label = 'x'.repeat(10_000_000);
    let err: unknown;
    try {
      checkLabel(label, 'series');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidLabelError);
    const message = (err as Error).message;
    expect(message).toBe(
      `Invalid label "${'x'.repeat(EXCERPT_CHARS)}…" (10,000,000 characters): a series label is at most 1024 characters`,
    );
    expect((err as InvalidLabelError).label).toBe(label);
  });
});
